package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.CellKernel;
import io.github.dl4jnrn.cell.Positivity;
import org.deeplearning4j.nn.api.MaskState;
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
 * parameter handling and replaces execution: the sequence runs through {@link ChunkGraph chunks} of at most
 * {@code chunkLength} steps, the state of each chunk passed to the next; backpropagation walks the chunks in
 * reverse, feeding each chunk's initial-state gradient to the chunk before. Gradients are exact for any
 * sequence length; only one chunk's activations are held at a time, plus one state per chunk.
 *
 * <p>Graphs are built once per distinct chunk length (at most {@code chunkLength} of them) and reused.
 */
public class OdeRecurrentLayerImpl extends SameDiffLayer {

    private final Map<Integer, ChunkGraph> graphs = new HashMap<>();

    /** States at the start of each chunk from the last training forward pass, reused by backprop. */
    private List<INDArray> chunkStates;

    /** The direct pass of the last training forward pass, with its states, reused by backprop. */
    private DirectSequence directPass;
    private CellKernel directKernel;

    /** The input and mask of the last training forward pass. */
    private INDArray trainedInput;
    private INDArray trainedMask;

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
    }

    // ---------------------------------------------------------------- forward

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        OdeRecurrentLayer conf = config();
        INDArray outputs;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Prepared p = prepare();
            CellKernel kernel = kernel();
            outputs = kernel != null ? directForward(kernel, p, training) : graphForward(p, training);
            trainedInput = training ? input : null;
            trainedMask = training ? maskArray : null;
            outputs = conf.isReturnSequences() ? maskedSequence(outputs, p.mask, conf.dataFormat())
                    : outputs.get(all(), all(), point(p.steps - 1)).dup();
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, outputs);
    }

    /** @return the cell's kernel for the direct path, or null to run the SameDiff graph */
    private CellKernel kernel() {
        OdeRecurrentLayer conf = config();
        return conf.getExecutionMode() == ExecutionMode.AUTO ? conf.kernel(paramTable) : null;
    }

    private INDArray directForward(CellKernel kernel, Prepared p, boolean keep) {
        OdeRecurrentLayer conf = config();
        DirectSequence pass = new DirectSequence(kernel, conf.getSolver(), conf.getUnfolds(),
                (int) p.features.size(0), p.steps);
        double[] out = pass.forward(flat(p.features), flat(p.elapsed), keep);
        directPass = keep ? pass : null;
        directKernel = keep ? kernel : null;
        return Nd4j.createFromArray(out).reshape(p.features.size(0), conf.getNOut(), p.steps).castTo(dataType);
    }

    private static double[] flat(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private INDArray graphForward(Prepared p, boolean keep) {
        OdeRecurrentLayer conf = config();
        List<INDArray> states = new ArrayList<>();
        INDArray outputs = Nd4j.createUninitialized(dataType, p.features.size(0), conf.getNOut(), p.steps);
        INDArray state = Nd4j.zeros(dataType, p.features.size(0), conf.getUnits());
        for (int start = 0; start < p.steps; start += conf.getChunkLength()) {
            int end = Math.min(p.steps, start + conf.getChunkLength());
            states.add(state);
            ChunkGraph.Forward f = graph(end - start).forward(steps(p.features, start, end),
                    steps(p.elapsed, start, end), state);
            outputs.get(all(), all(), interval(start, end)).assign(f.outputs());
            state = f.finalState();
        }
        chunkStates = keep ? states : null;
        return outputs;
    }

    private static INDArray maskedSequence(INDArray outputsNcw, INDArray mask, RNNFormat format) {
        INDArray masked = outputsNcw.mul(mask.reshape(mask.size(0), 1, mask.size(1)));
        return format == RNNFormat.NWC ? masked.permute(0, 2, 1).dup('c') : masked;
    }

    private ChunkGraph graph(int steps) {
        return graphs.computeIfAbsent(steps, s -> new ChunkGraph(config(), paramTable, dataType, s));
    }

    private static INDArray steps(INDArray a, int start, int end) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        for (int i = 0; i < idx.length - 1; i++) {
            idx[i] = all();
        }
        idx[idx.length - 1] = interval(start, end);
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
        assertInputSet(true);
        INDArray epsInput;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            Prepared p = prepare();
            INDArray eps = outputErrors(epsilon, p);
            boolean sameInput = trainedInput == input && trainedMask == maskArray;
            epsInput = kernel() != null ? directBackward(p, eps, sameInput) : graphBackward(p, eps, sameInput);
        }
        chunkStates = null;
        directPass = null;
        directKernel = null;
        trainedInput = null;
        trainedMask = null;

        Gradient g = new DefaultGradient(gradients);
        for (String key : paramTable.keySet()) {
            g.gradientForVariable().put(key, gradTable.get(key));
        }
        return new Pair<>(g, workspaceMgr.dup(ArrayType.ACTIVATION_GRAD, epsInput));
    }

    private INDArray directBackward(Prepared p, INDArray eps, boolean sameInput) {
        OdeRecurrentLayer conf = config();
        if (!sameInput || directPass == null) {
            directForward(kernel(), p, true);
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

    private INDArray graphBackward(Prepared p, INDArray eps, boolean sameInput) {
        OdeRecurrentLayer conf = config();
        List<INDArray> states = sameInput && chunkStates != null ? chunkStates : chunkStates(p);
        int minibatch = (int) p.features.size(0);

        gradients.assign(0);
        INDArray dFeatures = Nd4j.zeros(dataType, minibatch, conf.featureCount(), p.steps);
        INDArray dElapsed = Nd4j.zeros(dataType, minibatch, p.steps);
        INDArray epsState = Nd4j.zeros(dataType, minibatch, conf.getUnits());
        for (int c = states.size() - 1; c >= 0; c--) {
            int start = c * conf.getChunkLength();
            int end = Math.min(p.steps, start + conf.getChunkLength());
            ChunkGraph.Backward b = graph(end - start).backward(steps(p.features, start, end),
                    steps(p.elapsed, start, end), states.get(c), steps(eps, start, end), epsState);
            for (Map.Entry<String, INDArray> e : b.paramGradients().entrySet()) {
                if (e.getValue() != null) {
                    gradTable.get(e.getKey()).addi(e.getValue());
                }
            }
            dFeatures.get(all(), all(), interval(start, end)).assign(b.features());
            dElapsed.get(all(), interval(start, end)).assign(b.elapsed());
            epsState = b.state();
        }
        return inputErrors(dFeatures, dElapsed.muli(p.mask));
    }

    /** @return the chunk start states of this input, recomputed */
    private List<INDArray> chunkStates(Prepared p) {
        OdeRecurrentLayer conf = config();
        List<INDArray> states = new ArrayList<>();
        INDArray state = Nd4j.zeros(dataType, p.features.size(0), conf.getUnits());
        for (int start = 0; start < p.steps; start += conf.getChunkLength()) {
            int end = Math.min(p.steps, start + conf.getChunkLength());
            states.add(state);
            state = graph(end - start).forward(steps(p.features, start, end), steps(p.elapsed, start, end), state)
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
