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
