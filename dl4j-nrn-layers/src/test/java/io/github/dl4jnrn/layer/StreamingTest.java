package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.BackpropType;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

/**
 * State between calls: {@code rnnTimeStep} fed in pieces equals the whole sequence, the stored state can be
 * read, restored and cleared, and truncated BPTT carries the state across segments with gradients that equal
 * finite differences of a segment run from its stored state (double precision), in both execution modes.
 */
class StreamingTest {

    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static Stream<Arguments> cases() {
        return Stream.of(Fixtures.Kind.values()).flatMap(kind -> Stream.of(ExecutionMode.values())
                .flatMap(mode -> Stream.of(OdeSolver.FUSED, OdeSolver.RK4).map(s -> Arguments.of(kind, mode, s))));
    }

    private static OdeRecurrentLayer layer(Fixtures.Kind kind, ExecutionMode mode, OdeSolver solver) {
        return Fixtures.small(kind, solver, 2).units(4).executionMode(mode).build();
    }

    private static INDArray steps(INDArray ncw, int from, int to) {
        return ncw.get(all(), all(), interval(from, to)).dup();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void sequenceFedInPiecesEqualsTheWhole(Fixtures.Kind kind, ExecutionMode mode, OdeSolver solver) {
        MultiLayerNetwork net = Fixtures.network(layer(kind, mode, solver), 3);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 9).subi(0.5).muli(4);
        INDArray whole = net.output(x);

        net.rnnClearPreviousState();
        INDArray pieces = Nd4j.concat(2, net.rnnTimeStep(steps(x, 0, 1)), net.rnnTimeStep(steps(x, 1, 5)),
                net.rnnTimeStep(steps(x, 5, 9)));
        assertTrue(whole.equalsWithEps(pieces, 1e-12), "pieces differ from the whole sequence");

        // one step at a time, as 2-d input [minibatch, nIn] giving 2-d output
        net.rnnClearPreviousState();
        for (int t = 0; t < 9; t++) {
            INDArray out = net.rnnTimeStep(x.get(all(), all(), point(t)).dup());
            assertEquals(2, out.rank());
            assertTrue(out.equalsWithEps(whole.get(all(), all(), point(t)), 1e-12), "step " + t);
        }
    }

    @Test
    void storedStateCanBeReadRestoredAndCleared() {
        for (ExecutionMode mode : ExecutionMode.values()) {
            MultiLayerNetwork net = Fixtures.network(layer(Fixtures.Kind.NRN, mode, OdeSolver.FUSED), 3);
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 8);
            INDArray fresh = net.rnnTimeStep(steps(x, 4, 8));
            net.rnnClearPreviousState();

            net.rnnTimeStep(steps(x, 0, 4));
            Map<String, INDArray> saved = net.rnnGetPreviousState(0);
            assertEquals(1, saved.size());
            assertEquals(java.util.List.of(2L, 4L), java.util.Arrays.stream(saved.get(OdeRecurrentLayerImpl.STATE_KEY)
                    .shape()).boxed().toList());
            INDArray continued = net.rnnTimeStep(steps(x, 4, 8));
            assertNotEquals(fresh, continued, mode + ": the stored state changes the outputs");

            net.rnnSetPreviousState(0, saved);
            assertTrue(continued.equalsWithEps(net.rnnTimeStep(steps(x, 4, 8)), 1e-12), mode + ": restored");

            net.rnnClearPreviousState();
            assertTrue(net.rnnGetPreviousState(0).isEmpty());
            assertTrue(fresh.equalsWithEps(net.rnnTimeStep(steps(x, 4, 8)), 1e-12), mode + ": cleared");
        }
    }

    @Test
    void computationGraphStreamsToo() {
        for (ExecutionMode mode : ExecutionMode.values()) {
            ComputationGraph g = Fixtures.graph(layer(Fixtures.Kind.CTRNN, mode, OdeSolver.EULER), 3, false);
            Nd4j.getRandom().setSeed(5);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3, 6);
            INDArray whole = g.outputSingle(x);
            g.rnnClearPreviousState();
            INDArray pieces = Nd4j.concat(2, g.rnnTimeStep(steps(x, 0, 2))[0], g.rnnTimeStep(steps(x, 2, 6))[0]);
            assertTrue(whole.equalsWithEps(pieces, 1e-12), mode.toString());
        }
    }

    @Test
    void elapsedTimeStreams() {
        for (ExecutionMode mode : ExecutionMode.values()) {
            OdeRecurrentLayer conf = Fixtures.small(Fixtures.Kind.NRN, OdeSolver.FUSED, 3).units(4)
                    .elapsedTimeInput(true).executionMode(mode).build();
            MultiLayerNetwork net = Fixtures.network(conf, 3);
            Nd4j.getRandom().setSeed(6);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 6).muli(2);
            INDArray whole = net.output(x);
            net.rnnClearPreviousState();
            INDArray pieces = Nd4j.concat(2, net.rnnTimeStep(steps(x, 0, 4)), net.rnnTimeStep(steps(x, 4, 6)));
            assertTrue(whole.equalsWithEps(pieces, 1e-12), mode.toString());
        }
    }

    @Test
    void aPaddedSequenceContinuesFromItsLastPresentStep() {
        for (ExecutionMode mode : ExecutionMode.values()) {
            MultiLayerNetwork net = Fixtures.network(layer(Fixtures.Kind.CTRNN, mode, OdeSolver.HEUN), 3);
            OdeRecurrentLayerImpl layer = (OdeRecurrentLayerImpl) net.getLayer(0);
            Nd4j.getRandom().setSeed(7);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 8);
            // example 1 is 4 steps long, padded to 6, then continues with steps 6..8
            layer.setMaskArray(Fixtures.trailingMask(6, 6, 4));
            layer.rnnTimeStep(steps(x, 0, 6), NO_WS);
            layer.setMaskArray(null);
            INDArray continued = layer.rnnTimeStep(steps(x, 6, 8), NO_WS);

            layer.rnnClearPreviousState();
            INDArray alone = x.get(interval(1, 2), all(), all()).dup();
            layer.rnnTimeStep(steps(alone, 0, 4), NO_WS);
            INDArray expected = layer.rnnTimeStep(steps(alone, 6, 8), NO_WS);
            assertTrue(continued.get(interval(1, 2), all(), all()).equalsWithEps(expected, 1e-12), mode.toString());
        }
    }

    @Test
    void aStoredStateOfAnotherMinibatchSizeIsAClearError() {
        MultiLayerNetwork net = Fixtures.network(layer(Fixtures.Kind.NRN, ExecutionMode.AUTO, OdeSolver.FUSED), 3);
        net.rnnTimeStep(Nd4j.rand(DataType.DOUBLE, 2, 3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> net.rnnTimeStep(Nd4j.rand(DataType.DOUBLE, 5, 3, 4)));
        assertTrue(e.getMessage().contains("must have shape [5, 4]") && e.getMessage().contains("[2, 4]")
                && e.getMessage().contains("rnnClearPreviousState"), e.getMessage());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> net.rnnSetPreviousState(0, Map.of("h", Nd4j.zeros(2, 4))));
        assertTrue(bad.getMessage().contains("\"state\""), bad.getMessage());
    }

    // ---------------------------------------------------------------- truncated BPTT

    /** The loss {@code sum(eps * outputs)} of a segment run from a stored state. */
    /** A layer of a fresh network, a stored state to start from, a segment of input and its output errors. */
    private record Segment(OdeRecurrentLayerImpl layer, INDArray start, INDArray x, INDArray eps) {
    }

    private static Segment segment(Fixtures.Kind kind, ExecutionMode mode, OdeSolver solver, long seed, int steps) {
        MultiLayerNetwork net = Fixtures.network(layer(kind, mode, solver), 3);
        net.initGradientsView();
        Nd4j.getRandom().setSeed(seed);
        INDArray start = Nd4j.rand(DataType.DOUBLE, 2, 4).subi(0.5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, steps).subi(0.5).muli(2);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 2, 2, steps).subi(0.5);
        return new Segment((OdeRecurrentLayerImpl) net.getLayer(0), start, x, eps);
    }

    private static double segmentLoss(OdeRecurrentLayerImpl layer, INDArray start, INDArray x, INDArray eps) {
        layer.rnnSetPreviousState(Map.of(OdeRecurrentLayerImpl.STATE_KEY, start));
        return layer.rnnActivateUsingStoredState(x, false, false, NO_WS).mul(eps).sumNumber().doubleValue();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void segmentGradientsEqualFiniteDifferencesFromTheStoredState(Fixtures.Kind kind, ExecutionMode mode,
                                                                  OdeSolver solver) {
        Segment seg = segment(kind, mode, solver, 8, 5);
        OdeRecurrentLayerImpl layer = seg.layer();
        INDArray start = seg.start();
        INDArray x = seg.x();
        INDArray eps = seg.eps();

        layer.rnnSetPreviousState(Map.of(OdeRecurrentLayerImpl.STATE_KEY, start));
        layer.rnnActivateUsingStoredState(x, true, true, NO_WS);
        Pair<Gradient, INDArray> g = layer.tbpttBackpropGradient(eps, 5, NO_WS);
        INDArray analytic = g.getFirst().gradient().dup();
        INDArray dInput = g.getSecond().dup();

        INDArray params = layer.params();
        double h = 1e-6;
        for (int i = 0; i < params.length(); i++) {
            double v = params.getDouble(i);
            params.putScalar(i, v + h);
            double plus = segmentLoss(layer, start, x, eps);
            params.putScalar(i, v - h);
            double minus = segmentLoss(layer, start, x, eps);
            params.putScalar(i, v);
            double numeric = (plus - minus) / (2 * h);
            assertEquals(numeric, analytic.getDouble(i), 1e-6 + 1e-5 * Math.abs(numeric), "parameter " + i);
        }
        for (long[] at : new long[][] {{0, 0, 0}, {1, 2, 3}, {0, 1, 4}}) {
            double v = x.getDouble(at);
            x.putScalar(at, v + h);
            double plus = segmentLoss(layer, start, x, eps);
            x.putScalar(at, v - h);
            double minus = segmentLoss(layer, start, x, eps);
            x.putScalar(at, v);
            assertEquals((plus - minus) / (2 * h), dInput.getDouble(at), 1e-6,
                    "input " + java.util.Arrays.toString(at));
        }
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void aShorterBackLengthBackpropagatesTheLastStepsFromWhereTheyStart(Fixtures.Kind kind, ExecutionMode mode,
                                                                        OdeSolver solver) {
        Segment seg = segment(kind, mode, solver, 9, 7);
        OdeRecurrentLayerImpl layer = seg.layer();
        INDArray start = seg.start();
        INDArray x = seg.x();
        INDArray eps = seg.eps();

        layer.rnnSetPreviousState(Map.of(OdeRecurrentLayerImpl.STATE_KEY, start));
        INDArray outputs = layer.rnnActivateUsingStoredState(x, true, true, NO_WS).dup();
        INDArray tbpttState = layer.rnnGetTBPTTState().get(OdeRecurrentLayerImpl.STATE_KEY);
        Pair<Gradient, INDArray> truncated = layer.tbpttBackpropGradient(eps, 3, NO_WS);
        INDArray gTruncated = truncated.getFirst().gradient().dup();
        INDArray dTruncated = truncated.getSecond().dup();

        // the state where the last 3 steps start, then those steps alone from it
        layer.rnnSetPreviousState(Map.of(OdeRecurrentLayerImpl.STATE_KEY, start));
        layer.rnnTimeStep(steps(x, 0, 4), NO_WS);
        INDArray middle = layer.rnnGetPreviousState().get(OdeRecurrentLayerImpl.STATE_KEY);
        layer.rnnSetPreviousState(Map.of(OdeRecurrentLayerImpl.STATE_KEY, middle));
        INDArray windowOutputs = layer.rnnActivateUsingStoredState(steps(x, 4, 7), true, false, NO_WS);
        Pair<Gradient, INDArray> window = layer.tbpttBackpropGradient(steps(eps, 4, 7), 3, NO_WS);

        assertTrue(windowOutputs.equalsWithEps(steps(outputs, 4, 7), 1e-12));
        double diff = gTruncated.sub(window.getFirst().gradient()).norm2Number().doubleValue();
        assertTrue(diff <= 1e-12 * gTruncated.norm2Number().doubleValue() && diff == diff, "gradients: " + diff);
        assertEquals(0, steps(dTruncated, 0, 4).norm2Number().doubleValue(), 0, "no gradient before the window");
        assertTrue(steps(dTruncated, 4, 7).equalsWithEps(window.getSecond(), 1e-12));
        // and the TBPTT state is where the whole segment ended
        layer.rnnSetPreviousState(Map.of(OdeRecurrentLayerImpl.STATE_KEY, start));
        layer.rnnTimeStep(x, NO_WS);
        assertTrue(layer.rnnGetPreviousState().get(OdeRecurrentLayerImpl.STATE_KEY).equalsWithEps(tbpttState, 1e-12));
    }

    private static MultiLayerNetwork waveNetwork(BackpropType type, int fwd, int back, ExecutionMode mode,
                                                 IUpdater updater) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(7)
                .dataType(DataType.DOUBLE).updater(updater).list()
                .layer(new NrnLayer.Builder().nOut(3).units(5).unfolds(2).executionMode(mode).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build());
        MultiLayerConfiguration.Builder b = list.setInputType(InputType.recurrent(1));
        MultiLayerConfiguration conf = type == BackpropType.TruncatedBPTT
                ? b.backpropType(type).tBPTTForwardLength(fwd).tBPTTBackwardLength(back).build() : b.build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Sine waves as input, the same waves 2 steps later as target. */
    private static org.nd4j.linalg.dataset.DataSet waves(int n, int steps) {
        double[][][] in = new double[n][1][steps];
        double[][][] out = new double[n][1][steps];
        java.util.Random r = new java.util.Random(1);
        for (int b = 0; b < n; b++) {
            double w = 0.2 + 0.2 * r.nextDouble();
            double phase = 6 * r.nextDouble();
            for (int t = 0; t < steps; t++) {
                in[b][0][t] = Math.sin(w * t + phase);
                out[b][0][t] = Math.sin(w * (t + 2) + phase);
            }
        }
        return new org.nd4j.linalg.dataset.DataSet(Nd4j.createFromArray(in), Nd4j.createFromArray(out));
    }

    @Test
    void truncatedBpttWithOneSegmentEqualsStandardBackprop() {
        for (ExecutionMode mode : ExecutionMode.values()) {
            org.nd4j.linalg.dataset.DataSet data = waves(3, 12);
            MultiLayerNetwork standard = waveNetwork(BackpropType.Standard, 0, 0, mode, new Sgd(0.05));
            MultiLayerNetwork tbptt = waveNetwork(BackpropType.TruncatedBPTT, 12, 12, mode, new Sgd(0.05));
            tbptt.setParams(standard.params());
            standard.fit(data);
            tbptt.fit(data);
            assertTrue(standard.params().equalsWithEps(tbptt.params(), 1e-12), mode.toString());
        }
    }

    @Test
    void truncatedBpttTrains() {
        org.nd4j.linalg.dataset.DataSet data = waves(8, 60);
        MultiLayerNetwork net = waveNetwork(BackpropType.TruncatedBPTT, 15, 10, ExecutionMode.AUTO, new Adam(0.02));
        double before = net.score(data);
        for (int i = 0; i < 40; i++) {
            net.fit(data);
        }
        double after = net.score(data);
        assertTrue(after < 0.3 * before, "score " + before + " -> " + after);
        // each fit clears the carried state at its end
        assertTrue(net.rnnGetPreviousState(0).isEmpty());
    }

    @Test
    void segmentsCarryTheStateForward() {
        MultiLayerNetwork net = waveNetwork(BackpropType.TruncatedBPTT, 5, 5, ExecutionMode.AUTO, new Sgd(0.05));
        Layer layer = net.getLayer(0);
        org.nd4j.linalg.dataset.DataSet data = waves(2, 10);
        INDArray whole = net.feedForward(data.getFeatures(), false).get(1);
        net.rnnClearPreviousState();
        INDArray first = ((OdeRecurrentLayerImpl) layer).rnnActivateUsingStoredState(
                steps(data.getFeatures(), 0, 5), false, true, NO_WS).dup();
        net.updateRnnStateWithTBPTTState();
        INDArray second = ((OdeRecurrentLayerImpl) layer).rnnActivateUsingStoredState(
                steps(data.getFeatures(), 5, 10), false, true, NO_WS).dup();
        assertTrue(whole.equalsWithEps(Nd4j.concat(2, first, second), 1e-12));
    }

    @Test
    void outputIgnoresTheStoredState() {
        MultiLayerNetwork net = waveNetwork(BackpropType.Standard, 0, 0, ExecutionMode.AUTO, new Sgd(0.05));
        org.nd4j.linalg.dataset.DataSet data = waves(2, 10);
        INDArray before = net.output(data.getFeatures());
        net.rnnTimeStep(data.getFeatures());
        assertTrue(before.equalsWithEps(net.output(data.getFeatures()), 1e-12));
    }
}
