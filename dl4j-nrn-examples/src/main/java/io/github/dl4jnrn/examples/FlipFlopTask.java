package io.github.dl4jnrn.examples;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * A generated memory task: input channel 0 carries "set" pulses, channel 1 "reset" pulses (each 1 for {@link #PULSE}
 * steps, otherwise 0, never both at once); the target is 1 from a set pulse until the next reset pulse and 0 before the
 * first set and after a reset: a flip-flop.
 */
public final class FlipFlopTask {

    /** Length of a pulse in steps. */
    public static final int PULSE = 2;

    private final int steps;
    private final double pulseProbability;

    /**
     * @param steps            time steps per sequence
     * @param pulseProbability probability that a set, and that a reset pulse starts at a step outside pulses, in
     *                         (0, 0.5]
     */
    public FlipFlopTask(int steps, double pulseProbability) {
        this.steps = steps;
        this.pulseProbability = pulseProbability;
    }

    /**
     * @param examples number of sequences
     * @param seed     random seed
     * @param type     data type
     * @return features {@code [examples, 2, steps]} and labels {@code [examples, 1, steps]}
     */
    public DataSet generate(int examples, long seed, DataType type) {
        Random random = new Random(seed);
        double[][][] x = new double[examples][2][steps];
        double[][][] y = new double[examples][1][steps];
        for (int e = 0; e < examples; e++) {
            double state = 0;
            for (int t = 0; t < steps; t++) {
                double r = random.nextDouble();
                int channel = r < pulseProbability ? 0 : r < 2 * pulseProbability ? 1 : -1;
                if (channel >= 0) {
                    for (int p = t; p < Math.min(steps, t + PULSE); p++) {
                        x[e][channel][p] = 1;
                        y[e][0][p] = 1 - channel;
                    }
                    state = 1 - channel;
                    t += PULSE - 1;
                } else {
                    y[e][0][t] = state;
                }
            }
        }
        return new DataSet(Nd4j.createFromArray(x).castTo(type), Nd4j.createFromArray(y).castTo(type));
    }
}
