package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.CellKernel;
import io.github.dl4jnrn.cell.Positivity;
import org.deeplearning4j.nn.api.MaskState;
import org.deeplearning4j.nn.api.layers.RecurrentLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
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
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * The runtime of the {@link OdeRecurrentLayer continuous-time layers}. It keeps DL4J's SameDiff layer
 * parameter handling and replaces execution. With {@link ExecutionMode#AUTO} the cell's kernel runs forward
 * and backward passes on plain arrays ({@link DirectSequence}); with {@link ExecutionMode#SAMEDIFF} the
 * sequence runs through {@link ChunkGraph chunks} of at most {@code chunkLength} steps, the state of each
 * chunk passed to the next, and backpropagation walks the chunks in reverse, feeding each chunk's
 * initial-state gradient to the chunk before. Gradients are exact for any sequence length.
 *
 * <p>As a DL4J {@link RecurrentLayer}, it keeps the state between calls for {@code rnnTimeStep} and truncated
 * backpropagation through time. The state map has one entry, {@link #STATE_KEY}, the neurons' potentials
 * {@code [minibatch, units]}; a forward pass without stored state starts from zero.
 *
 * <p>Graphs are built once per distinct chunk length (at most {@code chunkLength} of them) and reused.
 */
public class OdeRecurrentLayerImpl extends SameDiffLayer implements RecurrentLayer {

    /** The key of the neurons' state in {@link #rnnGetPreviousState()} and {@link #rnnGetTBPTTState()}. */
    public static final String STATE_KEY = "state";

    private final Map<Integer, ChunkGraph> graphs = new HashMap<>();

    /** The state {@code rnnTimeStep} and stored-state passes start from; null for zero. */
    private INDArray previousState;
    /** The state at the end of the last stored-state training pass, for the next TBPTT segment. */
    private INDArray tbpttState;

    /** States at the start of each chunk from the last training forward pass, reused by backprop. */
    private List<INDArray> chunkStates;

    /** The direct pass of the last training forward pass, with its states, reused by backprop. */
    private DirectSequence directPass;
    private CellKernel directKernel;

    /** The input, mask and initial state (null: zero) of the last training forward pass. */
    private INDArray trainedInput;
    private INDArray trainedMask;
    private INDArray trainedStart;

    /**
     * @param conf     the layer's configuration
     * @param dataType the network's data type
     */
    public OdeRecurrentLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private OdeRecurrentLayer config() {
        return (OdeRecurrentLayer) layerConf();
    }

    /** The input split into what the graph consumes, all NCW and in the network's data type. */
    private record Prepared(INDArray features, INDArray elapsed, INDArray mask, int steps) {

        /** @return the steps {@code [from, to)} */
        Prepared window(int from, int to) {
            return new Prepared(OdeRecurrentLayerImpl.steps(features, from, to),
                    OdeRecurrentLayerImpl.steps(elapsed, from, to), OdeRecurrentLayerImpl.steps(mask, from, to),
                    to - from);
        }
    }

    /** The outputs of a pass over a whole sequence, NCW, and the state after its last step. */
    private record Pass(INDArray outputs, INDArray finalState) {
    }

    // ---------------------------------------------------------------- forward

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, activateFrom(null, training).outputs());
    }

    /**
     * Runs the layer's input from a state, keeping what backprop needs when training.
     *
     * @return the layer's outputs (in its format, masked, or the last step) and the final state
     */
    private Pass activateFrom(INDArray start, boolean training) {
        assertInputSet(false);
        OdeRecurrentLayer conf = config();
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Prepared p = prepare();
            checkState(start, p.features.size(0), "the stored state");
            Pass pass = run(p, start, training);
            trainedInput = training ? input : null;
            trainedMask = training ? maskArray : null;
            trainedStart = training ? start : null;
            INDArray outputs = conf.isReturnSequences() ? maskedSequence(pass.outputs(), p.mask, conf.dataFormat())
                    : pass.outputs().get(all(), all(), point(p.steps - 1)).dup();
            return new Pass(outputs, pass.finalState());
        }
    }

    /** Runs a prepared sequence from a state (null: zero) through the configured execution. */
    private Pass run(Prepared p, INDArray start, boolean keep) {
        CellKernel kernel = kernel();
        return kernel != null ? directForward(kernel, p, start, keep) : graphForward(p, start, keep);
    }

    /** @return the cell's kernel for the direct path, or null to run the SameDiff graph */
    private CellKernel kernel() {
        OdeRecurrentLayer conf = config();
        return conf.getExecutionMode() == ExecutionMode.AUTO ? conf.kernel(paramTable) : null;
    }

    private Pass directForward(CellKernel kernel, Prepared p, INDArray start, boolean keep) {
        OdeRecurrentLayer conf = config();
        long minibatch = p.features.size(0);
        DirectSequence pass = new DirectSequence(kernel, conf.getSolver(), conf.getUnfolds(),
                conf.getCheckpointInterval(), (int) minibatch, p.steps);
        double[] out = pass.forward(flat(p.features), flat(p.elapsed), start == null ? null : flat(start), keep);
        directPass = keep ? pass : null;
        directKernel = keep ? kernel : null;
        INDArray outputs = Nd4j.createFromArray(out).reshape(minibatch, conf.getNOut(), p.steps).castTo(dataType);
        INDArray last = Nd4j.createFromArray(pass.finalStates()).reshape(minibatch, conf.getUnits()).castTo(dataType);
        return new Pass(outputs, last);
    }

    private static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private Pass graphForward(Prepared p, INDArray start, boolean keep) {
        OdeRecurrentLayer conf = config();
        List<INDArray> states = new ArrayList<>();
        INDArray outputs = Nd4j.createUninitialized(dataType, p.features.size(0), conf.getNOut(), p.steps);
        INDArray state = initialState(start, p);
        for (int from = 0; from < p.steps; from += conf.getChunkLength()) {
            int to = Math.min(p.steps, from + conf.getChunkLength());
            states.add(state);
            ChunkGraph.Forward f = graph(to - from).forward(steps(p.features, from, to),
                    steps(p.elapsed, from, to), state);
            outputs.get(all(), all(), interval(from, to)).assign(f.outputs());
            state = f.finalState();
        }
        chunkStates = keep ? states : null;
        return new Pass(outputs, state);
    }

    private INDArray initialState(INDArray start, Prepared p) {
        return start != null ? start.castTo(dataType).dup('c')
                : Nd4j.zeros(dataType, p.features.size(0), config().getUnits());
    }

    private static INDArray maskedSequence(INDArray outputsNcw, INDArray mask, RNNFormat format) {
        INDArray masked = outputsNcw.mul(mask.reshape(mask.size(0), 1, mask.size(1)));
        return format == RNNFormat.NWC ? masked.permute(0, 2, 1).dup('c') : masked;
    }

    private ChunkGraph graph(int steps) {
        return graphs.computeIfAbsent(steps, s -> new ChunkGraph(config(), paramTable, dataType, s));
    }

    private static INDArray steps(INDArray a, int from, int to) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        for (int i = 0; i < idx.length - 1; i++) {
            idx[i] = all();
        }
        idx[idx.length - 1] = interval(from, to);
        return a.get(idx).dup('c');
    }

    /** Validates the input and mask and splits features from elapsed time. */
    private Prepared prepare() {
        OdeRecurrentLayer conf = config();
        if (input.rank() != 3) {
            throw new IllegalArgumentException(describe() + ": expects rank 3 input (" + conf.dataFormat()
                    + ") but got shape " + java.util.Arrays.toString(input.shape()));
        }
        INDArray ncw = conf.dataFormat() == RNNFormat.NWC ? input.permute(0, 2, 1) : input;
        if (ncw.size(1) != conf.getNIn()) {
            throw new IllegalArgumentException(describe() + ": input has " + ncw.size(1) + " channels but nIn is "
                    + conf.getNIn() + " (input shape " + java.util.Arrays.toString(input.shape()) + ", format "
                    + conf.dataFormat() + ")");
        }
        int minibatch = (int) ncw.size(0);
        int steps = (int) ncw.size(2);
        INDArray mask = mask(minibatch, steps);
        int features = conf.featureCount();
        INDArray x = ncw.get(all(), interval(0, features), all()).castTo(dataType).dup('c');
        INDArray elapsed = conf.isElapsedTimeInput()
                ? checkedElapsed(ncw.get(all(), point(features), all()), mask)
                : mask.dup('c');
        return new Prepared(x, elapsed, mask, steps);
    }

    private INDArray mask(int minibatch, int steps) {
        if (maskArray == null) {
            return Nd4j.ones(dataType, minibatch, steps);
        }
        if (maskArray.rank() != 2 || maskArray.size(0) != minibatch || maskArray.size(1) != steps) {
            throw new IllegalArgumentException(describe() + ": the mask must have shape [" + minibatch + ", " + steps
                    + "] (minibatch, time steps) but has shape " + java.util.Arrays.toString(maskArray.shape()));
        }
        return maskArray.castTo(dataType).dup('c');
    }

    /** @return the elapsed times with absent steps at 0, after checking present ones are finite and >= 0 */
    private INDArray checkedElapsed(INDArray elapsed, INDArray mask) {
        double[][] dt = elapsed.castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] m = mask.castTo(DataType.DOUBLE).toDoubleMatrix();
        for (int b = 0; b < dt.length; b++) {
            for (int t = 0; t < dt[b].length; t++) {
                if (m[b][t] == 0) {
                    dt[b][t] = 0;
                } else if (!(dt[b][t] >= 0) || Double.isInfinite(dt[b][t])) {
                    throw new IllegalArgumentException(describe() + ": elapsed time must be finite and non-negative "
                            + "but was " + dt[b][t] + " at example " + b + ", time step " + t
                            + " (elapsedTimeInput: the last input channel holds the elapsed time)");
                }
            }
        }
        return Nd4j.createFromArray(dt).castTo(dataType);
    }

    private String describe() {
        return config().describe() + " (layer " + getIndex() + ")";
    }

    // ---------------------------------------------------------------- backward

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        return backpropGradient(epsilon, Integer.MAX_VALUE, workspaceMgr);
    }

    /**
     * Backpropagates through the last {@code backLength} steps of the input (all of them if it is longer),
     * from the initial state of the last training forward pass, which gets no gradient.
     */
    private Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, int backLength,
                                                      LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(true);
        INDArray epsInput;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Prepared p = prepare();
            INDArray eps = outputErrors(epsilon, p);
            boolean sameInput = trainedInput == input && trainedMask == maskArray;
            INDArray start = sameInput ? trainedStart : null;
            if (backLength >= p.steps) {
                epsInput = backward(p, eps, start, sameInput);
            } else {
                // truncated: the window of the last backLength steps, from the state where it starts
                int stop = p.steps - backLength;
                INDArray windowStart = run(p.window(0, stop), start, false).finalState();
                INDArray windowErrors = backward(p.window(stop, p.steps), steps(eps, stop, p.steps), windowStart,
                        false);
                epsInput = padFront(windowErrors, stop, p);
            }
        }
        chunkStates = null;
        directPass = null;
        directKernel = null;
        trainedInput = null;
        trainedMask = null;
        trainedStart = null;

        Gradient g = new DefaultGradient(gradients);
        for (String key : paramTable.keySet()) {
            g.gradientForVariable().put(key, gradTable.get(key));
        }
        return new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsInput));
    }

    /** Fills the gradient table; returns the input errors of the prepared sequence, in the layer's format. */
    private INDArray backward(Prepared p, INDArray eps, INDArray start, boolean reuseForward) {
        return kernel() != null ? directBackward(p, eps, start, reuseForward)
                : graphBackward(p, eps, start, reuseForward);
    }

    /** @return input errors of the whole input: zero for the first {@code stop} steps, then the window's */
    private INDArray padFront(INDArray windowErrors, int stop, Prepared p) {
        OdeRecurrentLayer conf = config();
        boolean nwc = conf.dataFormat() == RNNFormat.NWC;
        long[] shape = windowErrors.shape().clone();
        shape[nwc ? 1 : 2] = p.steps;
        INDArray full = Nd4j.zeros(dataType, shape);
        INDArrayIndex time = interval(stop, p.steps);
        (nwc ? full.get(all(), time, all()) : full.get(all(), all(), time)).assign(windowErrors);
        return full;
    }

    private INDArray directBackward(Prepared p, INDArray eps, INDArray start, boolean reuseForward) {
        OdeRecurrentLayer conf = config();
        if (!reuseForward || directPass == null) {
            directForward(kernel(), p, start, true);
        }
        double[] features = flat(p.features);
        double[] elapsed = flat(p.elapsed);
        DirectSequence.Gradients g = directPass.backward(features, elapsed, flat(eps));
        Map<String, INDArray> stored = directKernel.storedGradients(g.parameters());
        for (Map.Entry<String, INDArray> e : stored.entrySet()) {
            gradTable.get(e.getKey()).assign(e.getValue());
        }
        long minibatch = p.features.size(0);
        INDArray dFeatures = Nd4j.createFromArray(g.features()).reshape(minibatch, conf.featureCount(), p.steps)
                .castTo(dataType);
        INDArray dElapsed = Nd4j.createFromArray(g.elapsed()).reshape(minibatch, p.steps).castTo(dataType);
        return inputErrors(dFeatures, dElapsed.muli(p.mask));
    }

    private INDArray graphBackward(Prepared p, INDArray eps, INDArray start, boolean reuseForward) {
        OdeRecurrentLayer conf = config();
        List<INDArray> states = reuseForward && chunkStates != null ? chunkStates : chunkStates(p, start);
        int minibatch = (int) p.features.size(0);

        gradients.assign(0);
        INDArray dFeatures = Nd4j.zeros(dataType, minibatch, conf.featureCount(), p.steps);
        INDArray dElapsed = Nd4j.zeros(dataType, minibatch, p.steps);
        INDArray epsState = Nd4j.zeros(dataType, minibatch, conf.getUnits());
        for (int c = states.size() - 1; c >= 0; c--) {
            int from = c * conf.getChunkLength();
            int to = Math.min(p.steps, from + conf.getChunkLength());
            ChunkGraph.Backward b = graph(to - from).backward(steps(p.features, from, to),
                    steps(p.elapsed, from, to), states.get(c), steps(eps, from, to), epsState);
            for (Map.Entry<String, INDArray> e : b.paramGradients().entrySet()) {
                if (e.getValue() != null) {
                    gradTable.get(e.getKey()).addi(e.getValue());
                }
            }
            dFeatures.get(all(), all(), interval(from, to)).assign(b.features());
            dElapsed.get(all(), interval(from, to)).assign(b.elapsed());
            epsState = b.state();
        }
        return inputErrors(dFeatures, dElapsed.muli(p.mask));
    }

    /** @return the chunk start states of this input from a state (null: zero), recomputed */
    private List<INDArray> chunkStates(Prepared p, INDArray start) {
        OdeRecurrentLayer conf = config();
        List<INDArray> states = new ArrayList<>();
        INDArray state = initialState(start, p);
        for (int from = 0; from < p.steps; from += conf.getChunkLength()) {
            int to = Math.min(p.steps, from + conf.getChunkLength());
            states.add(state);
            state = graph(to - from).forward(steps(p.features, from, to), steps(p.elapsed, from, to), state)
                    .finalState();
        }
        return states;
    }

    /** @return the errors of the whole output sequence, NCW, zero where the output is masked or not returned */
    private INDArray outputErrors(INDArray epsilon, Prepared p) {
        OdeRecurrentLayer conf = config();
        INDArray eps = epsilon.castTo(dataType);
        if (!conf.isReturnSequences()) {
            INDArray full = Nd4j.zeros(dataType, eps.size(0), conf.getNOut(), p.steps);
            full.get(all(), all(), point(p.steps - 1)).assign(eps);
            return full;
        }
        INDArray ncw = conf.dataFormat() == RNNFormat.NWC ? eps.permute(0, 2, 1) : eps;
        return ncw.mul(p.mask.reshape(p.mask.size(0), 1, p.mask.size(1)));
    }

    /** @return the errors of the layer's input, in its format, the elapsed-time channel last if present */
    private INDArray inputErrors(INDArray dFeatures, INDArray dElapsed) {
        OdeRecurrentLayer conf = config();
        INDArray ncw = conf.isElapsedTimeInput()
                ? Nd4j.concat(1, dFeatures, dElapsed.reshape(dElapsed.size(0), 1, dElapsed.size(1)))
                : dFeatures;
        return conf.dataFormat() == RNNFormat.NWC ? ncw.permute(0, 2, 1).dup('c') : ncw;
    }

    /**
     * Assigns a parameter (DL4J M2.1's SameDiff layer runtime checks the key and shape but does not assign).
     *
     * @throws IllegalArgumentException if the key is unknown or the shape differs
     */
    @Override
    public void setParam(String key, INDArray value) {
        RuntimeSupport.assign(describe(), paramTable, key, value);
    }

    // ---------------------------------------------------------------- state between calls

    /**
     * Runs the input from the state the previous call ended in (zero if none), and keeps the state it ends
     * in for the next call: a sequence fed in consecutive pieces gives the outputs it gives whole. The input
     * is {@code [minibatch, nIn, T]} (or NWC), T being any number of steps; masked steps hold the state.
     */
    @Override
    public INDArray rnnTimeStep(INDArray input, LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Pass pass = activateFrom(previousState, false);
        previousState = pass.finalState();
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, pass.outputs());
    }

    /** @return a copy of the stored state, {@link #STATE_KEY} to {@code [minibatch, units]}; empty if none */
    @Override
    public Map<String, INDArray> rnnGetPreviousState() {
        return stateMap(previousState);
    }

    /**
     * Sets the state the next {@code rnnTimeStep} starts from (a copy is kept).
     *
     * @param stateMap {@link #STATE_KEY} to the neurons' state {@code [minibatch, units]}; null or empty to
     *                 start from zero
     */
    @Override
    public void rnnSetPreviousState(Map<String, INDArray> stateMap) {
        previousState = stateFrom(stateMap, "rnnSetPreviousState");
    }

    /** Forgets the stored states: the next call starts from zero. */
    @Override
    public void rnnClearPreviousState() {
        previousState = null;
        tbpttState = null;
    }

    /**
     * A forward pass from the stored state (zero if none), as in truncated backpropagation through time.
     *
     * @param storeLastForTBPTT true to keep the final state as the {@link #rnnGetTBPTTState() TBPTT state}
     */
    @Override
    public INDArray rnnActivateUsingStoredState(INDArray input, boolean training, boolean storeLastForTBPTT,
                                                LayerWorkspaceMgr workspaceMgr) {
        setInput(input, workspaceMgr);
        Pass pass = activateFrom(previousState, training);
        if (storeLastForTBPTT) {
            tbpttState = pass.finalState();
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, pass.outputs());
    }

    @Override
    public Map<String, INDArray> rnnGetTBPTTState() {
        return stateMap(tbpttState);
    }

    @Override
    public void rnnSetTBPTTState(Map<String, INDArray> state) {
        tbpttState = stateFrom(state, "rnnSetTBPTTState");
    }

    /**
     * Backpropagates a truncated-BPTT segment through its last {@code tbpttBackLength} steps, from the state
     * the segment started in; no gradient flows into that state or into earlier steps.
     */
    @Override
    public Pair<Gradient, INDArray> tbpttBackpropGradient(INDArray epsilon, int tbpttBackLength,
                                                          LayerWorkspaceMgr workspaceMgr) {
        if (tbpttBackLength < 1) {
            throw new IllegalArgumentException(describe() + ": tbpttBackLength must be at least 1 but was "
                    + tbpttBackLength);
        }
        return backpropGradient(epsilon, tbpttBackLength, workspaceMgr);
    }

    private static Map<String, INDArray> stateMap(INDArray state) {
        Map<String, INDArray> map = new HashMap<>();
        if (state != null) {
            map.put(STATE_KEY, state.dup());
        }
        return map;
    }

    private INDArray stateFrom(Map<String, INDArray> map, String method) {
        if (map == null || map.isEmpty()) {
            return null;
        }
        INDArray state = map.get(STATE_KEY);
        if (state == null || map.size() != 1) {
            throw new IllegalArgumentException(describe() + ": " + method + " expects one entry, \"" + STATE_KEY
                    + "\" (the neurons' state [minibatch, units]), but got keys " + map.keySet());
        }
        checkState(state, state.rank() == 2 ? state.size(0) : -1, method);
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return state.castTo(dataType).dup('c');
        }
    }

    /** Checks a state (null is fine) against the layer's units and a minibatch size. */
    private void checkState(INDArray state, long minibatch, String what) {
        if (state == null) {
            return;
        }
        int units = config().getUnits();
        if (state.rank() != 2 || state.size(0) != minibatch || state.size(1) != units) {
            throw new IllegalArgumentException(describe() + ": " + what + " must have shape [" + minibatch + ", "
                    + units + "] (minibatch, units) but has shape " + java.util.Arrays.toString(state.shape())
                    + "; rnnClearPreviousState() starts again from zero");
        }
    }

    // ---------------------------------------------------------------- masks and constraints

    @Override
    public Pair<INDArray, MaskState> feedForwardMaskArray(INDArray maskArray, MaskState currentMaskState,
                                                          int minibatchSize) {
        this.maskArray = maskArray;
        this.maskState = currentMaskState;
        if (!config().isReturnSequences()) {
            return new Pair<>(null, currentMaskState);
        }
        return new Pair<>(maskArray, currentMaskState);
    }

    /**
     * Applies the configured constraints and, with {@link Positivity#CLIP}, clips each positive parameter to
     * its lower bound.
     */
    @Override
    public void applyConstraints(int iteration, int epoch) {
        super.applyConstraints(iteration, epoch);
        OdeRecurrentLayer conf = config();
        if (conf.getPositivity() != Positivity.CLIP) {
            return;
        }
        for (Map.Entry<String, Double> e : conf.positiveParameterBounds().entrySet()) {
            INDArray p = paramTable.get(e.getKey());
            p.assign(Transforms.max(p, e.getValue(), true));
        }
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weight noise
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    /** @return the number of distinct chunk graphs built so far (for tests and diagnostics) */
    public int graphCount() {
        return graphs.size();
    }
}
