package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.wiring.Synapses;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

import static io.github.dl4jnrn.cell.NrnParameters.matrix;
import static io.github.dl4jnrn.cell.NrnParameters.positive;
import static io.github.dl4jnrn.cell.NrnParameters.vector;

/**
 * The parameters of a CT-RNN cell as the cell uses them, in plain arrays. Matrices are indexed
 * {@code [source][target]}; absent synapses have weight zero.
 *
 * @param inputWeight     input weights {@code U}, {@code [inputs][units]}
 * @param recurrentWeight recurrent weights {@code W}, {@code [units][units]}
 * @param bias            bias {@code b} per neuron
 * @param timeConstant    time constant {@code tau} per neuron, positive
 * @param outputWeight    scale of the affine output map, per output neuron
 * @param outputBias      shift of the affine output map, per output neuron
 * @param activation      the activation {@code f}
 */
public record CtRnnParameters(double[][] inputWeight, double[][] recurrentWeight, double[] bias,
                              double[] timeConstant, double[] outputWeight, double[] outputBias,
                              Activation activation) {

    /** Parameter key of the input weights, shape {@code [inputs, units]}. */
    public static final String INPUT_WEIGHT = "inputWeight";
    /** Parameter key of the recurrent weights, shape {@code [units, units]}. */
    public static final String RECURRENT_WEIGHT = "recurrentWeight";
    /** Parameter key of the bias, shape {@code [1, units]}. */
    public static final String BIAS = "bias";
    /** Parameter key of the time constants, shape {@code [1, units]} (positive). */
    public static final String TIME_CONSTANT = "timeConstant";
    /** Parameter key of the output map's scale, shape {@code [1, nOut]}. */
    public static final String OUTPUT_WEIGHT = "outputWeight";
    /** Parameter key of the output map's shift, shape {@code [1, nOut]}. */
    public static final String OUTPUT_BIAS = "outputBias";

    /** @return the number of inputs */
    public int inputs() {
        return inputWeight.length;
    }

    /** @return the number of neurons */
    public int units() {
        return bias.length;
    }

    /** @return the number of outputs */
    public int outputs() {
        return outputWeight.length;
    }

    /**
     * Reads the parameters of a CT-RNN layer.
     *
     * @param stored     the layer's parameter table, keyed by the constants of this class
     * @param positivity how the time constants are stored
     * @param synapses   which connections exist; absent ones get weight zero
     * @param activation the activation
     * @return the parameters as the cell uses them
     */
    public static CtRnnParameters fromStored(Map<String, INDArray> stored, Positivity positivity, Synapses synapses,
                                             Activation activation) {
        double[][] in = PlainMath.maskSensory(matrix(stored, INPUT_WEIGHT), synapses);
        double[][] rec = PlainMath.maskRecurrent(matrix(stored, RECURRENT_WEIGHT), synapses);
        return new CtRnnParameters(in, rec, vector(stored, BIAS),
                positive(vector(stored, TIME_CONSTANT), positivity),
                vector(stored, OUTPUT_WEIGHT), vector(stored, OUTPUT_BIAS), activation);
    }
}
