package io.github.dl4jnrn.examples;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * A generated sequence task: from a sine wave of unknown frequency and phase, predict the wave a quarter
 * period ahead ({@code cos} of the same argument). The network must infer the frequency from the history,
 * so the task needs memory.
 */
public final class WaveTask {

    private final int steps;

    /** @param steps time steps per sequence */
    public WaveTask(int steps) {
        this.steps = steps;
    }

    /**
     * @param examples number of sequences
     * @param seed     random seed
     * @param type     data type of the arrays
     * @return features {@code [examples, 1, steps]} and labels {@code [examples, 1, steps]}
     */
    public DataSet generate(int examples, long seed, DataType type) {
        Random random = new Random(seed);
        double[][][] x = new double[examples][1][steps];
        double[][][] y = new double[examples][1][steps];
        for (int e = 0; e < examples; e++) {
            double frequency = 0.15 + 0.25 * random.nextDouble();
            double phase = 2 * Math.PI * random.nextDouble();
            for (int t = 0; t < steps; t++) {
                double arg = frequency * t + phase;
                x[e][0][t] = Math.sin(arg);
                y[e][0][t] = Math.cos(arg);
            }
        }
        INDArray features = Nd4j.createFromArray(x).castTo(type);
        INDArray labels = Nd4j.createFromArray(y).castTo(type);
        return new DataSet(features, labels);
    }
}
