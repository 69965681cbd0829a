package io.github.dl4jnrn.wiring;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Every input reaches every neuron and every neuron every neuron (self-synapses included). Polarities are
 * drawn from a seeded generator, excitatory with probability 2/3 and inhibitory otherwise, so the same
 * seed always gives the same wiring.
 */
public final class FullyConnectedWiring implements Wiring {

    private static final long serialVersionUID = 1L;

    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 1111L;

    private final long seed;

    /** A fully connected wiring with the {@link #DEFAULT_SEED default seed}. */
    public FullyConnectedWiring() {
        this(DEFAULT_SEED);
    }

    /** @param seed seed of the polarities */
    @JsonCreator
    public FullyConnectedWiring(@JsonProperty("seed") long seed) {
        this.seed = seed;
    }

    /** @return seed of the polarities */
    public long getSeed() {
        return seed;
    }

    @Override
    public Synapses build(int inputs, int units) {
        if (inputs < 1 || units < 1) {
            throw new IllegalArgumentException("fully connected wiring: inputs and units must be at least 1 but were "
                    + inputs + " and " + units);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[][] sensory = new int[inputs][units];
        int[][] recurrent = new int[units][units];
        fill(sensory, random);
        fill(recurrent, random);
        return new Synapses(sensory, recurrent);
    }

    private static void fill(int[][] m, SplittableRandom random) {
        for (int[] row : m) {
            for (int c = 0; c < row.length; c++) {
                row[c] = Polarities.draw(random);
            }
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FullyConnectedWiring w && w.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(seed);
    }

    @Override
    public String toString() {
        return "FullyConnectedWiring(seed=" + seed + ")";
    }
}
