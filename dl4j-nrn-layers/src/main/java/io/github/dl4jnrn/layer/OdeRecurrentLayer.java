package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.Cell;
import io.github.dl4jnrn.cell.CellGraph;
import io.github.dl4jnrn.cell.CellKernel;
import io.github.dl4jnrn.cell.Positivity;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.FullyConnectedWiring;
import io.github.dl4jnrn.wiring.NeuronRole;
import io.github.dl4jnrn.wiring.Synapses;
import io.github.dl4jnrn.wiring.Wiring;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.InputTypeUtil;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collection;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration shared by the continuous-time recurrent layers: a cell whose neurons' states follow an ODE,
 * integrated over each time step of the input sequence by a fixed-step {@link OdeSolver} with
 * {@link #getUnfolds() unfolds} steps, the input held constant over the step.
 *
 * <p><b>Input and output.</b> Input is {@code [minibatch, nIn, T]} ({@link RNNFormat#NCW}) or
 * {@code [minibatch, T, nIn]} ({@link RNNFormat#NWC}); any {@code T} in any minibatch. The output is the
 * sequence of the first {@code nOut} neurons' states through an affine output map, in the input's format,
 * or with {@link #isReturnSequences() returnSequences} false only its last time step,
 * {@code [minibatch, nOut]}. The state starts at zero for each sequence.
 *
 * <p><b>Elapsed time.</b> Each step lasts 1 by default. With {@link #isElapsedTimeInput() elapsedTimeInput}
 * the last of the {@code nIn} input channels holds each step's elapsed time (non-negative; 0 holds the
 * state) and the cell sees the other {@code nIn - 1} channels, for irregularly sampled series.
 *
 * <p><b>Masks.</b> A per-step mask {@code [minibatch, T]} marks absent steps: the state is held through
 * them, sequence outputs there are zero, and with {@code returnSequences} false the output is the state at
 * each sequence's last present step. So a padded, masked batch gives each sequence's outputs unchanged.
 *
 * <p><b>Runtime.</b> The layer runs on its own runtime ({@link OdeRecurrentLayerImpl}), not DL4J's stock
 * SameDiff layer runtime. By default ({@link ExecutionMode#AUTO}) it computes forward and backward passes
 * directly on plain arrays through the cell's {@link #kernel kernel}; the SameDiff graph of
 * {@link #defineLayer} is the definition, and {@link ExecutionMode#SAMEDIFF} runs it instead: in chunks of
 * {@link #getChunkLength() chunkLength} steps, backpropagated chunk by chunk, which gives exact gradients
 * for any sequence length and keeps graph build time bounded.
 *
 * <p><b>Memory.</b> For the backward pass, the direct path keeps the state at the start of every unfold of
 * every step ({@code minibatch x T x unfolds x units} doubles). With {@link #getCheckpointInterval()
 * checkpointInterval} {@code c > 0} it keeps one state every {@code c} steps and recomputes the rest during
 * the backward pass ({@code minibatch x (T / c + c x unfolds) x units}), for long sequences.
 *
 * <p><b>State between calls.</b> The runtime is a DL4J {@code RecurrentLayer}: {@code rnnTimeStep} continues
 * from the state the previous call ended in ({@code rnnGetPreviousState}, {@code rnnSetPreviousState},
 * {@code rnnClearPreviousState} manage it), so a sequence fed in pieces gives the outputs of the whole; and
 * truncated backpropagation through time ({@code BackpropType.TruncatedBPTT}) carries the state from one
 * segment to the next.
 */
public abstract class OdeRecurrentLayer extends SameDiffLayer {

    private static final long serialVersionUID = 1L;

    /** Default solver steps per time step. */
    public static final int DEFAULT_UNFOLDS = 6;
    /** Default number of time steps per graph chunk. */
    public static final int DEFAULT_CHUNK_LENGTH = 10;

    protected long nIn;
    protected long nOut;
    protected int units;
    protected OdeSolver solver = OdeSolver.FUSED;
    protected int unfolds = DEFAULT_UNFOLDS;
    protected RNNFormat rnnDataFormat;
    protected boolean returnSequences = true;
    protected boolean elapsedTimeInput;
    protected Positivity positivity = Positivity.SOFTPLUS;
    protected Wiring wiring = new FullyConnectedWiring();
    protected int chunkLength = DEFAULT_CHUNK_LENGTH;
    protected ExecutionMode executionMode = ExecutionMode.AUTO;
    protected int checkpointInterval;

    private transient Synapses synapses;

    protected OdeRecurrentLayer() {
        // for JSON
    }

    protected OdeRecurrentLayer(Builder<?> b) {
        super(b);
        this.nIn = b.nIn;
        this.nOut = b.nOut;
        this.units = b.units > 0 ? b.units : (int) b.nOut;
        this.solver = b.solver;
        this.unfolds = b.unfolds;
        this.rnnDataFormat = b.rnnDataFormat;
        this.returnSequences = b.returnSequences;
        this.elapsedTimeInput = b.elapsedTimeInput;
        this.positivity = b.positivity;
        this.wiring = b.wiring;
        this.chunkLength = b.chunkLength;
        this.executionMode = b.executionMode;
        this.checkpointInterval = b.checkpointInterval;
        validate();
    }

    // ---------------------------------------------------------------- what subclasses define

    /**
     * Defines the cell in a graph.
     *
     * @param sd     the graph
     * @param params the stored parameters as graph variables
     * @return the cell
     */
    public abstract CellGraph defineCell(SameDiff sd, Map<String, SDVariable> params);

    /**
     * The plain implementation of the cell with the given parameters, independent of SameDiff.
     *
     * @param params the stored parameters, as in the layer's parameter table
     * @return the cell
     */
    public abstract Cell plainCell(Map<String, INDArray> params);

    /**
     * The cell with its vector-Jacobian products on plain arrays, for the direct execution path; null if the
     * cell has none, in which case the layer always runs its SameDiff graph.
     *
     * @param params the stored parameters, as in the layer's parameter table
     * @return the kernel, or null
     */
    public CellKernel kernel(Map<String, INDArray> params) {
        return null;
    }

    /**
     * @return for each parameter kept positive, its lower bound; {@link Positivity#CLIP} clips to it after
     *         each update
     */
    protected abstract Map<String, Double> positiveParameterBounds();

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
        require(nOut >= 1, "nOut must be at least 1 but was " + nOut);
        require(units >= nOut, "units must be at least nOut (" + nOut + ") but was " + units);
        require(nIn >= 0, "nIn must not be negative but was " + nIn);
        require(unfolds >= 1, "unfolds must be at least 1 but was " + unfolds);
        require(chunkLength >= 1, "chunkLength must be at least 1 but was " + chunkLength);
        require(checkpointInterval >= 0, "checkpointInterval must be 0 (keep every state) or a positive number of "
                + "steps but was " + checkpointInterval);
        require(solver != null, "solver must not be null");
        require(positivity != null, "positivity must not be null");
        require(wiring != null, "wiring must not be null");
        require(executionMode != null, "executionMode must not be null");
        if (elapsedTimeInput && nIn > 0) {
            require(nIn >= 2, "with elapsedTimeInput the last input channel is the elapsed time, so nIn must be "
                    + "at least 2 but was " + nIn);
        }
        roles();
        if (nIn > 0) {
            synapses = null;
            synapses();
        }
    }

    protected void require(boolean rule, String message) {
        if (!rule) {
            throw new IllegalArgumentException(describe() + ": " + message);
        }
    }

    // ---------------------------------------------------------------- derived values

    /** @return the number of input features the cell sees: {@code nIn}, less one with elapsed-time input */
    public int featureCount() {
        return (int) nIn - (elapsedTimeInput ? 1 : 0);
    }

    /** @return the synapses of this layer's wiring, built for its sizes */
    public Synapses synapses() {
        if (nIn <= 0) {
            throw new IllegalStateException(describe() + ": nIn is not set; set it on the builder or let the network "
                    + "infer it with setInputType");
        }
        if (synapses == null) {
            try {
                synapses = wiring.build(featureCount(), units);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
            }
        }
        return synapses;
    }

    /**
     * @return the role of each neuron under this layer's wiring (the first {@code nOut} are motor neurons)
     * @throws IllegalArgumentException if the wiring does not fit {@code units} and {@code nOut}
     */
    public NeuronRole[] roles() {
        try {
            return wiring.roles(units, (int) nOut);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(describe() + ": " + e.getMessage(), e);
        }
    }

    /** @return the data format in effect: the configured one, else NCW */
    public RNNFormat dataFormat() {
        return rnnDataFormat == null ? RNNFormat.NCW : rnnDataFormat;
    }

    /**
     * Initialises an array with values uniform in {@code [lo, hi)} as the cell uses them, stored through the
     * positivity transform if {@code positive}.
     */
    protected void uniform(INDArray array, double lo, double hi, boolean positive) {
        INDArray values = Nd4j.rand(DataType.DOUBLE, array.shape()).muli(hi - lo).addi(lo);
        if (positive) {
            values = values.dup();
            double[] flat = values.reshape(values.length()).toDoubleVector();
            for (int i = 0; i < flat.length; i++) {
                flat[i] = positivity.store(flat[i]);
            }
            values = Nd4j.createFromArray(flat).reshape(array.shape());
        }
        array.assign(values.castTo(array.dataType()));
    }

    // ---------------------------------------------------------------- DL4J integration

    @Override
    public void setNIn(InputType inputType, boolean override) {
        InputType.InputTypeRecurrent r = recurrentInput(inputType);
        if (nIn <= 0 || override) {
            nIn = r.getSize();
            synapses = null;
            SDLayerParams params = getLayerParams();
            params.clear();
            defineParameters(params);
        }
        if (rnnDataFormat == null || override) {
            rnnDataFormat = r.getFormat();
        }
        validate();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType.InputTypeRecurrent r = recurrentInput(inputType);
        if (!returnSequences) {
            return InputType.feedForward(nOut);
        }
        return InputType.recurrent(nOut, r.getTimeSeriesLength(), dataFormat());
    }

    private InputType.InputTypeRecurrent recurrentInput(InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeRecurrent r)) {
            throw new IllegalArgumentException(describe() + ": expects recurrent input (InputType.recurrent) but got "
                    + inputType);
        }
        return r;
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return InputTypeUtil.getPreprocessorForInputTypeRnnLayers(inputType, rnnDataFormat, getLayerName());
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable layerInput, Map<String, SDVariable> paramTable,
                                  SDVariable mask) {
        SDVariable in = dataFormat() == RNNFormat.NWC ? layerInput.permute(0, 2, 1) : layerInput;
        long[] shape = in.getShape();
        if (shape == null || shape.length != 3 || shape[2] <= 0) {
            throw new IllegalStateException(describe() + ": defineLayer needs an input with a known sequence length");
        }
        int steps = (int) shape[2];
        int features = featureCount();
        SDVariable featuresVar = elapsedTimeInput ? sd.slice(in, new int[] {0, 0, 0}, -1, features, steps) : in;
        SDVariable elapsed = elapsedTimeInput
                ? sd.squeeze(sd.slice(in, new int[] {0, features, 0}, -1, 1, steps), 1)
                : sd.onesLike(sd.sum(in, 1));
        if (mask != null) {
            elapsed = elapsed.mul(mask);
        }
        SDVariable ones = sd.onesLike(sd.expandDims(sd.sum(elapsed, 1), 1));
        SDVariable state0 = ones.mmul(sd.constant(Nd4j.zeros(ones.dataType(), 1, units)));
        CellGraph cell = defineCell(sd, paramTable);
        SequenceUnroll.Unrolled u = SequenceUnroll.unroll(cell, featuresVar, elapsed, state0, steps, solver, unfolds);
        SDVariable out = u.outputs();
        if (!returnSequences) {
            return sd.squeeze(sd.slice(out, new int[] {0, 0, steps - 1}, -1, (int) nOut, 1), 2);
        }
        if (mask != null) {
            out = out.mul(sd.expandDims(mask, 1));
        }
        return dataFormat() == RNNFormat.NWC ? out.permute(0, 2, 1) : out;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> trainingListeners,
                             int layerIndex, INDArray layerParamsView, boolean initializeParams,
                             DataType networkDataType) {
        return RuntimeSupport.attach(new OdeRecurrentLayerImpl(conf, networkDataType), conf, trainingListeners,
                layerIndex, layerParamsView, initializeParams, initializer());
    }

    // ---------------------------------------------------------------- getters and setters (JSON)

    public long getNIn() {
        return nIn;
    }

    public void setNIn(long nIn) {
        this.nIn = nIn;
        this.synapses = null;
    }

    public long getNOut() {
        return nOut;
    }

    public void setNOut(long nOut) {
        this.nOut = nOut;
    }

    /** @return the number of neurons, at least {@code nOut} */
    public int getUnits() {
        return units;
    }

    public void setUnits(int units) {
        this.units = units;
        this.synapses = null;
    }

    public OdeSolver getSolver() {
        return solver;
    }

    public void setSolver(OdeSolver solver) {
        this.solver = solver;
    }

    public int getUnfolds() {
        return unfolds;
    }

    public void setUnfolds(int unfolds) {
        this.unfolds = unfolds;
    }

    public RNNFormat getRnnDataFormat() {
        return rnnDataFormat;
    }

    public void setRnnDataFormat(RNNFormat rnnDataFormat) {
        this.rnnDataFormat = rnnDataFormat;
    }

    public boolean isReturnSequences() {
        return returnSequences;
    }

    public void setReturnSequences(boolean returnSequences) {
        this.returnSequences = returnSequences;
    }

    public boolean isElapsedTimeInput() {
        return elapsedTimeInput;
    }

    public void setElapsedTimeInput(boolean elapsedTimeInput) {
        this.elapsedTimeInput = elapsedTimeInput;
        this.synapses = null;
    }

    public Positivity getPositivity() {
        return positivity;
    }

    public void setPositivity(Positivity positivity) {
        this.positivity = positivity;
    }

    public Wiring getWiring() {
        return wiring;
    }

    public void setWiring(Wiring wiring) {
        this.wiring = wiring;
        this.synapses = null;
    }

    /** @return how the layer computes its passes (default {@link ExecutionMode#AUTO}) */
    public ExecutionMode getExecutionMode() {
        return executionMode;
    }

    public void setExecutionMode(ExecutionMode executionMode) {
        this.executionMode = executionMode;
    }

    public int getChunkLength() {
        return chunkLength;
    }

    public void setChunkLength(int chunkLength) {
        this.chunkLength = chunkLength;
    }

    /**
     * @return 0 (default) if the direct path keeps every state for the backward pass, else the number of steps
     *         between the states it keeps (the others are recomputed)
     */
    public int getCheckpointInterval() {
        return checkpointInterval;
    }

    public void setCheckpointInterval(int checkpointInterval) {
        this.checkpointInterval = checkpointInterval;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OdeRecurrentLayer l) || !super.equals(o)) {
            return false;
        }
        return nIn == l.nIn && nOut == l.nOut && units == l.units && solver == l.solver && unfolds == l.unfolds
                && rnnDataFormat == l.rnnDataFormat && returnSequences == l.returnSequences
                && elapsedTimeInput == l.elapsedTimeInput && positivity == l.positivity
                && Objects.equals(wiring, l.wiring) && chunkLength == l.chunkLength
                && executionMode == l.executionMode && checkpointInterval == l.checkpointInterval;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), nIn, nOut, units, solver, unfolds, rnnDataFormat, returnSequences,
                elapsedTimeInput, positivity, wiring, chunkLength, executionMode, checkpointInterval);
    }

    @Override
    public String toString() {
        return describe() + "(nIn=" + nIn + ", nOut=" + nOut + ", units=" + units + ", solver=" + solver
                + ", unfolds=" + unfolds + ", returnSequences=" + returnSequences + ", elapsedTimeInput="
                + elapsedTimeInput + ", positivity=" + positivity + ", wiring=" + wiring + ")";
    }

    // ---------------------------------------------------------------- builder

    /**
     * Builder of the settings shared by the continuous-time layers.
     *
     * @param <T> the concrete builder type
     */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<T extends Builder<T>> extends SameDiffLayer.Builder<T> {

        protected long nIn;
        protected long nOut;
        protected int units;
        protected OdeSolver solver = OdeSolver.FUSED;
        protected int unfolds = DEFAULT_UNFOLDS;
        protected RNNFormat rnnDataFormat;
        protected boolean returnSequences = true;
        protected boolean elapsedTimeInput;
        protected Positivity positivity = Positivity.SOFTPLUS;
        protected Wiring wiring = new FullyConnectedWiring();
        protected int chunkLength = DEFAULT_CHUNK_LENGTH;
        protected ExecutionMode executionMode = ExecutionMode.AUTO;
        protected int checkpointInterval;

        /** @param nIn input channels (with elapsed-time input, including the elapsed-time channel) */
        public T nIn(long nIn) {
            this.nIn = nIn;
            return (T) this;
        }

        /** @param nOut outputs: the first {@code nOut} neurons through the output map */
        public T nOut(long nOut) {
            this.nOut = nOut;
            return (T) this;
        }

        /** @param units total number of neurons, at least {@code nOut}; defaults to {@code nOut} */
        public T units(int units) {
            this.units = units;
            return (T) this;
        }

        /** @param solver the ODE solver (default {@link OdeSolver#FUSED}) */
        public T solver(OdeSolver solver) {
            this.solver = solver;
            return (T) this;
        }

        /** @param unfolds solver steps per time step, at least 1 (default 6) */
        public T unfolds(int unfolds) {
            this.unfolds = unfolds;
            return (T) this;
        }

        /** @param format NCW ({@code [mb, nIn, T]}) or NWC ({@code [mb, T, nIn]}); inferred if not set */
        public T dataFormat(RNNFormat format) {
            this.rnnDataFormat = format;
            return (T) this;
        }

        /** @param returnSequences true (default) for the whole output sequence, false for the last step only */
        public T returnSequences(boolean returnSequences) {
            this.returnSequences = returnSequences;
            return (T) this;
        }

        /** @param elapsedTimeInput true if the last input channel holds each step's elapsed time */
        public T elapsedTimeInput(boolean elapsedTimeInput) {
            this.elapsedTimeInput = elapsedTimeInput;
            return (T) this;
        }

        /** @param positivity how positive parameters stay positive (default {@link Positivity#SOFTPLUS}) */
        public T positivity(Positivity positivity) {
            this.positivity = positivity;
            return (T) this;
        }

        /**
         * @param wiring which synapses exist and their polarity (default fully connected): {@code
         *               FullyConnectedWiring}, {@code RandomWiring}, {@code NcpWiring}, {@code AutoNcpWiring} or
         *               {@code AdjacencyWiring}; a wiring with layers must fit {@code units} and {@code nOut}
         */
        public T wiring(Wiring wiring) {
            this.wiring = wiring;
            return (T) this;
        }

        /**
         * @param mode {@link ExecutionMode#AUTO} (default) for the direct path where available,
         *             {@link ExecutionMode#SAMEDIFF} to always run the SameDiff graph
         */
        public T executionMode(ExecutionMode mode) {
            this.executionMode = mode;
            return (T) this;
        }

        /**
         * @param chunkLength time steps per graph chunk (default 10): longer chunks mean fewer graph calls but
         *                    longer graph build times
         */
        public T chunkLength(int chunkLength) {
            this.chunkLength = chunkLength;
            return (T) this;
        }

        /**
         * Trades compute for memory on long sequences (direct path): with {@code c > 0}, the training forward
         * pass keeps the state only every {@code c} steps and the backward pass recomputes the steps in
         * between, about one more forward pass of work. Gradients are unchanged. A good value is near
         * {@code sqrt(T / unfolds)}; with {@link ExecutionMode#SAMEDIFF} the graph chunks play this role.
         *
         * @param checkpointInterval 0 (default) to keep every state, or steps between kept states
         */
        public T checkpointInterval(int checkpointInterval) {
            this.checkpointInterval = checkpointInterval;
            return (T) this;
        }
    }
}
