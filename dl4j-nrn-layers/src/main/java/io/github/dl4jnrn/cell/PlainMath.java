package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.wiring.Synapses;

/** Small array helpers shared by the plain cells. */
final class PlainMath {

    private PlainMath() {
    }

    /** @return {@code weight[i] * state[i] + bias[i]} for the first {@code weight.length} neurons */
    static double[] affineOutput(double[] weight, double[] bias, double[] state) {
        double[] out = new double[weight.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = weight[i] * state[i] + bias[i];
        }
        return out;
    }

    /**
     * Backpropagates through {@link #affineOutput}.
     *
     * @param dWeight accumulates the gradient of the weights
     * @param dBias   accumulates the gradient of the biases
     * @param dState  accumulates the gradient of the state
     */
    static void affineOutputBackward(double[] weight, double[] state, double[] dy, double[] dWeight, double[] dBias,
                                     double[] dState) {
        for (int i = 0; i < weight.length; i++) {
            dWeight[i] += dy[i] * state[i];
            dBias[i] += dy[i];
            dState[i] += dy[i] * weight[i];
        }
    }

    /** Adds each array of {@code from} to the array at the same position of {@code to}. */
    static void addAll(double[][] to, double[][] from) {
        for (int a = 0; a < to.length; a++) {
            for (int i = 0; i < to[a].length; i++) {
                to[a][i] += from[a][i];
            }
        }
    }

    /** Zeroes in place the sensory entries {@code [input][neuron]} of synapses absent from the wiring. */
    static double[][] maskSensory(double[][] m, Synapses synapses) {
        for (int k = 0; k < m.length; k++) {
            for (int i = 0; i < m[k].length; i++) {
                m[k][i] *= Math.abs(synapses.sensory(k, i));
            }
        }
        return m;
    }

    /** Zeroes in place the recurrent entries {@code [source][target]} of synapses absent from the wiring. */
    static double[][] maskRecurrent(double[][] m, Synapses synapses) {
        for (int j = 0; j < m.length; j++) {
            for (int i = 0; i < m[j].length; i++) {
                m[j][i] *= Math.abs(synapses.recurrent(j, i));
            }
        }
        return m;
    }
}
