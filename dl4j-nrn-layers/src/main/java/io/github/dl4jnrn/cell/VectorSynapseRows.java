package io.github.dl4jnrn.cell;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link SynapseRows} on the JDK's vector API: a row of synapses in SIMD lanes of the platform's preferred
 * width, the exponential included; the remainder of a row that fills no whole vector goes through the
 * scalar loop. Loaded only when the JVM has the {@code jdk.incubator.vector} module.
 */
final class VectorSynapseRows extends SynapseRows {

    private static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
    private static final DoubleVector ONE = DoubleVector.broadcast(SPECIES, 1.0);
    private static final VectorSpecies<Float> SINGLE = FloatVector.SPECIES_PREFERRED;
    private static final FloatVector SINGLE_ONE = FloatVector.broadcast(SINGLE, 1f);

    @Override
    boolean computesSingle() {
        return true;
    }

    /**
     * Blocks of targets outermost, so that each block's gain and rate stay in registers over the rows; in
     * single precision when given single-precision arrays and no activations are asked for (the activations
     * that a backward pass reads are computed in double precision: converting them would cost more).
     */
    @Override
    void forwardAll(double[] v, Arrays p, FloatArrays single, int n, double[] gain, double[] rate, double[] act) {
        int from = single == null || act != null ? 0 : forwardAllSingle(v, single, n, gain, rate);
        int bound = from + SPECIES.loopBound(n - from);
        for (int i = from; i < bound; i += SPECIES.length()) {
            DoubleVector g = DoubleVector.fromArray(SPECIES, gain, i);
            DoubleVector r = DoubleVector.fromArray(SPECIES, rate, i);
            for (int j = 0; j < v.length; j++) {
                int idx = j * n + i;
                DoubleVector z = DoubleVector.fromArray(SPECIES, p.sigma(), idx)
                        .mul(DoubleVector.broadcast(SPECIES, v[j]).sub(DoubleVector.fromArray(SPECIES, p.mu(), idx)));
                DoubleVector a = ONE.div(z.neg().lanewise(VectorOperators.EXP).add(1.0));
                if (act != null) {
                    a.intoArray(act, idx);
                }
                g = a.fma(DoubleVector.fromArray(SPECIES, p.wE(), idx), g);
                r = a.fma(DoubleVector.fromArray(SPECIES, p.w(), idx), r);
            }
            g.intoArray(gain, i);
            r.intoArray(rate, i);
        }
        for (int j = 0; j < v.length; j++) {
            Scalar.forward(v[j], p, j * n, bound, n, gain, rate, act);
        }
    }

    /** The whole single-precision blocks of {@link #forwardAll}; returns the first target it left. */
    private static int forwardAllSingle(double[] v, FloatArrays p, int n, double[] gain, double[] rate) {
        int bound = SINGLE.loopBound(n);
        float[] sums = new float[2 * bound];
        for (int i = 0; i < bound; i += SINGLE.length()) {
            FloatVector g = FloatVector.fromArray(SINGLE, sums, i);
            FloatVector r = FloatVector.fromArray(SINGLE, sums, bound + i);
            for (int j = 0; j < v.length; j++) {
                int idx = j * n + i;
                FloatVector pre = FloatVector.broadcast(SINGLE, (float) v[j]);
                FloatVector z = FloatVector.fromArray(SINGLE, p.sigma(), idx)
                        .mul(pre.sub(FloatVector.fromArray(SINGLE, p.mu(), idx)));
                FloatVector a = SINGLE_ONE.div(z.neg().lanewise(VectorOperators.EXP).add(1f));
                g = a.fma(FloatVector.fromArray(SINGLE, p.wE(), idx), g);
                r = a.fma(FloatVector.fromArray(SINGLE, p.w(), idx), r);
            }
            g.intoArray(sums, i);
            r.intoArray(sums, bound + i);
        }
        for (int i = 0; i < bound; i++) {
            gain[i] += sums[i];
            rate[i] += sums[bound + i];
        }
        return bound;
    }

    @Override
    double backward(double v, Arrays p, int off, int n, double[] act, double[] dGain, double[] dRate, Arrays g) {
        DoubleVector pre = DoubleVector.broadcast(SPECIES, v);
        DoubleVector dv = DoubleVector.zero(SPECIES);
        int bound = SPECIES.loopBound(n);
        for (int i = 0; i < bound; i += SPECIES.length()) {
            int idx = off + i;
            DoubleVector a = DoubleVector.fromArray(SPECIES, act, idx);
            DoubleVector dG = DoubleVector.fromArray(SPECIES, dGain, i);
            DoubleVector dR = DoubleVector.fromArray(SPECIES, dRate, i);
            DoubleVector sigma = DoubleVector.fromArray(SPECIES, p.sigma(), idx);
            DoubleVector mu = DoubleVector.fromArray(SPECIES, p.mu(), idx);
            DoubleVector dA = dG.mul(DoubleVector.fromArray(SPECIES, p.wE(), idx))
                    .add(dR.mul(DoubleVector.fromArray(SPECIES, p.w(), idx)));
            a.fma(dG, DoubleVector.fromArray(SPECIES, g.wE(), idx)).intoArray(g.wE(), idx);
            a.fma(dR, DoubleVector.fromArray(SPECIES, g.w(), idx)).intoArray(g.w(), idx);
            DoubleVector dz = dA.mul(a).mul(ONE.sub(a));
            dz.fma(pre.sub(mu), DoubleVector.fromArray(SPECIES, g.sigma(), idx)).intoArray(g.sigma(), idx);
            DoubleVector.fromArray(SPECIES, g.mu(), idx).sub(dz.mul(sigma)).intoArray(g.mu(), idx);
            dv = dz.fma(sigma, dv);
        }
        return dv.reduceLanes(VectorOperators.ADD) + Scalar.backward(v, p, off, bound, n, act, dGain, dRate, g);
    }
}
