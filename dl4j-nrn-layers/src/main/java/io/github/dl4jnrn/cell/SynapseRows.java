package io.github.dl4jnrn.cell;

/**
 * The inner loops of the NRN kernel: one presynaptic potential {@code v} (a neuron's state, or a mapped
 * input) against the row of synapses it drives, {@code n} consecutive entries from {@code off} of the
 * flat synapse arrays. Forward, each synapse's activation {@code a_i = sigmoid(sigma_i (v - mu_i))} adds
 * {@code a_i wE_i} to its target's gain (current) and {@code a_i w_i} to its rate (conductance); backward
 * is its vector-Jacobian product.
 *
 * <p>Two implementations compute the same: a scalar one, which skips absent synapses ({@code w = 0}),
 * and one on the JDK's vector API ({@code jdk.incubator.vector}), which evaluates every synapse of a row
 * in SIMD lanes and is several times faster; given single-precision copies of the arrays (for FLOAT
 * networks) it computes the activations of inference and of a training forward pass in single precision,
 * twice as many per vector. Absent synapses carry {@code w = wE = 0}, so they add nothing either way; the
 * gradients the vector version adds for them as the cell uses its parameters are removed when the kernel
 * converts them to stored-parameter gradients ({@link NrnKernel#storedGradients}). The
 * vector implementation is used when the JVM runs with {@code --add-modules jdk.incubator.vector}, unless
 * the system property {@code dl4jnrn.vector} is {@code false}; otherwise the scalar one. Results agree to
 * rounding.
 *
 * <p>Stateless and thread-safe.
 */
abstract class SynapseRows {

    /** The name of the system property that turns the vector implementation off ({@code false}). */
    static final String PROPERTY = "dl4jnrn.vector";

    private static final SynapseRows SELECTED = select();

    /** @return the implementation in use: vector if the JVM has the vector API and it is not turned off */
    static SynapseRows selected() {
        return SELECTED;
    }

    /** @return true if the JVM was started with the incubating vector API module */
    static boolean vectorApiPresent() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    private static SynapseRows select() {
        if (!vectorApiPresent() || "false".equalsIgnoreCase(System.getProperty(PROPERTY))) {
            return new Scalar();
        }
        try {
            return (SynapseRows) Class.forName(SynapseRows.class.getPackageName() + ".VectorSynapseRows")
                    .getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | LinkageError e) {
            return new Scalar();
        }
    }

    /** @return the scalar implementation */
    static SynapseRows scalar() {
        return new Scalar();
    }

    /**
     * Adds the currents and conductances of every row: for each presynaptic potential {@code v[j]}, the
     * row from offset {@code j * n} adds {@code a_i wE_i} to {@code gain[i]} and {@code a_i w_i} to
     * {@code rate[i]}.
     *
     * @param v      the presynaptic potentials, one per row
     * @param p      the synapse arrays, {@code v.length x n}
     * @param single null, or the same arrays in single precision: then, if {@code act} is null, an
     *               implementation may compute the activations and their sums over rows in single precision
     *               (for networks of that type)
     * @param n      the row length (the number of target neurons)
     * @param gain   accumulates the currents
     * @param rate   accumulates the conductances
     * @param act    null, or receives the activations at {@code j * n + i}
     */
    abstract void forwardAll(double[] v, Arrays p, FloatArrays single, int n, double[] gain, double[] rate,
                             double[] act);

    /** @return whether {@link #forwardAll} uses single-precision arrays when given them (else they are ignored) */
    boolean computesSingle() {
        return false;
    }

    /**
     * Backpropagates one presynaptic row.
     *
     * @param v            the presynaptic potential
     * @param p            the synapse arrays
     * @param off          the row's first index
     * @param n            the row's length
     * @param act          the activations of {@link #forward} at {@code off + i}
     * @param dGain        the loss gradient with respect to each target's gain, at {@code i}
     * @param dRate        the loss gradient with respect to each target's rate, at {@code i}
     * @param g            accumulates the gradients of the synapse arrays
     * @return the loss gradient with respect to {@code v}
     */
    abstract double backward(double v, Arrays p, int off, int n, double[] act, double[] dGain, double[] dRate,
                             Arrays g);

    /**
     * The flat arrays of one family of synapses, or their gradients.
     *
     * @param sigma steepness
     * @param mu    midpoint
     * @param w     maximal conductance (0 for an absent synapse)
     * @param wE    conductance times reversal potential (0 for an absent synapse)
     */
    record Arrays(double[] sigma, double[] mu, double[] w, double[] wE) {

        /** @return zeroed arrays of a given length */
        static Arrays zeros(int length) {
            return new Arrays(new double[length], new double[length], new double[length], new double[length]);
        }
    }

    /**
     * Synapse arrays in single precision.
     *
     * @param sigma steepness
     * @param mu    midpoint
     * @param w     maximal conductance
     * @param wE    conductance times reversal potential
     */
    record FloatArrays(float[] sigma, float[] mu, float[] w, float[] wE) {

        /** @return the arrays rounded to single precision */
        static FloatArrays of(Arrays p) {
            return new FloatArrays(single(p.sigma()), single(p.mu()), single(p.w()), single(p.wE()));
        }

        private static float[] single(double[] a) {
            float[] out = new float[a.length];
            for (int i = 0; i < a.length; i++) {
                out[i] = (float) a[i];
            }
            return out;
        }
    }

    /** The scalar loops, in double precision; also the vector implementation's tail. */
    static final class Scalar extends SynapseRows {

        @Override
        void forwardAll(double[] v, Arrays p, FloatArrays single, int n, double[] gain, double[] rate,
                        double[] act) {
            for (int j = 0; j < v.length; j++) {
                forward(v[j], p, j * n, 0, n, gain, rate, act);
            }
        }

        /** One row's loop over targets {@code [from, to)}. */
        static void forward(double v, Arrays p, int off, int from, int to, double[] gain, double[] rate,
                            double[] act) {
            for (int i = from; i < to; i++) {
                int idx = off + i;
                if (p.w[idx] == 0) {
                    continue;
                }
                double a = NrnCell.sigmoid(p.sigma[idx] * (v - p.mu[idx]));
                if (act != null) {
                    act[idx] = a;
                }
                gain[i] += a * p.wE[idx];
                rate[i] += a * p.w[idx];
            }
        }

        @Override
        double backward(double v, Arrays p, int off, int n, double[] act, double[] dGain, double[] dRate,
                        Arrays g) {
            return backward(v, p, off, 0, n, act, dGain, dRate, g);
        }

        /** The loop over targets {@code [from, to)}. */
        static double backward(double v, Arrays p, int off, int from, int to, double[] act, double[] dGain,
                               double[] dRate, Arrays g) {
            double dv = 0;
            for (int i = from; i < to; i++) {
                int idx = off + i;
                if (p.w[idx] == 0) {
                    continue;
                }
                double a = act[idx];
                double dA = dGain[i] * p.wE[idx] + dRate[i] * p.w[idx];
                g.wE[idx] += a * dGain[i];
                g.w[idx] += a * dRate[i];
                double dz = dA * a * (1 - a);
                g.sigma[idx] += dz * (v - p.mu[idx]);
                g.mu[idx] -= dz * p.sigma[idx];
                dv += dz * p.sigma[idx];
            }
            return dv;
        }
    }
}
