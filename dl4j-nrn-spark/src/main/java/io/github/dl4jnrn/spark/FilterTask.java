package io.github.dl4jnrn.spark;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * A generated sequence task with a continuous-time answer: the input is a random staircase (a level drawn
 * uniformly from [-1, 1], redrawn at each step with probability 1/5), the target is that input passed
 * through a first-order low-pass filter {@code dy/dt = (u - y) / tau}, sampled at unit steps with the input
 * held over each step: {@code y_t = a y_{t-1} + (1 - a) u_t}, {@code a = exp(-1 / tau)}, {@code y_{-1} = 0}.
 * A network must integrate its input with the right time constant, which a single NRN neuron can represent
 * exactly; an untrained network's error is about the target's variance.
 */
public final class FilterTask {

    private static final double SWITCH_PROBABILITY = 0.2;

    private final int steps;
    private final double decay;

    /**
     * @param steps         time steps per sequence, at least 1
     * @param timeConstant  the filter's time constant tau in steps, positive
     * @throws IllegalArgumentException if a value is out of range
     */
    public FilterTask(int steps, double timeConstant) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be at least 1 but was " + steps);
        }
        if (!(timeConstant > 0) || Double.isInfinite(timeConstant)) {
            throw new IllegalArgumentException("timeConstant must be positive and finite but was " + timeConstant);
        }
        this.steps = steps;
        this.decay = Math.exp(-1 / timeConstant);
    }

    /**
     * @param examples number of sequences, at least 1
     * @param seed     random seed: the same seed gives the same data
     * @param type     data type of the arrays
     * @return features {@code [examples, 1, steps]} and labels {@code [examples, 1, steps]}
     */
    public DataSet generate(int examples, long seed, DataType type) {
        if (examples < 1) {
            throw new IllegalArgumentException("examples must be at least 1 but was " + examples);
        }
        Random random = new Random(seed);
        double[][][] u = new double[examples][1][steps];
        double[][][] y = new double[examples][1][steps];
        for (int e = 0; e < examples; e++) {
            double level = 2 * random.nextDouble() - 1;
            double filtered = 0;
            for (int t = 0; t < steps; t++) {
                if (random.nextDouble() < SWITCH_PROBABILITY) {
                    level = 2 * random.nextDouble() - 1;
                }
                filtered = decay * filtered + (1 - decay) * level;
                u[e][0][t] = level;
                y[e][0][t] = filtered;
            }
        }
        return new DataSet(Nd4j.createFromArray(u).castTo(type), Nd4j.createFromArray(y).castTo(type));
    }

    /**
     * @param examples  number of sequences
     * @param seed      random seed
     * @param type      data type
     * @param minibatch sequences per element of the list, at least 1
     * @return the generated data split into minibatches, as Spark's training masters take them
     */
    public List<DataSet> minibatches(int examples, long seed, DataType type, int minibatch) {
        if (minibatch < 1) {
            throw new IllegalArgumentException("minibatch must be at least 1 but was " + minibatch);
        }
        return generate(examples, seed, type).batchBy(minibatch);
    }

    /**
     * @param predictions a network's outputs for {@code data}'s features, shaped like its labels
     * @param data        the data
     * @return the mean squared error over all examples and steps
     * @throws IllegalArgumentException if the shapes differ
     */
    public static double meanSquaredError(INDArray predictions, DataSet data) {
        INDArray labels = data.getLabels();
        if (!Arrays.equals(predictions.shape(), labels.shape())) {
            throw new IllegalArgumentException("predictions must have the labels' shape "
                    + Arrays.toString(labels.shape()) + " but had "
                    + Arrays.toString(predictions.shape()));
        }
        INDArray difference = predictions.castTo(DataType.DOUBLE).sub(labels.castTo(DataType.DOUBLE));
        return difference.mul(difference).meanNumber().doubleValue();
    }
}
