package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.CtRnnCell;
import io.github.dl4jnrn.cell.DenseFieldKernel;
import io.github.dl4jnrn.cell.KernelStep;
import io.github.dl4jnrn.cell.SameDiffAlgebra;
import io.github.dl4jnrn.solver.ButcherTableau;
import io.github.dl4jnrn.solver.ExplicitRungeKutta;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration shared by the feed-forward continuous-depth layers, {@link NeuralOdeLayer} and
 * {@link ResidualStackLayer}: the input {@code x(0)} ({@code [minibatch, nIn]}) is advanced by
 * {@link #steps()} steps of a fixed-step solver of size {@link #stepSize()}, step {@code k} using the vector
 * field {@link #fieldOfStep(int) f_(field of k)}, each field a stack of dense layers
 * ({@link DenseFieldKernel}: hidden layers of the configured widths and activation, a linear last layer of
 * width {@code nIn}). The output is the final state, {@code [minibatch, nIn]}, so {@code nOut = nIn}.
 *
 * <p>A NeuralODE uses one field for every step (weights tied across steps); a residual stack uses one field
 * per step (untied), with explicit Euler. Both run on {@link ContinuousDepthLayerImpl}: forward and backward
 * passes on plain arrays with hand-written vector-Jacobian products ({@link io.github.dl4jnrn.cell.KernelStep}),
 * checked by gradient checks; {@link #defineLayer} is the same computation as a SameDiff graph, the
 * definition the tests compare with.
 *
 * <p>Parameters: for field {@code b} and layer {@code l}, {@code <prefix(b)>weight<l>} {@code [in, out]} from
 * the configured weight initialisation (default Xavier) and {@code <prefix(b)>bias<l>} {@code [1, out]}, 0.
 */
public abstract class ContinuousDepthLayer extends SameDiffLayer {

    private static final long serialVersionUID = 1L;

    /** Default widths of the hidden layers of a field: one hidden layer of 16. */
    public static final int[] DEFAULT_HIDDEN = {16};

    protected long nIn;
    protected int[] hiddenLayers = DEFAULT_HIDDEN.clone();
    protected Activation activation = Activation.TANH;

    protected ContinuousDepthLayer() {
        // for JSON
    }

    protected ContinuousDepthLayer(Builder<?> b) {
        super(b);
        this.nIn = b.nIn;
        this.hiddenLayers = b.hiddenLayers == null ? null : b.hiddenLayers.clone();
        this.activation = b.activation;
    }

    // ---------------------------------------------------------------- what subclasses define

    /** @return the number of distinct fields (parameter blocks) */
    public abstract int fieldCount();

    /** @return the prefix of field {@code b}'s parameter keys */
    public abstract String fieldPrefix(int b);

    /** @return the number of solver steps from {@code x(0)} to the output */
    public abstract int steps();

    /** @return the field step {@code k} uses, in {@code [0, fieldCount())} */
    public abstract int fieldOfStep(int k);

    /** @return the size of each step */
    public abstract double stepSize();

    /** @return the solver of each step */
    public abstract OdeSolver stepSolver();

    // ---------------------------------------------------------------- validation

    /** A short name of the layer for messages: its type and, if set, its name. */
    protected String describe() {
        String type = getClass().getSimpleName();
        return getLayerName() == null ? type : type + " '" + getLayerName() + "'";
    }

    /**
     * Checks the configuration; called when the builder builds and when {@code nIn} is inferred.
     *
     * @throws IllegalArgumentException naming the setting, the rule and the value
     */
    protected void validate() {
        require(nIn >= 0, "nIn must not be negative but was " + nIn);
        require(hiddenLayers != null, "hiddenLayers must not be null (use an empty array for a linear field)");
        for (int w : hiddenLayers) {
            require(w >= 1, "every hidden layer width must be at least 1 but hiddenLayers was "
                    + Arrays.toString(hiddenLayers));
        }
        require(activation != null && CtRnnCell.SUPPORTED_ACTIVATIONS.contains(activation),
                "activation must be one of " + CtRnnCell.SUPPORTED_ACTIVATIONS + " but was " + activation);
    }

    protected void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException(describe() + ": " + message);
        }
    }

    private void requireNIn() {
        if (nIn <= 0) {
            throw new IllegalStateException(describe() + ": nIn is not set; set it on the builder or let the network "
                    + "infer it with setInputType");
        }
    }

    // ---------------------------------------------------------------- fields

    /** @return the widths of every dense layer of a field, {@code nIn, hidden..., nIn} */
    public int[] layerSizes() {
        requireNIn();
        return DenseFieldKernel.layerSizes((int) nIn, hiddenLayers);
    }

    /**
     * The fields with their vector-Jacobian products on plain arrays.
     *
     * @param params the stored parameters, as in the layer's parameter table
     * @return one kernel per field, in field order
     */
    public List<DenseFieldKernel> kernels(Map<String, INDArray> params) {
        requireNIn();
        List<DenseFieldKernel> kernels = new ArrayList<>(fieldCount());
        for (int b = 0; b < fieldCount(); b++) {
            kernels.add(new DenseFieldKernel(params, fieldPrefix(b), (int) nIn, hiddenLayers, activation));
        }
        return kernels;
    }

    /**
     * Runs the layer on one sample with plain arrays, as {@link ContinuousDepthLayerImpl} does.
     *
     * @param params the stored parameters
     * @param x0     the input {@code x(0)}
     * @return the output {@code x(T)}
     */
    public double[] integrate(Map<String, INDArray> params, double[] x0) {
        List<DenseFieldKernel> kernels = kernels(params);
        double[] x = x0.clone();
        for (int k = 0; k < steps(); k++) {
            DenseFieldKernel f = kernels.get(fieldOfStep(k));
            x = new KernelStep(f, stepSolver()).forward(f.stepTerms(null), x, stepSize());
        }
        return x;
    }

    // ---------------------------------------------------------------- DL4J integration

    @Override
    public void defineParameters(SDLayerParams params) {
        int[] sizes = layerSizes();
        for (int b = 0; b < fieldCount(); b++) {
            for (int l = 0; l + 1 < sizes.length; l++) {
                params.addWeightParam(DenseFieldKernel.weightKey(fieldPrefix(b), l), sizes[l], sizes[l + 1]);
                params.addBiasParam(DenseFieldKernel.biasKey(fieldPrefix(b), l), 1, sizes[l + 1]);
            }
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInit init = weightInit == null ? WeightInit.XAVIER : weightInit;
        int[] sizes = layerSizes();
        for (int b = 0; b < fieldCount(); b++) {
            for (int l = 0; l + 1 < sizes.length; l++) {
                INDArray w = params.get(DenseFieldKernel.weightKey(fieldPrefix(b), l));
                init.getWeightInitFunction().init(sizes[l], sizes[l + 1], w.shape(), 'c', w);
                params.get(DenseFieldKernel.biasKey(fieldPrefix(b), l)).assign(0);
            }
        }
    }

    /**
     * The same computation as a SameDiff graph: every step of {@link #stepSolver()} unrolled, the fused step
     * written as explicit Euler (which it is for a field without decay).
     */
    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                  SDVariable mask) {
        ButcherTableau tableau = stepSolver().isExplicit() ? stepSolver().tableau() : ButcherTableau.EULER;
        SameDiffAlgebra algebra = new SameDiffAlgebra(sd.onesLike(layerInput.sum(true, 1)).mul(stepSize()));
        int layers = hiddenLayers.length + 1;
        SDVariable x = layerInput;
        for (int k = 0; k < steps(); k++) {
            String prefix = fieldPrefix(fieldOfStep(k));
            x = ExplicitRungeKutta.step(tableau, y -> DenseFieldKernel.define(sd, y, paramTable, prefix, layers,
                    activation), x, algebra);
        }
        return x;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (!(inputType instanceof InputType.InputTypeFeedForward f)) {
            throw new IllegalArgumentException(describe() + ": expects feed-forward input (InputType.feedForward) "
                    + "but got " + inputType);
        }
        if (nIn <= 0 || override) {
            nIn = f.getSize();
            SDLayerParams params = getLayerParams();
            params.clear();
            defineParameters(params);
        }
        validate();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeFeedForward f)) {
            throw new IllegalArgumentException(describe() + ": expects feed-forward input (InputType.feedForward) "
                    + "but got " + inputType);
        }
        return InputType.feedForward(f.getSize());
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return RuntimeSupport.attach(new ContinuousDepthLayerImpl(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams, initializer());
    }

    // ---------------------------------------------------------------- getters and setters (JSON)

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
    }

    /** @return the widths of a field's hidden layers (empty: a linear field) */
    public int[] getHiddenLayers() {
        return hiddenLayers == null ? null : hiddenLayers.clone();
    }

    public void setHiddenLayers(int[] hiddenLayers) {
        this.hiddenLayers = hiddenLayers == null ? null : hiddenLayers.clone();
    }

    /** @return the hidden layers' activation */
    public Activation getActivation() {
        return activation;
    }

    public void setActivation(Activation activation) {
        this.activation = activation;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ContinuousDepthLayer l) || !super.equals(o)) {
            return false;
        }
        return nIn == l.nIn && Arrays.equals(hiddenLayers, l.hiddenLayers) && activation == l.activation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nIn, Arrays.hashCode(hiddenLayers), activation);
    }

    // ---------------------------------------------------------------- builder

    /**
     * Builder of the settings shared by the continuous-depth layers.
     *
     * @param <T> the concrete builder type
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends SameDiffLayer.Builder<T> {

        protected long nIn;
        protected int[] hiddenLayers = DEFAULT_HIDDEN.clone();
        protected Activation activation = Activation.TANH;

        /** @param nIn the state size, which is also the output size; inferred by {@code setInputType} */
        public T nIn(long nIn) {
            this.nIn = nIn;
            return (T) this;
        }

        /**
         * @param widths the widths of each field's hidden layers, each at least 1 (default one layer of 16);
         *               none for a linear field {@code f(x) = x W + b}
         */
        public T hiddenLayers(int... widths) {
            this.hiddenLayers = widths;
            return (T) this;
        }

        /** @param activation the hidden layers' activation (default tanh) */
        public T activation(Activation activation) {
            this.activation = activation;
            return (T) this;
        }
    }
}
