package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.wiring.Synapses;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.github.dl4jnrn.cell.NrnParameters.CAPACITANCE;
import static io.github.dl4jnrn.cell.NrnParameters.INPUT_BIAS;
import static io.github.dl4jnrn.cell.NrnParameters.INPUT_WEIGHT;
import static io.github.dl4jnrn.cell.NrnParameters.LEAK_CONDUCTANCE;
import static io.github.dl4jnrn.cell.NrnParameters.LEAK_POTENTIAL;
import static io.github.dl4jnrn.cell.NrnParameters.OUTPUT_BIAS;
import static io.github.dl4jnrn.cell.NrnParameters.OUTPUT_WEIGHT;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_MIDPOINT;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_REVERSAL;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_STEEPNESS;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_WEIGHT;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_MIDPOINT;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_REVERSAL;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_STEEPNESS;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_WEIGHT;

/**
 * The NRN cell of {@link NrnCell} as a {@link CellKernel}: the same equations with their vector-Jacobian
 * products, on flat arrays (sensory index {@code k * units + i}, recurrent index {@code j * units + i}).
 * Absent synapses are skipped. Computation is in double precision, except that for a network of type FLOAT
 * (or HALF) the vector implementation of the synapse loops ({@link SynapseRows}) computes the forward
 * activations in single precision.
 */
public final class NrnKernel implements CellKernel {

    private final int f;
    private final int n;
    private final int o;
    private final long[] sensoryShape;
    private final long[] recurrentShape;

    private final double[] inW;
    private final double[] inB;
    private final Synapse sensory;
    private final Synapse recurrent;
    private final double[] gL;
    private final double[] eL;
    private final double[] gLeL;
    private final double[] cap;
    private final double[] outW;
    private final double[] outB;
    private final double[] dgLdStored;
    private final double[] dCdStored;
    private final SynapseRows rows = SynapseRows.selected();

    /** One family of synapses (sensory or recurrent) in flat arrays. */
    private static final class Synapse {
        final double[] w;
        final double[] wE;
        final double[] e;
        final double[] sigma;
        final double[] mu;
        final double[] dwdStored;
        final SynapseRows.Arrays arrays;
        /** The arrays in single precision for FLOAT (and HALF) networks, else null. */
        final SynapseRows.FloatArrays single;

        Synapse(Map<String, INDArray> p, String weight, String reversal, String steepness, String midpoint,
                Positivity positivity, int[][] polarity) {
            double[] stored = flat(p.get(weight));
            w = new double[stored.length];
            dwdStored = new double[stored.length];
            e = flat(p.get(reversal));
            sigma = flat(p.get(steepness));
            mu = flat(p.get(midpoint));
            wE = new double[stored.length];
            int cols = polarity[0].length;
            for (int idx = 0; idx < stored.length; idx++) {
                double present = Math.abs(polarity[idx / cols][idx % cols]);
                w[idx] = positivity.apply(stored[idx]) * present;
                dwdStored[idx] = derivative(positivity, stored[idx]) * present;
                wE[idx] = w[idx] * e[idx];
            }
            arrays = new SynapseRows.Arrays(sigma, mu, w, wE);
            DataType type = p.get(weight).dataType();
            single = (type == DataType.FLOAT || type == DataType.HALF) && SynapseRows.selected().computesSingle()
                    ? SynapseRows.FloatArrays.of(arrays) : null;
        }
    }

    /** The step's terms: mapped input, sensory activations, leak and sensory current and conductance. */
    private record Terms(double[] mapped, double[] activation, double[] current, double[] conductance,
                         double[] dCurrent, double[] dConductance) implements StepTerms {
    }

    /** Gradients with respect to the parameters as the cell uses them. */
    private static final class Grads implements Gradients {
        final double[] inW;
        final double[] inB;
        final SynapseRows.Arrays sensory;
        final SynapseRows.Arrays recurrent;
        final double[] gL;
        final double[] gLeL;
        final double[] cap;
        final double[] outW;
        final double[] outB;

        Grads(int f, int n, int o) {
            inW = new double[f];
            inB = new double[f];
            sensory = SynapseRows.Arrays.zeros(f * n);
            recurrent = SynapseRows.Arrays.zeros(n * n);
            gL = new double[n];
            gLeL = new double[n];
            cap = new double[n];
            outW = new double[o];
            outB = new double[o];
        }

        private double[][] all() {
            return new double[][] {inW, inB, sensory.w(), sensory.wE(), sensory.sigma(), sensory.mu(), recurrent.w(),
                recurrent.wE(), recurrent.sigma(), recurrent.mu(), gL, gLeL, cap, outW, outB};
        }

        @Override
        public void add(Gradients other) {
            PlainMath.addAll(all(), ((Grads) other).all());
        }
    }

    /**
     * @param stored     the layer's stored parameters, keyed by {@link NrnParameters}' constants
     * @param positivity how the positive parameters are stored
     * @param synapses   which synapses exist
     */
    public NrnKernel(Map<String, INDArray> stored, Positivity positivity, Synapses synapses) {
        f = synapses.inputs();
        n = synapses.units();
        o = (int) stored.get(OUTPUT_WEIGHT).length();
        sensoryShape = stored.get(SENSORY_WEIGHT).shape();
        recurrentShape = stored.get(RECURRENT_WEIGHT).shape();
        inW = flat(stored.get(INPUT_WEIGHT));
        inB = flat(stored.get(INPUT_BIAS));
        sensory = new Synapse(stored, SENSORY_WEIGHT, SENSORY_REVERSAL, SENSORY_STEEPNESS, SENSORY_MIDPOINT,
                positivity, synapses.sensoryMatrix());
        recurrent = new Synapse(stored, RECURRENT_WEIGHT, RECURRENT_REVERSAL, RECURRENT_STEEPNESS,
                RECURRENT_MIDPOINT, positivity, synapses.recurrentMatrix());
        double[] gLStored = flat(stored.get(LEAK_CONDUCTANCE));
        double[] cStored = flat(stored.get(CAPACITANCE));
        eL = flat(stored.get(LEAK_POTENTIAL));
        gL = new double[n];
        gLeL = new double[n];
        cap = new double[n];
        dgLdStored = new double[n];
        dCdStored = new double[n];
        for (int i = 0; i < n; i++) {
            gL[i] = positivity.apply(gLStored[i]);
            dgLdStored[i] = derivative(positivity, gLStored[i]);
            gLeL[i] = gL[i] * eL[i];
            cap[i] = positivity.apply(cStored[i]);
            dCdStored[i] = derivative(positivity, cStored[i]);
        }
        outW = flat(stored.get(OUTPUT_WEIGHT));
        outB = flat(stored.get(OUTPUT_BIAS));
    }

    static double[] flat(INDArray a) {
        return a.dup('c').reshape(a.length()).toDoubleVector();
    }

    /** @return the derivative of the positivity transform at a stored value */
    static double derivative(Positivity positivity, double stored) {
        return positivity == Positivity.SOFTPLUS ? NrnCell.sigmoid(stored) : 1;
    }

    @Override
    public int inputSize() {
        return f;
    }

    @Override
    public int units() {
        return n;
    }

    @Override
    public int outputSize() {
        return o;
    }

    @Override
    public StepTerms stepTerms(double[] input) {
        double[] mapped = new double[f];
        double[] activation = new double[f * n];
        double[] current = gLeL.clone();
        double[] conductance = gL.clone();
        for (int k = 0; k < f; k++) {
            mapped[k] = inW[k] * input[k] + inB[k];
        }
        rows.forwardAll(mapped, sensory.arrays, sensory.single, n, current, conductance, activation);
        return new Terms(mapped, activation, current, conductance, new double[n], new double[n]);
    }

    @Override
    public int scratchSize() {
        return n * n;
    }

    @Override
    public void split(StepTerms stepTerms, double[] x, double[] gain, double[] rate, double[] scratch) {
        Terms t = (Terms) stepTerms;
        System.arraycopy(t.current, 0, gain, 0, n);
        System.arraycopy(t.conductance, 0, rate, 0, n);
        rows.forwardAll(x, recurrent.arrays, recurrent.single, n, gain, rate, scratch);
        for (int i = 0; i < n; i++) {
            gain[i] /= cap[i];
            rate[i] /= cap[i];
        }
    }

    @Override
    public void splitBackward(StepTerms stepTerms, double[] x, double[] gain, double[] rate, double[] scratch,
                              double[] dGain, double[] dRate, double[] dx, Gradients gradients) {
        Terms t = (Terms) stepTerms;
        Grads g = (Grads) gradients;
        double[] dCurrent = new double[n];
        double[] dConductance = new double[n];
        for (int i = 0; i < n; i++) {
            dCurrent[i] = dGain[i] / cap[i];
            dConductance[i] = dRate[i] / cap[i];
            g.cap[i] -= (dGain[i] * gain[i] + dRate[i] * rate[i]) / cap[i];
            t.dCurrent[i] += dCurrent[i];
            t.dConductance[i] += dConductance[i];
        }
        for (int j = 0; j < n; j++) {
            dx[j] += rows.backward(x[j], recurrent.arrays, j * n, n, scratch, dCurrent, dConductance, g.recurrent);
        }
    }

    @Override
    public void stepTermsBackward(double[] input, StepTerms stepTerms, double[] du, Gradients gradients) {
        Terms t = (Terms) stepTerms;
        Grads g = (Grads) gradients;
        for (int i = 0; i < n; i++) {
            g.gLeL[i] += t.dCurrent[i];
            g.gL[i] += t.dConductance[i];
        }
        for (int k = 0; k < f; k++) {
            double dm = rows.backward(t.mapped[k], sensory.arrays, k * n, n, t.activation, t.dCurrent,
                    t.dConductance, g.sensory);
            g.inW[k] += dm * input[k];
            g.inB[k] += dm;
            du[k] += dm * inW[k];
        }
        java.util.Arrays.fill(t.dCurrent, 0);
        java.util.Arrays.fill(t.dConductance, 0);
    }

    @Override
    public void output(double[] x, double[] y) {
        System.arraycopy(PlainMath.affineOutput(outW, outB, x), 0, y, 0, o);
    }

    @Override
    public void outputBackward(double[] x, double[] dy, double[] dx, Gradients gradients) {
        Grads g = (Grads) gradients;
        PlainMath.affineOutputBackward(outW, x, dy, g.outW, g.outB, dx);
    }

    @Override
    public Gradients newGradients() {
        return new Grads(f, n, o);
    }

    @Override
    public Map<String, INDArray> storedGradients(Gradients gradients) {
        Grads g = (Grads) gradients;
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(INPUT_WEIGHT, row(g.inW));
        out.put(INPUT_BIAS, row(g.inB));
        synapseGradients(out, sensory, g.sensory, sensoryShape, SENSORY_WEIGHT, SENSORY_REVERSAL,
                SENSORY_STEEPNESS, SENSORY_MIDPOINT);
        synapseGradients(out, recurrent, g.recurrent, recurrentShape, RECURRENT_WEIGHT,
                RECURRENT_REVERSAL, RECURRENT_STEEPNESS, RECURRENT_MIDPOINT);
        double[] dgL = new double[n];
        double[] deL = new double[n];
        double[] dC = new double[n];
        for (int i = 0; i < n; i++) {
            dgL[i] = (g.gL[i] + g.gLeL[i] * eL[i]) * dgLdStored[i];
            deL[i] = g.gLeL[i] * gL[i];
            dC[i] = g.cap[i] * dCdStored[i];
        }
        out.put(LEAK_CONDUCTANCE, row(dgL));
        out.put(LEAK_POTENTIAL, row(deL));
        out.put(CAPACITANCE, row(dC));
        out.put(OUTPUT_WEIGHT, row(g.outW));
        out.put(OUTPUT_BIAS, row(g.outB));
        return out;
    }

    private static void synapseGradients(Map<String, INDArray> out, Synapse s, SynapseRows.Arrays g, long[] shape,
                                         String weight, String reversal, String steepness, String midpoint) {
        int length = g.w().length;
        double[] stored = new double[length];
        double[] dE = new double[length];
        for (int idx = 0; idx < length; idx++) {
            // dwdStored and w are 0 for an absent synapse, and so are its sigma and mu gradients (dA = 0)
            stored[idx] = (g.w()[idx] + g.wE()[idx] * s.e[idx]) * s.dwdStored[idx];
            dE[idx] = g.wE()[idx] * s.w[idx];
        }
        out.put(weight, Nd4j.createFromArray(stored).reshape(shape));
        out.put(reversal, Nd4j.createFromArray(dE).reshape(shape));
        out.put(steepness, Nd4j.createFromArray(g.sigma().clone()).reshape(shape));
        out.put(midpoint, Nd4j.createFromArray(g.mu().clone()).reshape(shape));
    }

    static INDArray row(double[] v) {
        return Nd4j.createFromArray(v.clone()).reshape(1, v.length);
    }
}
