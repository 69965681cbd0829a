package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The layers' outputs against the independent plain implementation, and the handling of masks and lengths. */
class LayerOutputTest {

    private static final double TOLERANCE = 1e-6;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static List<org.junit.jupiter.params.provider.Arguments> cases() {
        return GradientCheckTest.cases().toList();
    }

    private static INDArray randomInput(long seed, int minibatch, int channels, int steps) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, minibatch, channels, steps).subi(0.5).muli(3);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void outputsEqualThePlainImplementation(Fixtures.Kind kind, OdeSolver solver) {
        MultiLayerNetwork net = Fixtures.network(Fixtures.small(kind, solver, 3).units(4).build(), 3);
        INDArray x = randomInput(1, 3, 3, 5);
        INDArray out = net.feedForward(x).get(1);
        double diff = Fixtures.maxDifference(out, Fixtures.plainOutputs(net.getLayer(0), x, null), null);
        assertTrue(diff < TOLERANCE, kind + " " + solver + ": layer and plain cell differ by " + diff);
    }

    @ParameterizedTest
    @EnumSource(Fixtures.Kind.class)
    void elapsedTimeInputMatchesThePlainImplementation(Fixtures.Kind kind) {
        MultiLayerNetwork net = Fixtures.network(Fixtures.small(kind, OdeSolver.RK4, 2).elapsedTimeInput(true)
                .build(), 3);
        INDArray x = randomInput(2, 2, 3, 6);
        INDArray dt = Nd4j.rand(DataType.DOUBLE, 2, 6).muli(2.5);
        dt.putScalar(0, 2, 0.0);
        x.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()).assign(dt);
        INDArray out = net.feedForward(x).get(1);
        double diff = Fixtures.maxDifference(out, Fixtures.plainOutputs(net.getLayer(0), x, null), null);
        assertTrue(diff < TOLERANCE, kind + ": layer and plain cell differ by " + diff);

        // elapsed time matters: the same features with all steps lasting 1 give other outputs
        INDArray x1 = x.dup();
        x1.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()).assign(1);
        double change = Fixtures.maxDifference(net.feedForward(x1).get(1),
                Fixtures.plainOutputs(net.getLayer(0), x, null), null);
        assertTrue(change > 1e-3, "elapsed time had no effect: " + change);
    }

    @ParameterizedTest
    @EnumSource(Fixtures.Kind.class)
    void nwcFormatGivesTheSameOutputsAsNcw(Fixtures.Kind kind) {
        MultiLayerNetwork ncw = Fixtures.network(Fixtures.small(kind, OdeSolver.FUSED, 2).build(), 2);
        MultiLayerNetwork nwc = Fixtures.network(Fixtures.small(kind, OdeSolver.FUSED, 2)
                .dataFormat(RNNFormat.NWC).build(), 2, false, DataType.DOUBLE, new NoOp(), RNNFormat.NWC);
        nwc.setParams(ncw.params());
        INDArray x = randomInput(3, 2, 2, 5);
        INDArray a = ncw.feedForward(x).get(1);
        INDArray b = nwc.feedForward(x.permute(0, 2, 1).dup()).get(1);
        assertArrayEquals(new long[] {2, 5, 2}, b.shape());
        assertEquals(a, b.permute(0, 2, 1));
    }

    @ParameterizedTest
    @EnumSource(Fixtures.Kind.class)
    void paddedMaskedBatchEqualsEachSequenceAlone(Fixtures.Kind kind) {
        MultiLayerNetwork net = Fixtures.network(Fixtures.small(kind, OdeSolver.HEUN, 2).build(), 2);
        INDArray a = randomInput(4, 1, 2, 7);
        INDArray b = randomInput(5, 1, 2, 4);
        INDArray c = randomInput(6, 1, 2, 5);
        INDArray batch = Nd4j.rand(DataType.DOUBLE, 3, 2, 7).muli(100); // garbage in the padding
        batch.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()).assign(a.reshape(2, 7));
        batch.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(0, 4)).assign(b.reshape(2, 4));
        // the third sequence is padded at the front: the state holds at zero through the padding
        batch.get(NDArrayIndex.point(2), NDArrayIndex.all(), NDArrayIndex.interval(2, 7)).assign(c.reshape(2, 5));
        INDArray mask = Fixtures.trailingMask(7, 7, 4, 0);
        mask.get(NDArrayIndex.point(2), NDArrayIndex.interval(2, 7)).assign(1);

        INDArray outA = net.feedForward(a).get(1);
        INDArray outB = net.feedForward(b).get(1);
        INDArray outC = net.feedForward(c).get(1);
        net.setLayerMaskArrays(mask, null);
        INDArray masked = net.feedForward(batch).get(1);
        net.clearLayerMaskArrays();

        assertEquals(outA.reshape(2, 7), masked.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.all()));
        assertEquals(outB.reshape(2, 4), masked.get(NDArrayIndex.point(1), NDArrayIndex.all(),
                NDArrayIndex.interval(0, 4)));
        assertEquals(outC.reshape(2, 5), masked.get(NDArrayIndex.point(2), NDArrayIndex.all(),
                NDArrayIndex.interval(2, 7)));
        assertEquals(0.0, masked.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.interval(4, 7))
                .sumNumber().doubleValue(), 0);
    }

    @ParameterizedTest
    @EnumSource(Fixtures.Kind.class)
    void lastStepOutputIsEachSequencesLastPresentStep(Fixtures.Kind kind) {
        MultiLayerNetwork seq = Fixtures.network(Fixtures.small(kind, OdeSolver.FUSED, 2).build(), 2);
        MultiLayerNetwork last = Fixtures.network(Fixtures.small(kind, OdeSolver.FUSED, 2).returnSequences(false)
                .build(), 2);
        last.setParams(seq.params());
        INDArray x = randomInput(7, 2, 2, 6);
        INDArray mask = Fixtures.trailingMask(6, 6, 3);
        INDArray full = seq.feedForward(x).get(1);
        last.setLayerMaskArrays(mask, null);
        INDArray lastOut = last.feedForward(x).get(1);
        assertArrayEquals(new long[] {2, 2}, lastOut.shape());
        assertEquals(full.get(NDArrayIndex.point(0), NDArrayIndex.all(), NDArrayIndex.point(5)),
                lastOut.getRow(0));
        assertEquals(full.get(NDArrayIndex.point(1), NDArrayIndex.all(), NDArrayIndex.point(2)),
                lastOut.getRow(1));
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void differentSequenceLengthsInARowMatchThePlainImplementation(ExecutionMode mode) {
        MultiLayerNetwork net = Fixtures.network(Fixtures.small(Fixtures.Kind.NRN, OdeSolver.RK4, 2)
                .executionMode(mode).build(), 2);
        for (int steps : new int[] {7, 3, 1, 4}) {
            INDArray x = randomInput(steps, 2, 2, steps);
            INDArray out = net.output(x);
            assertArrayEquals(new long[] {2, 2, steps}, out.shape());
            double diff = Fixtures.maxDifference(net.feedForward(x).get(1),
                    Fixtures.plainOutputs(net.getLayer(0), x, null), null);
            assertTrue(diff < TOLERANCE, mode + ", T = " + steps + ": differs by " + diff);
        }
        // chunks of 2: lengths 7, 3, 1, 4 need graphs for chunks of 2 and 1 only; the direct path needs none
        int graphs = ((OdeRecurrentLayerImpl) net.getLayer(0)).graphCount();
        assertEquals(mode == ExecutionMode.SAMEDIFF ? 2 : 0, graphs);
    }

    @Test
    void definitionGraphMatchesTheRuntime() {
        MultiLayerNetwork net = Fixtures.network(Fixtures.small(Fixtures.Kind.NRN, OdeSolver.MIDPOINT, 2).build(), 2);
        OdeRecurrentLayer conf = (OdeRecurrentLayer) net.getLayer(0).conf().getLayer();
        INDArray x = randomInput(9, 2, 2, 4);
        INDArray mask = Fixtures.trailingMask(4, 4, 2);
        org.nd4j.autodiff.samediff.SameDiff sd = org.nd4j.autodiff.samediff.SameDiff.create();
        org.nd4j.autodiff.samediff.SDVariable in = sd.placeHolder("in", DataType.DOUBLE, -1, 2, 4);
        org.nd4j.autodiff.samediff.SDVariable m = sd.placeHolder("mask", DataType.DOUBLE, -1, 4);
        java.util.Map<String, org.nd4j.autodiff.samediff.SDVariable> vars = new java.util.LinkedHashMap<>();
        net.getLayer(0).paramTable().forEach((k, v) -> vars.put(k, sd.var(k, v.dup())));
        org.nd4j.autodiff.samediff.SDVariable out = conf.defineLayer(sd, in, vars, m);
        INDArray definition = out.eval(java.util.Map.of("in", x, "mask", mask));
        net.setLayerMaskArrays(mask, null);
        INDArray runtime = net.feedForward(x).get(1);
        assertTrue(definition.equalsWithEps(runtime, 1e-12), definition + "\n" + runtime);
    }

    /** {@code setParam} assigns (DL4J M2.1's SameDiff runtime would only check), in both execution modes. */
    @org.junit.jupiter.api.Test
    void setParamAssignsTheValue() {
        for (Fixtures.Kind kind : Fixtures.Kind.values()) {
            for (ExecutionMode mode : ExecutionMode.values()) {
                org.deeplearning4j.nn.multilayer.MultiLayerNetwork net = Fixtures.network(Fixtures.small(kind,
                        io.github.dl4jnrn.solver.OdeSolver.FUSED, 2).executionMode(mode).build(), 2);
                org.deeplearning4j.nn.api.Layer layer = net.getLayer(0);
                INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
                INDArray before = net.output(x);
                String key = layer.paramTable().keySet().iterator().next();
                INDArray value = layer.getParam(key).add(0.25);
                layer.setParam(key, value);
                assertEquals(value, layer.getParam(key), kind + " " + mode + ": " + key);
                assertTrue(!before.equalsWithEps(net.output(x), 1e-12), kind + " " + mode + ": output unchanged");
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> layer.setParam("noSuchParameter", value));
            }
        }
    }
}
