package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AdjacencyWiring;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Synapses absent from the wiring have no effect on the output and receive zero gradient. */
class SparseWiringTest {

    private static final int[][] SENSORY = {{1, 0, -1}, {0, 0, 1}};
    private static final int[][] RECURRENT = {{0, 1, 0}, {-1, 0, 0}, {1, 1, 0}};

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static MultiLayerNetwork network(Fixtures.Kind kind) {
        return Fixtures.network(Fixtures.dense(Fixtures.small(kind, OdeSolver.FUSED, 2))
                .wiring(new AdjacencyWiring(SENSORY, RECURRENT)).build(), 2);
    }

    private static String weightKey(Fixtures.Kind kind, boolean sensory) {
        if (kind == Fixtures.Kind.NRN) {
            return sensory ? "sensoryWeight" : "recurrentWeight";
        }
        return sensory ? "inputWeight" : "recurrentWeight";
    }

    @ParameterizedTest
    @EnumSource(Fixtures.Kind.class)
    void absentSynapsesHaveNoEffectAndNoGradient(Fixtures.Kind kind) {
        MultiLayerNetwork net = network(kind);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 5);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, 5);
        INDArray before = net.output(x);

        INDArray sensory = net.getLayer(0).paramTable().get(weightKey(kind, true));
        INDArray recurrent = net.getLayer(0).paramTable().get(weightKey(kind, false));
        sensory.putScalar(0, 1, 7.0);
        recurrent.putScalar(2, 2, -5.0);
        assertEquals(before, net.output(x), "changing absent synapses changed the output");
        sensory.putScalar(0, 0, sensory.getDouble(0, 0) + 0.5);
        assertNotEquals(before, net.output(x), "changing a present synapse did not change the output");

        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        INDArray gs = g.getGradientFor("0_" + weightKey(kind, true));
        INDArray gr = g.getGradientFor("0_" + weightKey(kind, false));
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 3; i++) {
                if (SENSORY[k][i] == 0) {
                    assertEquals(0.0, gs.getDouble(k, i), 0.0, "sensory " + k + "->" + i);
                }
            }
        }
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 3; i++) {
                if (RECURRENT[j][i] == 0) {
                    assertEquals(0.0, gr.getDouble(j, i), 0.0, "recurrent " + j + "->" + i);
                }
            }
        }
        assertTrue(gs.getDouble(0, 0) != 0, "present synapse got no gradient");

        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(network(kind)).input(x)
                .labels(y).subset(true).maxPerParam(6).print(GradientCheckUtil.PrintMode.FAILURES_ONLY)));
    }
}
