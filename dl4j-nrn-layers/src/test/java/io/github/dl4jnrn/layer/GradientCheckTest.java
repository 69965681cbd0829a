package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gradient checks in double precision for both cells under every solver: MultiLayerNetwork and
 * ComputationGraph, with and without masks (default, direct execution), and the SameDiff definition, a dense layer before the ODE layer so that the gradient the ODE
 * layer passes back is checked too. Sequences of 3 steps in chunks of 2 exercise the chunked backward pass.
 */
class GradientCheckTest {

    private static final int STEPS = 3;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static Stream<Arguments> cases() {
        return Arrays.stream(Fixtures.Kind.values()).flatMap(k -> Arrays.stream(OdeSolver.values())
                .map(s -> Arguments.of(k, s)));
    }

    private static OdeRecurrentLayer layer(Fixtures.Kind kind, OdeSolver solver) {
        return Fixtures.small(kind, solver, 1).build();
    }

    /** The SameDiff definition itself (which the direct path is compared with in DirectPathTest). */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void sameDiffDefinition(Fixtures.Kind kind, OdeSolver solver) {
        Nd4j.getRandom().setSeed(44);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, STEPS).subi(0.5).muli(2);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, STEPS);
        INDArray mask = Fixtures.trailingMask(STEPS, 3, 2);
        MultiLayerNetwork net = Fixtures.network(Fixtures.small(kind, solver, 1)
                        .executionMode(ExecutionMode.SAMEDIFF).build(), 2, true, DataType.DOUBLE,
                new org.nd4j.linalg.learning.config.NoOp(), org.deeplearning4j.nn.conf.RNNFormat.NCW);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                .labels(y).inputMask(mask).labelMask(mask).subset(true).maxPerParam(3)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, kind + " " + solver + " SameDiff definition");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void multiLayerNetwork(Fixtures.Kind kind, OdeSolver solver) {
        Nd4j.getRandom().setSeed(42);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, STEPS).subi(0.5).muli(2);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, STEPS);
        INDArray mask = Fixtures.trailingMask(STEPS, 3, 2);
        for (INDArray m : new INDArray[] {null, mask}) {
            MultiLayerNetwork net = Fixtures.network(layer(kind, solver), 2, true, DataType.DOUBLE,
                    new org.nd4j.linalg.learning.config.NoOp(), org.deeplearning4j.nn.conf.RNNFormat.NCW);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x)
                    .labels(y).inputMask(m).labelMask(m).subset(true).maxPerParam(3)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, kind + " " + solver + (m == null ? " without" : " with") + " mask");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void computationGraph(Fixtures.Kind kind, OdeSolver solver) {
        Nd4j.getRandom().setSeed(43);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, STEPS).subi(0.5).muli(2);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, STEPS);
        INDArray mask = Fixtures.trailingMask(STEPS, 1, 3);
        for (INDArray m : new INDArray[] {null, mask}) {
            ComputationGraph g = Fixtures.graph(layer(kind, solver), 2, true);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                    .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                    .inputMask(m == null ? null : new INDArray[] {m})
                    .labelMask(m == null ? null : new INDArray[] {m})
                    .subset(true).maxPerParam(3).print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
            assertTrue(ok, kind + " " + solver + (m == null ? " without" : " with") + " mask");
        }
    }
}
