package io.github.dl4jnrn.wiring;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The synapses of a network of {@code units} neurons receiving {@code inputs} sensory inputs, with their
 * polarities: an immutable pair of matrices with entries -1 (inhibitory), 0 (no synapse) and +1
 * (excitatory).
 *
 * <p>{@code sensory[k][i]} is the synapse from input {@code k} to neuron {@code i}; {@code recurrent[j][i]}
 * the synapse from neuron {@code j} to neuron {@code i}. A polarity sets the initial reversal potential of
 * its synapse; an absent synapse has no effect on the output and receives no gradient.
 *
 * <p>Serializable, as part of {@link AdjacencyWiring} inside layer configurations that Spark ships with Java
 * serialization.
 */
public final class Synapses implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[][] sensory;
    private final int[][] recurrent;

    /**
     * @param sensory   inputs x units polarities
     * @param recurrent units x units polarities
     * @throws IllegalArgumentException if a matrix is ragged, the sizes disagree, or an entry is not -1, 0 or +1
     */
    public Synapses(int[][] sensory, int[][] recurrent) {
        if (sensory == null || recurrent == null) {
            throw new IllegalArgumentException("synapses: sensory and recurrent matrices must not be null");
        }
        int units = recurrent.length;
        if (units < 1) {
            throw new IllegalArgumentException("synapses: the recurrent matrix must have at least one row");
        }
        this.recurrent = copyChecked("recurrent", recurrent, units);
        this.sensory = copyChecked("sensory", sensory, units);
    }

    private static int[][] copyChecked(String label, int[][] m, int cols) {
        int[][] out = new int[m.length][];
        for (int r = 0; r < m.length; r++) {
            if (m[r] == null || m[r].length != cols) {
                throw new IllegalArgumentException("synapses: row " + r + " of the " + label + " matrix has "
                        + (m[r] == null ? "no" : String.valueOf(m[r].length)) + " entries but there are "
                        + cols + " neurons");
            }
            for (int c = 0; c < cols; c++) {
                int p = m[r][c];
                if (p < -1 || p > 1) {
                    throw new IllegalArgumentException("synapses: " + label + "[" + r + "][" + c
                            + "] must be -1, 0 or +1 but was " + p);
                }
            }
            out[r] = m[r].clone();
        }
        return out;
    }

    /** @return the number of sensory inputs */
    public int inputs() {
        return sensory.length;
    }

    /** @return the number of neurons */
    public int units() {
        return recurrent.length;
    }

    /** @return the polarity of the synapse from input {@code k} to neuron {@code i} */
    public int sensory(int k, int i) {
        return sensory[k][i];
    }

    /** @return the polarity of the synapse from neuron {@code j} to neuron {@code i} */
    public int recurrent(int j, int i) {
        return recurrent[j][i];
    }

    /** @return a copy of the sensory polarity matrix, inputs x units */
    public int[][] sensoryMatrix() {
        return deepCopy(sensory);
    }

    /** @return a copy of the recurrent polarity matrix, units x units */
    public int[][] recurrentMatrix() {
        return deepCopy(recurrent);
    }

    /** @return the number of sensory synapses present */
    public int sensoryCount() {
        return countNonZero(sensory);
    }

    /** @return the number of recurrent synapses present */
    public int recurrentCount() {
        return countNonZero(recurrent);
    }

    private static int[][] deepCopy(int[][] m) {
        int[][] out = new int[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = m[r].clone();
        }
        return out;
    }

    private static int countNonZero(int[][] m) {
        int n = 0;
        for (int[] row : m) {
            for (int v : row) {
                n += v != 0 ? 1 : 0;
            }
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Synapses s && Arrays.deepEquals(sensory, s.sensory)
                && Arrays.deepEquals(recurrent, s.recurrent);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(sensory) + Arrays.deepHashCode(recurrent);
    }

    @Override
    public String toString() {
        return "Synapses(" + inputs() + " inputs, " + units() + " neurons, " + sensoryCount() + " sensory and "
                + recurrentCount() + " recurrent synapses)";
    }
}
