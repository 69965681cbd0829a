package io.github.dl4jnrn.reduction;

import io.github.dl4jnrn.cell.DenseFieldKernel;
import io.github.dl4jnrn.cell.NrnParameters;
import io.github.dl4jnrn.cell.Positivity;
import io.github.dl4jnrn.layer.ContinuousDepthLayer;
import io.github.dl4jnrn.layer.NeuralOdeLayer;
import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.layer.ResidualStackLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Conversions between the members of the model family (MODEL.md section 2), each performed on parameters or on
 * trained layers. What each guarantees:
 *
 * <table>
 *   <caption>Conversions</caption>
 *   <tr><th>method</th><th>from</th><th>to</th><th>guarantee</th></tr>
 *   <tr><td>{@link #residualStack}</td><td>NeuralODE, Euler (or fused), N unfolds, horizon T</td>
 *       <td>ResNet of N blocks, each a copy of f, step T/N</td><td>exact (same arithmetic)</td></tr>
 *   <tr><td>{@link #neuralOde}</td><td>ResNet whose blocks are all equal</td>
 *       <td>NeuralODE, Euler, N unfolds, horizon N h</td><td>exact; untied blocks are rejected</td></tr>
 *   <tr><td>{@link #synapticNetwork}</td><td>NeuralODE with one tanh or sigmoid hidden layer</td>
 *       <td>leak-free synaptic network on the augmented state {@code (x, x W0 + b0)}</td>
 *       <td>exact, also for every explicit solver with the same steps</td></tr>
 *   <tr><td>{@link #sigmoidForm} / {@link #tanhForm}</td><td>synaptic network</td>
 *       <td>the same network with the other synapse function</td>
 *       <td>exact: {@code W tanh(a z) = 2 W sigmoid(2 a z) - W}, the constants in the bias</td></tr>
 *   <tr><td>{@link #nrn}</td><td>synaptic network</td><td>NRN with reversal potentials {@code +-K}</td>
 *       <td>limit: vector fields differ by exactly {@code -x_i c_i(x, u) / K}, so outputs by O(1/K)</td></tr>
 *   <tr><td>{@link #nrnLayer}</td><td>NRN parameters</td><td>an {@link NrnLayer} with them</td>
 *       <td>exact (clip positivity, physical values stored)</td></tr>
 * </table>
 *
 * <p><b>What is not exact, and why.</b> An NRN's nonlinearity sits in each synapse and sees one presynaptic
 * potential; its current is multiplied by the distance to the reversal potential. So the exact counterparts of an
 * NRN without that multiplicative term are additive networks with per-synapse nonlinearities
 * ({@link SynapticParameters}), and the multiplicative term itself can only be removed in the limit of reversal
 * potentials far away ({@code E = sign(W) K}, {@code w = |W| / K}). The project's
 * {@link io.github.dl4jnrn.layer.CtRnnLayer} computes {@code f(W^T x + U^T u + b)}, the activation of a weighted
 * sum, which is no sum of per-synapse terms: it has no exact NRN or synaptic counterpart of the same size, and no
 * conversion from it is offered. (Its pre-activation {@code z = W^T x + U^T u + b} follows a synaptic network
 * only for constant input, equal time constants and with an input-dependent bias.) A NeuralODE with one hidden
 * layer becomes synaptic exactly, as above, but needs one extra neuron per hidden unit.
 */
public final class Reductions {

    private Reductions() {
    }

    // ---------------------------------------------------------------- NeuralODE <-> ResNet

    /**
     * A NeuralODE integrated with N explicit Euler steps of size T/N as the ResNet of N blocks with tied weights
     * (each block a copy of the field) whose residual is scaled by T/N:
     * {@code x_{k+1} = x_k + (T/N) f(x_k)}. Exact: both layers then do the same arithmetic.
     *
     * @param trained a NeuralODE layer of a network
     * @return a residual stack configuration and its parameters
     * @throws IllegalArgumentException if the layer's solver is not {@link OdeSolver#EULER} or
     *                                  {@link OdeSolver#FUSED} (which is Euler for a NeuralODE)
     */
    public static ConvertedLayer residualStack(Layer trained) {
        return residualStack(config(trained, NeuralOdeLayer.class), trained.paramTable());
    }

    /** As {@link #residualStack(Layer)}, from a configuration and its parameter table. */
    public static ConvertedLayer residualStack(NeuralOdeLayer conf, Map<String, INDArray> params) {
        if (conf.getSolver() != OdeSolver.EULER && conf.getSolver() != OdeSolver.FUSED) {
            throw new IllegalArgumentException("only a NeuralODE with explicit Euler steps is a residual stack with "
                    + "the same field; the layer's solver is " + conf.getSolver());
        }
        ResidualStackLayer stack = new ResidualStackLayer.Builder().nIn(conf.getNIn())
                .hiddenLayers(conf.getHiddenLayers()).activation(conf.getActivation()).blocks(conf.getUnfolds())
                .stepSize(conf.stepSize()).build();
        Map<String, INDArray> out = new LinkedHashMap<>();
        int layers = conf.getHiddenLayers().length + 1;
        for (int b = 0; b < stack.getBlocks(); b++) {
            copyField(params, conf.fieldPrefix(0), out, stack.fieldPrefix(b), layers);
        }
        return new ConvertedLayer(stack, out);
    }

    /**
     * A ResNet whose blocks all hold the same weights as the NeuralODE with explicit Euler, {@code blocks}
     * unfolds and horizon {@code blocks * stepSize}. Exact.
     *
     * @param trained a residual stack layer of a network
     * @return a NeuralODE configuration and its parameters
     * @throws IllegalArgumentException if two blocks differ (untied weights have no NeuralODE counterpart)
     */
    public static ConvertedLayer neuralOde(Layer trained) {
        return neuralOde(config(trained, ResidualStackLayer.class), trained.paramTable());
    }

    /** As {@link #neuralOde(Layer)}, from a configuration and its parameter table. */
    public static ConvertedLayer neuralOde(ResidualStackLayer conf, Map<String, INDArray> params) {
        int layers = conf.getHiddenLayers().length + 1;
        for (int b = 1; b < conf.getBlocks(); b++) {
            for (int l = 0; l < layers; l++) {
                for (boolean weight : new boolean[] {true, false}) {
                    String first = key(conf.fieldPrefix(0), l, weight);
                    String other = key(conf.fieldPrefix(b), l, weight);
                    if (!params.get(first).equals(params.get(other))) {
                        throw new IllegalArgumentException("the blocks' weights are not tied: " + other + " differs "
                                + "from " + first + ", so the stack is no NeuralODE");
                    }
                }
            }
        }
        NeuralOdeLayer ode = new NeuralOdeLayer.Builder().nIn(conf.getNIn()).hiddenLayers(conf.getHiddenLayers())
                .activation(conf.getActivation()).solver(OdeSolver.EULER).unfolds(conf.getBlocks())
                .horizon(conf.getBlocks() * conf.getStepSize()).build();
        Map<String, INDArray> out = new LinkedHashMap<>();
        copyField(params, conf.fieldPrefix(0), out, ode.fieldPrefix(0), layers);
        return new ConvertedLayer(ode, out);
    }

    private static String key(String prefix, int l, boolean weight) {
        return weight ? DenseFieldKernel.weightKey(prefix, l) : DenseFieldKernel.biasKey(prefix, l);
    }

    private static void copyField(Map<String, INDArray> from, String fromPrefix, Map<String, INDArray> to,
                                  String toPrefix, int layers) {
        for (int l = 0; l < layers; l++) {
            for (boolean weight : new boolean[] {true, false}) {
                INDArray value = from.get(key(fromPrefix, l, weight));
                if (value == null) {
                    throw new IllegalArgumentException("parameter table has no '" + key(fromPrefix, l, weight)
                            + "'; it has " + from.keySet());
                }
                to.put(key(toPrefix, l, weight), value.dup());
            }
        }
    }

    private static <T extends ContinuousDepthLayer> T config(Layer trained, Class<T> type) {
        Object conf = trained.conf().getLayer();
        if (!type.isInstance(conf)) {
            throw new IllegalArgumentException("expected a layer configured as " + type.getSimpleName() + " but got "
                    + conf.getClass().getSimpleName());
        }
        return type.cast(conf);
    }

    // ---------------------------------------------------------------- NeuralODE -> synaptic network

    /**
     * A NeuralODE with one hidden layer, {@code f(x) = phi(x W0 + b0) W1 + b1} with {@code phi} tanh or sigmoid,
     * as a leak-free synaptic network on the augmented state (see {@link AugmentedNeuralOde}). Exact: run from
     * {@link AugmentedNeuralOde#initialState} over the layer's horizon with the layer's solver and unfolds, its
     * first {@code n} neurons equal the layer's output up to rounding.
     *
     * @param trained a NeuralODE layer of a network
     * @return the synaptic network and the map to its initial state
     * @throws IllegalArgumentException if the field has not exactly one hidden layer or its activation is not
     *                                  tanh or sigmoid
     */
    public static AugmentedNeuralOde synapticNetwork(Layer trained) {
        return synapticNetwork(config(trained, NeuralOdeLayer.class), trained.paramTable());
    }

    /** As {@link #synapticNetwork(Layer)}, from a configuration and its parameter table. */
    public static AugmentedNeuralOde synapticNetwork(NeuralOdeLayer conf, Map<String, INDArray> params) {
        if (conf.getHiddenLayers().length != 1) {
            throw new IllegalArgumentException("a NeuralODE is a synaptic network exactly when its field has one "
                    + "hidden layer, but hiddenLayers was " + java.util.Arrays.toString(conf.getHiddenLayers()));
        }
        SynapseFunction phi = switch (conf.getActivation()) {
            case TANH -> SynapseFunction.TANH;
            case SIGMOID -> SynapseFunction.SIGMOID;
            default -> throw new IllegalArgumentException("the hidden activation must be a synapse function (TANH or "
                    + "SIGMOID) but was " + conf.getActivation());
        };
        double[][] w0 = params.get(DenseFieldKernel.weightKey("", 0)).toDoubleMatrix();
        double[] b0 = params.get(DenseFieldKernel.biasKey("", 0)).toDoubleVector();
        double[][] w1 = params.get(DenseFieldKernel.weightKey("", 1)).toDoubleMatrix();
        double[] b1 = params.get(DenseFieldKernel.biasKey("", 1)).toDoubleVector();
        int n = w0.length;
        int hidden = b0.length;
        int total = n + hidden;

        double[][] weight = new double[total][total];
        double[][] steepness = new double[total][total];
        double[][] midpoint = new double[total][total];
        double[] bias = new double[total];
        for (double[] row : steepness) {
            java.util.Arrays.fill(row, 1);
        }
        for (int g = 0; g < hidden; g++) {
            for (int i = 0; i < n; i++) {
                weight[n + g][i] = w1[g][i];
            }
            for (int h = 0; h < hidden; h++) {
                double sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += w1[g][i] * w0[i][h];
                }
                weight[n + g][n + h] = sum;
            }
        }
        for (int i = 0; i < n; i++) {
            bias[i] = b1[i];
        }
        for (int h = 0; h < hidden; h++) {
            for (int i = 0; i < n; i++) {
                bias[n + h] += b1[i] * w0[i][h];
            }
        }
        double[] ones = new double[n];
        java.util.Arrays.fill(ones, 1);
        SynapticParameters network = new SynapticParameters(phi, new double[0][], new double[0][], new double[0][],
                weight, steepness, midpoint, bias, new double[total], ones, new double[n]);
        return new AugmentedNeuralOde(network, w0, b0);
    }

    // ---------------------------------------------------------------- tanh <-> sigmoid synapses

    /**
     * The same network with sigmoid synapses: each tanh synapse {@code W tanh(a (v - m))} becomes
     * {@code 2W sigmoid(2a (v - m))}, and the constants {@code -W} of every synapse into a neuron are added to
     * its bias. Exact (the identity {@code tanh(z) = 2 sigmoid(2z) - 1}); a sigmoid network is returned as is.
     *
     * @param p a synaptic network
     * @return the network with {@link SynapseFunction#SIGMOID} synapses
     */
    public static SynapticParameters sigmoidForm(SynapticParameters p) {
        return p.function() == SynapseFunction.SIGMOID ? p : convert(p, SynapseFunction.SIGMOID, 2, 2, -1);
    }

    /**
     * The same network with tanh synapses: {@code W sigmoid(a (v - m)) = (W/2) tanh((a/2)(v - m)) + W/2}, the
     * constants {@code W/2} added to the bias. Exact; a tanh network is returned as is.
     *
     * @param p a synaptic network
     * @return the network with {@link SynapseFunction#TANH} synapses
     */
    public static SynapticParameters tanhForm(SynapticParameters p) {
        return p.function() == SynapseFunction.TANH ? p : convert(p, SynapseFunction.TANH, 0.5, 0.5, 0.5);
    }

    /**
     * Scales weights and steepnesses and adds {@code biasPerWeight * W} (the original weights) to the bias of
     * each synapse's target.
     */
    private static SynapticParameters convert(SynapticParameters p, SynapseFunction to, double weightScale,
                                              double steepnessScale, double biasPerWeight) {
        double[] bias = p.bias().clone();
        addToTargets(bias, p.sensoryWeight(), biasPerWeight);
        addToTargets(bias, p.recurrentWeight(), biasPerWeight);
        return new SynapticParameters(to, scale(p.sensoryWeight(), weightScale),
                scale(p.sensorySteepness(), steepnessScale), copy(p.sensoryMidpoint()),
                scale(p.recurrentWeight(), weightScale), scale(p.recurrentSteepness(), steepnessScale),
                copy(p.recurrentMidpoint()), bias, p.leak().clone(), p.outputWeight().clone(),
                p.outputBias().clone());
    }

    private static void addToTargets(double[] bias, double[][] weight, double factor) {
        for (double[] row : weight) {
            for (int i = 0; i < row.length; i++) {
                bias[i] += factor * row[i];
            }
        }
    }

    private static double[][] scale(double[][] m, double factor) {
        double[][] out = new double[m.length][];
        for (int r = 0; r < m.length; r++) {
            out[r] = new double[m[r].length];
            for (int c = 0; c < m[r].length; c++) {
                out[r][c] = factor * m[r][c];
            }
        }
        return out;
    }

    private static double[][] copy(double[][] m) {
        return scale(m, 1);
    }

    // ---------------------------------------------------------------- synaptic network -> NRN

    /**
     * The NRN that tends to a synaptic network as {@code k} grows (MODEL.md 2.1 and 2.2), built from its
     * {@link #sigmoidForm sigmoid form} {@code W', U', bias'}: capacitance 1; each synapse with maximal
     * conductance {@code |W'| / k}, reversal potential {@code sign(W') k} and the same steepness and midpoint;
     * sensory synapses likewise, with the identity input map; the leak carries the decay and the bias,
     * {@code gL = leak}, {@code eL = bias' / leak}; a leak-free neuron (a NeuralODE's) gets {@code gL = 1 / k},
     * {@code eL = k bias'}. The output map is copied.
     *
     * <p>Guarantee: the NRN's vector field is the synaptic network's plus exactly
     * <pre>
     *   -(x_i / k) (sum_j |W'_ji| s_ji(x_j) + sum_k |U'_ki| s'_ki(u_k) + [leak_i = 0])
     * </pre>
     * (the multiplicative term's remainder), so on bounded trajectories over a finite time the outputs differ by
     * O(1/k): ten times larger {@code k}, about ten times smaller error. No finite {@code k} is exact.
     *
     * @param p a synaptic network
     * @param k the distance of the reversal potentials, positive and finite
     * @return the NRN's parameters
     */
    public static NrnParameters nrn(SynapticParameters p, double k) {
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k must be positive and finite but was " + k);
        }
        SynapticParameters q = sigmoidForm(p);
        int n = q.units();
        int inputs = q.inputs();
        double[] gL = new double[n];
        double[] eL = new double[n];
        double[] capacitance = new double[n];
        for (int i = 0; i < n; i++) {
            capacitance[i] = 1;
            gL[i] = q.leak()[i] > 0 ? q.leak()[i] : 1 / k;
            eL[i] = q.bias()[i] / gL[i];
        }
        double[] inputWeight = new double[inputs];
        java.util.Arrays.fill(inputWeight, 1);
        return new NrnParameters(inputWeight, new double[inputs],
                conductance(q.sensoryWeight(), k), copy(q.sensorySteepness()), copy(q.sensoryMidpoint()),
                reversal(q.sensoryWeight(), k),
                conductance(q.recurrentWeight(), k), copy(q.recurrentSteepness()), copy(q.recurrentMidpoint()),
                reversal(q.recurrentWeight(), k),
                gL, eL, capacitance, q.outputWeight().clone(), q.outputBias().clone());
    }

    private static double[][] conductance(double[][] weight, double k) {
        double[][] out = new double[weight.length][];
        for (int r = 0; r < weight.length; r++) {
            out[r] = new double[weight[r].length];
            for (int c = 0; c < weight[r].length; c++) {
                out[r][c] = Math.abs(weight[r][c]) / k;
            }
        }
        return out;
    }

    private static double[][] reversal(double[][] weight, double k) {
        double[][] out = new double[weight.length][];
        for (int r = 0; r < weight.length; r++) {
            out[r] = new double[weight[r].length];
            for (int c = 0; c < weight[r].length; c++) {
                out[r][c] = Math.signum(weight[r][c]) * k;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- NRN parameters -> NRN layer

    /**
     * An {@link NrnLayer} (fully connected, {@link Positivity#CLIP} so that the physical values are stored as they
     * are) holding the given parameters: its outputs equal those of an {@link io.github.dl4jnrn.cell.NrnCell} with
     * them, run by {@link io.github.dl4jnrn.cell.CellIntegrator} with the same solver and unfolds. A network
     * without inputs gets one input channel with sensory conductance 0, which has no effect.
     *
     * @param p       the NRN's parameters
     * @param solver  the layer's solver
     * @param unfolds the layer's unfolds
     * @return the layer configuration and its parameters (in double precision)
     */
    public static ConvertedLayer nrnLayer(NrnParameters p, OdeSolver solver, int unfolds) {
        int n = p.units();
        int inputs = Math.max(1, p.inputs());
        NrnLayer layer = new NrnLayer.Builder().nIn(inputs).nOut(p.outputs()).units(n).solver(solver)
                .unfolds(unfolds).positivity(Positivity.CLIP).build();
        Map<String, INDArray> out = new LinkedHashMap<>();
        boolean none = p.inputs() == 0;
        out.put(NrnParameters.INPUT_WEIGHT, row(none ? new double[] {1} : p.inputWeight()));
        out.put(NrnParameters.INPUT_BIAS, row(none ? new double[] {0} : p.inputBias()));
        double[][] zeroSensory = new double[1][n];
        out.put(NrnParameters.SENSORY_WEIGHT, matrix(none ? zeroSensory : p.sensoryWeight()));
        out.put(NrnParameters.SENSORY_STEEPNESS, matrix(none ? zeroSensory : p.sensorySteepness()));
        out.put(NrnParameters.SENSORY_MIDPOINT, matrix(none ? zeroSensory : p.sensoryMidpoint()));
        out.put(NrnParameters.SENSORY_REVERSAL, matrix(none ? zeroSensory : p.sensoryReversal()));
        out.put(NrnParameters.RECURRENT_WEIGHT, matrix(p.recurrentWeight()));
        out.put(NrnParameters.RECURRENT_STEEPNESS, matrix(p.recurrentSteepness()));
        out.put(NrnParameters.RECURRENT_MIDPOINT, matrix(p.recurrentMidpoint()));
        out.put(NrnParameters.RECURRENT_REVERSAL, matrix(p.recurrentReversal()));
        out.put(NrnParameters.LEAK_CONDUCTANCE, row(p.leakConductance()));
        out.put(NrnParameters.LEAK_POTENTIAL, row(p.leakPotential()));
        out.put(NrnParameters.CAPACITANCE, row(p.capacitance()));
        out.put(NrnParameters.OUTPUT_WEIGHT, row(p.outputWeight()));
        out.put(NrnParameters.OUTPUT_BIAS, row(p.outputBias()));
        return new ConvertedLayer(layer, out);
    }

    private static INDArray row(double[] v) {
        return Nd4j.createFromArray(v.clone()).reshape(1, v.length);
    }

    private static INDArray matrix(double[][] m) {
        return Nd4j.createFromArray(m).castTo(DataType.DOUBLE);
    }
}
