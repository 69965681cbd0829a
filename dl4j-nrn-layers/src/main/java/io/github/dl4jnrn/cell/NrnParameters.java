package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.wiring.Synapses;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The parameters of an NRN cell as the cell uses them (after the positivity transform and with absent
 * synapses at weight zero), in plain arrays. Sensory matrices are {@code [inputs][units]}, recurrent
 * matrices {@code [units][units]} indexed {@code [source][target]}.
 *
 * @param inputWeight        scale of the affine input map, per input
 * @param inputBias          shift of the affine input map, per input
 * @param sensoryWeight      maximal conductance w' of each sensory synapse, non-negative
 * @param sensorySteepness   sigmoid steepness sigma' of each sensory synapse
 * @param sensoryMidpoint    sigmoid midpoint mu' of each sensory synapse
 * @param sensoryReversal    reversal potential E' of each sensory synapse
 * @param recurrentWeight    maximal conductance w of each synapse between neurons, non-negative
 * @param recurrentSteepness sigmoid steepness sigma of each synapse between neurons
 * @param recurrentMidpoint  sigmoid midpoint mu of each synapse between neurons
 * @param recurrentReversal  reversal potential E of each synapse between neurons
 * @param leakConductance    leak conductance gL per neuron, non-negative
 * @param leakPotential      leak (resting) potential eL per neuron
 * @param capacitance        membrane capacitance C per neuron, positive
 * @param outputWeight       scale of the affine output map, per motor neuron
 * @param outputBias         shift of the affine output map, per motor neuron
 */
public record NrnParameters(
        double[] inputWeight, double[] inputBias,
        double[][] sensoryWeight, double[][] sensorySteepness, double[][] sensoryMidpoint, double[][] sensoryReversal,
        double[][] recurrentWeight, double[][] recurrentSteepness, double[][] recurrentMidpoint,
        double[][] recurrentReversal,
        double[] leakConductance, double[] leakPotential, double[] capacitance,
        double[] outputWeight, double[] outputBias) {

    /** Parameter key of the input map's scale, shape {@code [1, inputs]}. */
    public static final String INPUT_WEIGHT = "inputWeight";
    /** Parameter key of the input map's shift, shape {@code [1, inputs]}. */
    public static final String INPUT_BIAS = "inputBias";
    /** Parameter key of the sensory conductances, shape {@code [inputs, units]} (positive). */
    public static final String SENSORY_WEIGHT = "sensoryWeight";
    /** Parameter key of the sensory steepnesses, shape {@code [inputs, units]}. */
    public static final String SENSORY_STEEPNESS = "sensorySteepness";
    /** Parameter key of the sensory midpoints, shape {@code [inputs, units]}. */
    public static final String SENSORY_MIDPOINT = "sensoryMidpoint";
    /** Parameter key of the sensory reversal potentials, shape {@code [inputs, units]}. */
    public static final String SENSORY_REVERSAL = "sensoryReversal";
    /** Parameter key of the recurrent conductances, shape {@code [units, units]} (positive). */
    public static final String RECURRENT_WEIGHT = "recurrentWeight";
    /** Parameter key of the recurrent steepnesses, shape {@code [units, units]}. */
    public static final String RECURRENT_STEEPNESS = "recurrentSteepness";
    /** Parameter key of the recurrent midpoints, shape {@code [units, units]}. */
    public static final String RECURRENT_MIDPOINT = "recurrentMidpoint";
    /** Parameter key of the recurrent reversal potentials, shape {@code [units, units]}. */
    public static final String RECURRENT_REVERSAL = "recurrentReversal";
    /** Parameter key of the leak conductances, shape {@code [1, units]} (positive). */
    public static final String LEAK_CONDUCTANCE = "leakConductance";
    /** Parameter key of the leak potentials, shape {@code [1, units]}. */
    public static final String LEAK_POTENTIAL = "leakPotential";
    /** Parameter key of the membrane capacitances, shape {@code [1, units]} (positive). */
    public static final String CAPACITANCE = "capacitance";
    /** Parameter key of the output map's scale, shape {@code [1, nOut]}. */
    public static final String OUTPUT_WEIGHT = "outputWeight";
    /** Parameter key of the output map's shift, shape {@code [1, nOut]}. */
    public static final String OUTPUT_BIAS = "outputBias";

    /** @return the number of sensory inputs */
    public int inputs() {
        return inputWeight.length;
    }

    /** @return the number of neurons */
    public int units() {
        return capacitance.length;
    }

    /** @return the number of outputs (motor neurons) */
    public int outputs() {
        return outputWeight.length;
    }

    /**
     * Reads the parameters of an NRN layer.
     *
     * @param stored     the layer's parameter table, keyed by the constants of this class
     * @param positivity how the positive parameters are stored
     * @param synapses   which synapses exist; absent ones get weight zero
     * @return the parameters as the cell uses them
     */
    public static NrnParameters fromStored(Map<String, INDArray> stored, Positivity positivity, Synapses synapses) {
        double[][] sensoryWeight = PlainMath.maskSensory(positive(matrix(stored, SENSORY_WEIGHT), positivity),
                synapses);
        double[][] recurrentWeight = PlainMath.maskRecurrent(positive(matrix(stored, RECURRENT_WEIGHT), positivity),
                synapses);
        return new NrnParameters(
                vector(stored, INPUT_WEIGHT), vector(stored, INPUT_BIAS),
                sensoryWeight, matrix(stored, SENSORY_STEEPNESS), matrix(stored, SENSORY_MIDPOINT),
                matrix(stored, SENSORY_REVERSAL),
                recurrentWeight, matrix(stored, RECURRENT_STEEPNESS), matrix(stored, RECURRENT_MIDPOINT),
                matrix(stored, RECURRENT_REVERSAL),
                positive(vector(stored, LEAK_CONDUCTANCE), positivity), vector(stored, LEAK_POTENTIAL),
                positive(vector(stored, CAPACITANCE), positivity),
                vector(stored, OUTPUT_WEIGHT), vector(stored, OUTPUT_BIAS));
    }

    static double[] vector(Map<String, INDArray> stored, String key) {
        return require(stored, key).toDoubleVector();
    }

    static double[][] matrix(Map<String, INDArray> stored, String key) {
        return require(stored, key).toDoubleMatrix();
    }

    private static INDArray require(Map<String, INDArray> stored, String key) {
        INDArray a = stored.get(key);
        if (a == null) {
            throw new IllegalArgumentException("parameter table has no entry '" + key + "'; it has " + stored.keySet());
        }
        return a;
    }

    static double[] positive(double[] v, Positivity positivity) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = positivity.apply(v[i]);
        }
        return out;
    }

    static double[][] positive(double[][] m, Positivity positivity) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = positive(m[r], positivity);
        }
        return out;
    }
}
