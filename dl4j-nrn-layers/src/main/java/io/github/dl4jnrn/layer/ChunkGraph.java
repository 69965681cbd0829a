package io.github.dl4jnrn.layer;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.array.SingleThreadArrayHolder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The SameDiff graph of a layer's cell unrolled over a fixed number of time steps, with the state passed in
 * and out, so that a sequence of any length runs as consecutive chunks.
 *
 * <p>The backward pass differentiates the surrogate loss {@code sum(outputs * epsOutputs) +
 * sum(finalState * epsState)}, with the incoming errors as placeholders: its gradients are exactly the
 * vector-Jacobian products the chunk needs, for parameters, input, elapsed time and initial state. (DL4J's
 * stock runtime instead relies on an external-errors op that M2.1 counts twice.)
 *
 * <p>Parameters are graph variables backed by the layer's parameter views, so updates are seen without
 * rebuilding. Not thread-safe, like DL4J layers.
 */
final class ChunkGraph {

    static final String FEATURES = "features";
    static final String ELAPSED = "elapsed";
    static final String STATE = "state";
    static final String OUTPUTS = "outputs";
    static final String FINAL_STATE = "finalState";
    static final String EPS_OUTPUTS = "epsOutputs";
    static final String EPS_STATE = "epsState";
    static final String LOSS = "surrogateLoss";

    private static final Object STDOUT_LOCK = new Object();

    private final SameDiff sd;
    private final List<String> paramKeys;
    private boolean gradientReady;

    /** The results of a forward pass over one chunk. */
    record Forward(INDArray outputs, INDArray finalState) {
    }

    /** The results of a backward pass over one chunk. */
    record Backward(Map<String, INDArray> paramGradients, INDArray features, INDArray elapsed, INDArray state) {
    }

    /**
     * @param conf   the layer configuration
     * @param params the layer's parameter views
     * @param type   the network's data type
     * @param steps  the number of time steps of the chunk
     */
    ChunkGraph(OdeRecurrentLayer conf, Map<String, INDArray> params, DataType type, int steps) {
        sd = SameDiff.create();
        sd.setArrayHolders(new SingleThreadArrayHolder(), new SingleThreadArrayHolder(), false);
        paramKeys = new ArrayList<>(params.keySet());

        SDVariable features = sd.placeHolder(FEATURES, type, -1, conf.featureCount(), steps);
        SDVariable elapsed = sd.placeHolder(ELAPSED, type, -1, steps);
        SDVariable state = sd.placeHolder(STATE, type, -1, conf.getUnits());
        Map<String, SDVariable> vars = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            SDVariable v = sd.var(e.getKey(), type, e.getValue().shape());
            sd.associateArrayWithVariable(e.getValue(), v);
            vars.put(e.getKey(), v);
        }

        SequenceUnroll.Unrolled u = SequenceUnroll.unroll(conf.defineCell(sd, vars), features, elapsed, state,
                steps, conf.getSolver(), conf.getUnfolds());
        SDVariable outputs = sd.identity(OUTPUTS, u.outputs());
        SDVariable finalState = sd.identity(FINAL_STATE, u.finalState());

        SDVariable epsOutputs = sd.placeHolder(EPS_OUTPUTS, type, -1, conf.getNOut(), steps);
        SDVariable epsState = sd.placeHolder(EPS_STATE, type, -1, conf.getUnits());
        SDVariable loss = sd.sum(outputs.mul(epsOutputs)).add(LOSS, sd.sum(finalState.mul(epsState)));
        sd.setLossVariables(loss);
    }

    /**
     * @param features the features, {@code [minibatch, features, steps]}
     * @param elapsed  the elapsed time per step, {@code [minibatch, steps]}
     * @param state    the initial state, {@code [minibatch, units]}
     * @return outputs {@code [minibatch, nOut, steps]} and final state
     */
    Forward forward(INDArray features, INDArray elapsed, INDArray state) {
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(FEATURES, features);
        ph.put(ELAPSED, elapsed);
        ph.put(STATE, state);
        Map<String, INDArray> out = sd.output(ph, OUTPUTS, FINAL_STATE);
        Forward f = new Forward(out.get(OUTPUTS).dup(), out.get(FINAL_STATE).dup());
        clear();
        return f;
    }

    /**
     * @param epsOutputs the loss gradient with respect to the chunk's outputs
     * @param epsState   the loss gradient with respect to the chunk's final state
     * @return the gradients of the loss with respect to the parameters, features, elapsed times and initial state
     */
    Backward backward(INDArray features, INDArray elapsed, INDArray state, INDArray epsOutputs, INDArray epsState) {
        ensureGradientFunction();
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(FEATURES, features);
        ph.put(ELAPSED, elapsed);
        ph.put(STATE, state);
        ph.put(EPS_OUTPUTS, epsOutputs);
        ph.put(EPS_STATE, epsState);
        List<String> wanted = new ArrayList<>(paramKeys);
        wanted.add(FEATURES);
        wanted.add(ELAPSED);
        wanted.add(STATE);
        Map<String, INDArray> g = sd.calculateGradients(ph, wanted);

        Map<String, INDArray> paramGradients = new LinkedHashMap<>();
        for (String k : paramKeys) {
            paramGradients.put(k, g.get(k));
        }
        Backward b = new Backward(paramGradients, orZeros(g.get(FEATURES), features),
                orZeros(g.get(ELAPSED), elapsed), orZeros(g.get(STATE), state));
        clear();
        return b;
    }

    private static INDArray orZeros(INDArray gradient, INDArray like) {
        return gradient == null ? like.ulike().assign(0) : gradient.dup();
    }

    /**
     * Creates the gradient function. SameDiff M2.1 prints a line to standard output for every op it
     * differentiates; standard output is muted meanwhile.
     */
    private void ensureGradientFunction() {
        if (gradientReady) {
            return;
        }
        synchronized (STDOUT_LOCK) {
            PrintStream original = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction(FEATURES, ELAPSED, STATE);
            } finally {
                System.setOut(original);
            }
        }
        gradientReady = true;
    }

    /** @return the number of ops of the forward graph */
    int opCount() {
        return sd.getOps().size();
    }

    private void clear() {
        sd.clearPlaceholders(true);
        sd.clearOpInputs();
    }
}
