package io.github.dl4jnrn.reduction;

import java.util.Objects;

/**
 * An additive network with the nonlinearity in each synapse, the form in which CT-RNNs and NeuralODEs are
 * particular NRNs:
 * <pre>
 *   dx_i/dt = -leak_i x_i + bias_i + sum_j W_ji phi(a_ji (x_j - m_ji)) + sum_k U_ki phi(a'_ki (u_k - m'_ki))
 * </pre>
 * with {@code phi} the {@link SynapseFunction}, signed weights {@code W} (synapse {@code j -> i}) and {@code U}
 * (sensory synapse {@code k -> i}), steepnesses {@code a}, midpoints {@code m}, and a non-negative leak rate
 * per neuron ({@code 1 / tau}; 0 gives a leak-free NeuralODE {@code dx/dt = f(x)}). Beer's CT-RNN
 * {@code tau_i dx_i/dt = -x_i + sum_j W_ji phi(g_j (x_j + theta_j)) + I_i} is the case where steepness and
 * midpoint depend on the source only. The outputs are the first {@code outputWeight.length} neurons through
 * {@code outputWeight_o x_o + outputBias_o}, as in an NRN layer. Matrices are {@code [source][target]}.
 *
 * <p>This is <em>not</em> the form of {@link io.github.dl4jnrn.layer.CtRnnLayer}, which applies its activation to
 * the weighted sum {@code f(W^T x + U^T u + b)}; see {@link Reductions} for what follows from that.
 *
 * @param function           the synapse function {@code phi}
 * @param sensoryWeight      {@code U}, {@code [inputs][units]}
 * @param sensorySteepness   {@code a'}, {@code [inputs][units]}
 * @param sensoryMidpoint    {@code m'}, {@code [inputs][units]}
 * @param recurrentWeight    {@code W}, {@code [units][units]}
 * @param recurrentSteepness {@code a}, {@code [units][units]}
 * @param recurrentMidpoint  {@code m}, {@code [units][units]}
 * @param bias               {@code bias} per neuron
 * @param leak               leak rate per neuron, finite and non-negative
 * @param outputWeight       scale of the output map, per output neuron
 * @param outputBias         shift of the output map, per output neuron
 */
public record SynapticParameters(SynapseFunction function,
                                 double[][] sensoryWeight, double[][] sensorySteepness, double[][] sensoryMidpoint,
                                 double[][] recurrentWeight, double[][] recurrentSteepness,
                                 double[][] recurrentMidpoint, double[] bias, double[] leak,
                                 double[] outputWeight, double[] outputBias) {

    /**
     * @throws IllegalArgumentException if a shape does not match the number of neurons and inputs, a leak rate
     *                                  is negative or not finite, or there are more outputs than neurons
     */
    public SynapticParameters {
        Objects.requireNonNull(function, "function");
        int n = bias.length;
        int inputs = sensoryWeight.length;
        shape("sensoryWeight", sensoryWeight, inputs, n);
        shape("sensorySteepness", sensorySteepness, inputs, n);
        shape("sensoryMidpoint", sensoryMidpoint, inputs, n);
        shape("recurrentWeight", recurrentWeight, n, n);
        shape("recurrentSteepness", recurrentSteepness, n, n);
        shape("recurrentMidpoint", recurrentMidpoint, n, n);
        if (leak.length != n) {
            throw new IllegalArgumentException("leak must have one value per neuron (" + n + ") but has "
                    + leak.length);
        }
        for (double l : leak) {
            if (!(l >= 0) || Double.isInfinite(l)) {
                throw new IllegalArgumentException("leak rates must be finite and non-negative but one was " + l);
            }
        }
        if (outputWeight.length != outputBias.length || outputWeight.length > n) {
            throw new IllegalArgumentException("outputWeight and outputBias must have the same length, at most the "
                    + "number of neurons (" + n + "), but have " + outputWeight.length + " and " + outputBias.length);
        }
    }

    private static void shape(String name, double[][] m, int rows, int cols) {
        if (m.length != rows) {
            throw new IllegalArgumentException(name + " must have " + rows + " rows but has " + m.length);
        }
        for (double[] row : m) {
            if (row.length != cols) {
                throw new IllegalArgumentException(name + " must have " + cols + " columns but a row has "
                        + row.length);
            }
        }
    }

    /** @return the number of inputs */
    public int inputs() {
        return sensoryWeight.length;
    }

    /** @return the number of neurons */
    public int units() {
        return bias.length;
    }

    /** @return the number of outputs */
    public int outputs() {
        return outputWeight.length;
    }
}
