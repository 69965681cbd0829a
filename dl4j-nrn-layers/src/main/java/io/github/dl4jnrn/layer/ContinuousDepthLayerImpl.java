package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.CellKernel;
import io.github.dl4jnrn.cell.DenseFieldKernel;
import io.github.dl4jnrn.cell.KernelStep;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The runtime of the {@link ContinuousDepthLayer continuous-depth layers}. It keeps DL4J's SameDiff layer
 * parameter handling and computes both passes on plain arrays in double precision, sample by sample
 * (parallel over the minibatch): the forward pass steps the state with {@link KernelStep}, keeping the state
 * at the start of each step when training; the backward pass walks the steps in reverse, accumulating each
 * field's parameter gradients. Gradients are exact (checked by DL4J's gradient checks).
 */
public class ContinuousDepthLayerImpl extends SameDiffLayer {

    /** The states at the start of every step of each sample, from the last training forward pass. */
    private double[][][] trainedStates;
    private INDArray trainedInput;

    /**
     * @param conf     the layer's configuration
     * @param dataType the network's data type
     */
    public ContinuousDepthLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private ContinuousDepthLayer config() {
        return (ContinuousDepthLayer) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray out;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            double[][] x0 = inputRows();
            List<DenseFieldKernel> kernels = config().kernels(paramTable);
            double[][][] states = new double[x0.length][][];
            double[][] last = new double[x0.length][];
            IntStream.range(0, x0.length).parallel().forEach(b -> {
                states[b] = forward(kernels, x0[b]);
                last[b] = states[b][states[b].length - 1];
            });
            trainedStates = training ? states : null;
            trainedInput = training ? input : null;
            out = matrix(last);
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out);
    }

    /** @return the state at the start of every step and the final state, {@code [steps + 1][n]} */
    private double[][] forward(List<DenseFieldKernel> kernels, double[] x0) {
        ContinuousDepthLayer conf = config();
        double[][] states = new double[conf.steps() + 1][];
        states[0] = x0;
        for (int k = 0; k < conf.steps(); k++) {
            DenseFieldKernel f = kernels.get(conf.fieldOfStep(k));
            states[k + 1] = new KernelStep(f, conf.stepSolver()).forward(f.stepTerms(null), states[k],
                    conf.stepSize());
        }
        return states;
    }

    private double[][] inputRows() {
        if (input.rank() != 2 || input.size(1) != config().getNIn()) {
            throw new IllegalArgumentException(config().describe() + ": expects input [minibatch, " + config().getNIn()
                    + "] but got shape " + java.util.Arrays.toString(input.shape()));
        }
        return rows(input);
    }

    /** @return the rows of a matrix (through its flat data: {@code toDoubleMatrix} is slow) */
    private static double[][] rows(INDArray matrix) {
        int r = (int) matrix.size(0);
        int c = (int) matrix.size(1);
        double[] flat = matrix.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[][] out = new double[r][];
        for (int i = 0; i < r; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * c, (i + 1) * c);
        }
        return out;
    }

    /** @return the rows as one {@code [rows, columns]} array of the network's data type */
    private INDArray matrix(double[][] rows) {
        int c = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * c];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * c, c);
        }
        return Nd4j.createFromArray(flat).reshape(rows.length, c).castTo(dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        ContinuousDepthLayer conf = config();
        INDArray epsInput;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            List<DenseFieldKernel> kernels = conf.kernels(paramTable);
            double[][] x0 = inputRows();
            double[][][] states = trainedInput == input && trainedStates != null ? trainedStates : null;
            double[][] eps = rows(epsilon);
            double[][] dInput = new double[x0.length][];
            List<List<CellKernel.Gradients>> perSample = new ArrayList<>();
            for (int b = 0; b < x0.length; b++) {
                perSample.add(null);
            }
            IntStream.range(0, x0.length).parallel().forEach(b -> {
                double[][] s = states != null ? states[b] : forward(kernels, x0[b]);
                List<CellKernel.Gradients> grads = new ArrayList<>();
                for (DenseFieldKernel f : kernels) {
                    grads.add(f.newGradients());
                }
                dInput[b] = backward(kernels, s, eps[b], grads);
                perSample.set(b, grads);
            });
            List<CellKernel.Gradients> total = perSample.get(0);
            for (int b = 1; b < perSample.size(); b++) {
                for (int f = 0; f < total.size(); f++) {
                    total.get(f).add(perSample.get(b).get(f));
                }
            }
            for (int f = 0; f < kernels.size(); f++) {
                for (Map.Entry<String, INDArray> e : kernels.get(f).storedGradients(total.get(f)).entrySet()) {
                    gradTable.get(e.getKey()).assign(e.getValue());
                }
            }
            epsInput = matrix(dInput);
        }
        trainedStates = null;
        trainedInput = null;

        Gradient g = new DefaultGradient(gradients);
        for (String key : paramTable.keySet()) {
            g.gradientForVariable().put(key, gradTable.get(key));
        }
        return new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsInput));
    }

    /** @return the loss gradient with respect to {@code x(0)} of one sample; accumulates field gradients */
    private double[] backward(List<DenseFieldKernel> kernels, double[][] states, double[] dOut,
                              List<CellKernel.Gradients> grads) {
        ContinuousDepthLayer conf = config();
        double[] d = dOut.clone();
        for (int k = conf.steps() - 1; k >= 0; k--) {
            int field = conf.fieldOfStep(k);
            DenseFieldKernel f = kernels.get(field);
            double[] dPrev = new double[d.length];
            new KernelStep(f, conf.stepSolver()).backward(f.stepTerms(null), states[k], conf.stepSize(), d, dPrev,
                    grads.get(field));
            d = dPrev;
        }
        return d;
    }

    /**
     * Assigns a parameter (DL4J M2.1's SameDiff layer runtime checks the key and shape but does not assign).
     *
     * @throws IllegalArgumentException if the key is unknown or the shape differs
     */
    @Override
    public void setParam(String key, INDArray value) {
        RuntimeSupport.assign(config().describe(), paramTable, key, value);
    }

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        return new Pair<>(maskArray, currentMaskState);
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weight noise
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }
}
