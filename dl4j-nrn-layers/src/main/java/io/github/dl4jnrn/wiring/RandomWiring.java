package io.github.dl4jnrn.wiring;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A random wiring with a given sparsity: of the {@code inputs x units} possible sensory synapses exactly
 * {@code round((1 - sparsity) * inputs * units)} are present, and of the {@code units x units} possible
 * synapses between neurons (self-synapses included) exactly {@code round((1 - sparsity) * units * units)},
 * chosen uniformly by a generator seeded with {@link #getSeed() seed}. Each present synapse is excitatory
 * with probability 2/3 and inhibitory otherwise. The same seed and sizes always give the same wiring.
 *
 * <p>Sparsity 0 is the fully connected layout (with polarities of its own draw); a sparsity that leaves no
 * sensory synapse at all is rejected, since the layer would then ignore its input.
 */
public final class RandomWiring implements Wiring {

    private static final long serialVersionUID = 1L;

    private final double sparsity;
    private final long seed;

    /**
     * @param sparsity fraction of absent synapses, in {@code [0, 1)}
     * @param seed     seed of the choice of synapses and their polarities
     * @throws IllegalArgumentException if the sparsity is outside {@code [0, 1)}
     */
    @JsonCreator
    public RandomWiring(@JsonProperty("sparsity") double sparsity, @JsonProperty("seed") long seed) {
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("random wiring: sparsity must be in [0, 1) but was " + sparsity);
        }
        this.sparsity = sparsity;
        this.seed = seed;
    }

    /** @return fraction of absent synapses, in {@code [0, 1)} */
    public double getSparsity() {
        return sparsity;
    }

    /** @return seed of the choice of synapses and their polarities */
    public long getSeed() {
        return seed;
    }

    /** @return how many of {@code possible} synapses are present under this sparsity */
    public int presentOf(int possible) {
        return (int) Math.round((1 - sparsity) * possible);
    }

    @Override
    public Synapses build(int inputs, int units) {
        if (inputs < 1 || units < 1) {
            throw new IllegalArgumentException("random wiring: inputs and units must be at least 1 but were "
                    + inputs + " and " + units);
        }
        int sensoryCount = presentOf(inputs * units);
        if (sensoryCount < 1) {
            throw new IllegalArgumentException("random wiring: sparsity " + sparsity + " leaves no sensory synapse"
                    + " of the " + inputs * units + " possible; lower the sparsity");
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[][] sensory = new int[inputs][units];
        int[][] recurrent = new int[units][units];
        fill(sensory, sensoryCount, random);
        fill(recurrent, presentOf(units * units), random);
        return new Synapses(sensory, recurrent);
    }

    private static void fill(int[][] m, int count, SplittableRandom random) {
        int cols = m[0].length;
        for (int cell : Polarities.choose(m.length * cols, count, random)) {
            m[cell / cols][cell % cols] = Polarities.draw(random);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomWiring w && w.sparsity == sparsity && w.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(sparsity, seed);
    }

    @Override
    public String toString() {
        return "RandomWiring(sparsity=" + sparsity + ", seed=" + seed + ")";
    }
}
