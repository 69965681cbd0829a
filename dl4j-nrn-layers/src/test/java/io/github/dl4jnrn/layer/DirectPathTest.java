package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AdjacencyWiring;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.NoOp;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct execution path equals the SameDiff definition: outputs and gradients (parameters, and through
 * the dense layer before, the input), in double precision, for both cells and every solver, with masks and
 * elapsed-time input.
 */
class DirectPathTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static List<org.junit.jupiter.params.provider.Arguments> cases() {
        return GradientCheckTest.cases().toList();
    }

    static MultiLayerNetwork network(OdeRecurrentLayer.Builder<?> b, ExecutionMode mode) {
        return Fixtures.network(b.executionMode(mode).build(), 3, true, DataType.DOUBLE, new NoOp(), RNNFormat.NCW);
    }

    static void assertSameGradients(MultiLayerNetwork direct, MultiLayerNetwork graph, INDArray x,
                                            INDArray y, INDArray mask, String label) {
        graph.setParams(direct.params());
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {direct, graph}) {
            net.setInput(x);
            net.setLabels(y);
            net.setLayerMaskArrays(mask, mask);
            net.computeGradientAndScore();
        }
        assertEquals(graph.score(), direct.score(), 1e-10 * Math.abs(graph.score()), label + ": score");
        INDArray gd = direct.gradient().gradient();
        INDArray gg = graph.gradient().gradient();
        double scale = gg.norm2Number().doubleValue();
        double diff = gd.sub(gg).norm2Number().doubleValue();
        assertTrue(scale > 0 && diff <= 1e-9 * scale, label + ": gradients differ by " + diff + " of " + scale);
        direct.clearLayerMaskArrays();
        graph.clearLayerMaskArrays();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void gradientsEqualTheSameDiffDefinition(Fixtures.Kind kind, OdeSolver solver) {
        OdeRecurrentLayer.Builder<?> b = Fixtures.small(kind, solver, 3).units(4).chunkLength(3);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3, 5).subi(0.5).muli(3);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2, 5);
        INDArray mask = Fixtures.trailingMask(5, 5, 3, 4);
        MultiLayerNetwork direct = network(b, ExecutionMode.AUTO);
        MultiLayerNetwork graph = network(b, ExecutionMode.SAMEDIFF);
        assertSameGradients(direct, graph, x, y, null, kind + " " + solver);
        assertSameGradients(direct, graph, x, y, mask, kind + " " + solver + " masked");
        assertTrue(direct.output(x).equalsWithEps(graph.output(x), 1e-10));
    }

    /** Wide enough that the kernels' SIMD loops run whole vectors and a remainder, with a sparse wiring. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Fixtures.Kind.class)
    void aWideSparseLayerAgreesToo(Fixtures.Kind kind) {
        int units = 19;
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        int[][] sensory = new int[3][units];
        int[][] recurrent = new int[units][units];
        for (int[][] m : new int[][][] {sensory, recurrent}) {
            for (int[] row : m) {
                for (int i = 0; i < units; i++) {
                    row[i] = random.nextInt(3) - 1;
                }
            }
        }
        for (OdeSolver solver : new OdeSolver[] {OdeSolver.FUSED, OdeSolver.HEUN}) {
            OdeRecurrentLayer.Builder<?> b = Fixtures.small(kind, solver, 2).units(units)
                    .wiring(new AdjacencyWiring(sensory, recurrent));
            Nd4j.getRandom().setSeed(13);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4).subi(0.5).muli(3);
            INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
            assertSameGradients(network(b, ExecutionMode.AUTO), network(b, ExecutionMode.SAMEDIFF), x, y, null,
                    kind + " " + solver + " " + units + " units");
        }
    }

    /**
     * A FLOAT network (whose NRN kernel computes its forward activations in single precision in SIMD lanes)
     * agrees with the same network in DOUBLE to float rounding: outputs and gradients.
     */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.EnumSource(Fixtures.Kind.class)
    void aFloatNetworkAgreesWithDoubleToFloatRounding(Fixtures.Kind kind) {
        OdeRecurrentLayer layer = Fixtures.small(kind, OdeSolver.FUSED, 3).units(37).build();
        MultiLayerNetwork single = Fixtures.network(layer, 3, false, DataType.FLOAT, new NoOp(), RNNFormat.NCW);
        MultiLayerNetwork twice = Fixtures.network(layer, 3, false, DataType.DOUBLE, new NoOp(), RNNFormat.NCW);
        twice.setParams(single.params().castTo(DataType.DOUBLE));
        Nd4j.getRandom().setSeed(23);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 6).subi(0.5).muli(3);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 4, 2, 6);
        INDArray expected = twice.output(x);
        INDArray actual = single.output(x.castTo(DataType.FLOAT)).castTo(DataType.DOUBLE);
        double outScale = expected.norm2Number().doubleValue();
        assertTrue(actual.sub(expected).norm2Number().doubleValue() <= 1e-5 * outScale, kind + ": outputs");
        for (MultiLayerNetwork net : new MultiLayerNetwork[] {single, twice}) {
            DataType type = net == single ? DataType.FLOAT : DataType.DOUBLE;
            net.setInput(x.castTo(type));
            net.setLabels(y.castTo(type));
            net.computeGradientAndScore();
        }
        INDArray gd = twice.gradient().gradient();
        INDArray gs = single.gradient().gradient().castTo(DataType.DOUBLE);
        double diff = gs.sub(gd).norm2Number().doubleValue();
        assertTrue(diff <= 1e-4 * gd.norm2Number().doubleValue(), kind + ": gradients differ by " + diff + " of "
                + gd.norm2Number().doubleValue());
    }

    @Test
    void elapsedTimeSparseWiringAndLastStepAgreeToo() {
        AdjacencyWiring wiring = new AdjacencyWiring(new int[][] {{1, 0, -1, 1}},
                new int[][] {{0, 1, 0, 1}, {-1, 0, 0, 1}, {1, 1, 0, 0}, {0, 0, -1, 1}});
        for (Fixtures.Kind kind : Fixtures.Kind.values()) {
            for (OdeSolver solver : new OdeSolver[] {OdeSolver.FUSED, OdeSolver.RK4}) {
                OdeRecurrentLayer.Builder<?> b = Fixtures.small(kind, solver, 2).units(4).elapsedTimeInput(true)
                        .wiring(wiring).returnSequences(false);
                Nd4j.getRandom().setSeed(5);
                INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 6);
                x.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()).muli(2);
                INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
                MultiLayerNetwork direct = Fixtures.network(b.executionMode(ExecutionMode.AUTO).build(), 2, false,
                        DataType.DOUBLE, new NoOp(), RNNFormat.NCW);
                MultiLayerNetwork graph = Fixtures.network(b.executionMode(ExecutionMode.SAMEDIFF).build(), 2,
                        false, DataType.DOUBLE, new NoOp(), RNNFormat.NCW);
                graph.setParams(direct.params());
                for (MultiLayerNetwork net : new MultiLayerNetwork[] {direct, graph}) {
                    net.setInput(x);
                    net.setLabels(y);
                    net.computeGradientAndScore();
                }
                INDArray gd = direct.gradient().gradient();
                INDArray gg = graph.gradient().gradient();
                double diff = gd.sub(gg).norm2Number().doubleValue();
                assertTrue(diff <= 1e-9 * gg.norm2Number().doubleValue(), kind + " " + solver + ": " + diff);
                // the elapsed-time channel's gradient reaches the input too
                INDArray dIn = direct.getLayer(0).backpropGradient(Nd4j.ones(DataType.DOUBLE, 2, 2),
                        org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces())
                        .getSecond();
                assertTrue(dIn.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all())
                        .norm2Number().doubleValue() > 0);
            }
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void checkpointingRecomputesTheSameGradients(Fixtures.Kind kind, OdeSolver solver) {
        Nd4j.getRandom().setSeed(17);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3, 7).subi(0.5).muli(3);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2, 7);
        INDArray mask = Fixtures.trailingMask(7, 7, 2, 5);
        MultiLayerNetwork kept = network(Fixtures.small(kind, solver, 2).units(4), ExecutionMode.AUTO);
        for (int interval : new int[] {1, 3, 7, 20}) {
            MultiLayerNetwork checkpointed = network(Fixtures.small(kind, solver, 2).units(4)
                    .checkpointInterval(interval), ExecutionMode.AUTO);
            checkpointed.setParams(kept.params());
            for (INDArray m : new INDArray[] {null, mask}) {
                for (MultiLayerNetwork net : new MultiLayerNetwork[] {kept, checkpointed}) {
                    net.setInput(x);
                    net.setLabels(y);
                    net.setLayerMaskArrays(m, m);
                    net.computeGradientAndScore();
                    net.clearLayerMaskArrays();
                }
                double diff = kept.gradient().gradient().sub(checkpointed.gradient().gradient()).norm2Number()
                        .doubleValue();
                assertEquals(0, diff, 1e-13 * kept.gradient().gradient().norm2Number().doubleValue(),
                        kind + " " + solver + " checkpointInterval " + interval + (m == null ? "" : " masked"));
            }
        }
    }
}
