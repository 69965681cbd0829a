package io.github.dl4jnrn.inspect;

import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AutoNcpWiring;
import io.github.dl4jnrn.wiring.NeuronRole;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Liquid time constants, target potentials and synapse signs, against hand computations. */
class NeuronTimeCourseTest {

    /** MODEL.md section 6: one neuron, one sensory synapse, u = 0.5. */
    @Test
    void oneNeuronMatchesTheWorkedCase() {
        NrnCircuit c = new NrnCircuit.Builder(1, 1, 1).leak(0, 1, 0, 0.5).sensory(0, 0, 1, 5, 0.5, 1).build();
        NeuronTimeCourse tc = NeuronTimeCourse.run(c, new double[][] {{0.5}, {0.5}}, OdeSolver.FUSED, 6);
        assertEquals(665.0 / 2187, tc.states()[0][0], 1e-7);
        assertEquals(1.0 / 3, tc.timeConstants()[0][0], 1e-12);
        assertEquals(1.0 / 3, tc.targetPotentials()[1][0], 1e-12);
        assertEquals(new OperatingRange(new double[] {0}, new double[] {tc.states()[1][0]}).highOf(0),
                tc.operatingRange().highOf(0), 0);
    }

    /** Two neurons with synapses both ways and a self-synapse, against the formulas of MODEL.md section 1. */
    @Test
    void recurrentCircuitMatchesTheFormulas() {
        NrnCircuit c = new NrnCircuit.Builder(1, 2, 1)
                .leak(0, 0.3, -0.1, 0.6).leak(1, 0.8, 0.2, 0.4)
                .sensory(0, 0, 0.9, 4, 0.3, 1)
                .synapse(0, 1, 0.7, 6, 0.2, -1)
                .synapse(1, 0, 0.5, 3, 0.1, 0.8)
                .synapse(1, 1, 0.4, 5, 0.4, 1)
                .build();
        double[][] u = {{1}, {0.2}, {0.7}};
        NeuronTimeCourse tc = NeuronTimeCourse.run(c, u, OdeSolver.RK4, 4);
        for (int t = 0; t < 3; t++) {
            double[] x = tc.states()[t];
            double s0 = sigmoid(4 * (u[t][0] - 0.3));
            double s01 = sigmoid(6 * (x[0] - 0.2));
            double s10 = sigmoid(3 * (x[1] - 0.1));
            double s11 = sigmoid(5 * (x[1] - 0.4));
            double g0 = 0.3 + 0.9 * s0 + 0.5 * s10;
            double g1 = 0.8 + 0.7 * s01 + 0.4 * s11;
            assertEquals(0.6 / g0, tc.timeConstants()[t][0], 1e-12);
            assertEquals(0.4 / g1, tc.timeConstants()[t][1], 1e-12);
            assertEquals((0.3 * -0.1 + 0.9 * s0 + 0.5 * s10 * 0.8) / g0, tc.targetPotentials()[t][0], 1e-12);
            assertEquals((0.8 * 0.2 - 0.7 * s01 + 0.4 * s11) / g1, tc.targetPotentials()[t][1], 1e-12);
        }
        assertArrayEquals(tc.timeConstantsOf(1), new double[] {tc.timeConstants()[0][1], tc.timeConstants()[1][1],
            tc.timeConstants()[2][1]});
    }

    @Test
    void synapseSignsFollowTheReversalPotentialAgainstTheRange() {
        NrnCircuit c = new NrnCircuit.Builder(1, 2, 1)
                .sensory(0, 0, 2, 5, 0.5, 1)
                .synapse(0, 1, 0.5, 5, 0.5, 1.2)
                .synapse(1, 0, 0.25, 5, 0.5, -0.9)
                .synapse(1, 1, 0.1, 5, 0.5, 0.3)
                .build();
        OperatingRange range = new OperatingRange(new double[] {0, 0}, new double[] {0.6, 0.5});
        List<SynapseInfo> s = SynapseInfo.of(c, range);
        assertEquals(4, s.size());
        assertEquals(new SynapseInfo(true, 0, 0, 2, 5, 0.5, 1, SynapseSign.EXCITATORY, 2 * 0.7), s.get(0));
        assertEquals(SynapseSign.EXCITATORY, s.get(1).sign());
        assertEquals(0.5 * 0.95, s.get(1).strength(), 1e-12);
        assertEquals(SynapseSign.INHIBITORY, s.get(2).sign());
        assertEquals(0.25 * 1.2, s.get(2).strength(), 1e-12);
        assertEquals(SynapseSign.SHUNTING, s.get(3).sign());
        assertEquals(SynapseSign.INHIBITORY, SynapseInfo.of(c, OperatingRange.resting(c)).get(2).sign());
        assertThrows(IllegalArgumentException.class, () -> new OperatingRange(new double[] {1}, new double[] {0}));
    }

    /** The circuit read from a trained layer reproduces the layer's own outputs. */
    @Test
    void circuitOfATrainedLayerReproducesItsOutputs() {
        Nd4j.getRandom().setSeed(7);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(DataType.DOUBLE).updater(new Adam(0.05)).list()
                .layer(new NrnLayer.Builder().nOut(2).units(7).wiring(new AutoNcpWiring(7, 2, 0.4, 2)).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build())
                .setInputType(InputType.recurrent(2)).build());
        net.init();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 6);
        net.fit(new DataSet(x, Nd4j.rand(DataType.DOUBLE, 3, 1, 6)));

        NrnCircuit c = NrnCircuit.of(net.getLayer(0));
        assertEquals(NeuronRole.MOTOR, c.roles()[1]);
        assertEquals(NeuronRole.INTER, c.roles()[6]);
        INDArray layerOut = net.feedForward(x).get(1);
        for (int b = 0; b < 3; b++) {
            double[][] u = new double[6][2];
            for (int t = 0; t < 6; t++) {
                u[t][0] = x.getDouble(b, 0, t);
                u[t][1] = x.getDouble(b, 1, t);
            }
            NeuronTimeCourse tc = NeuronTimeCourse.run(c, u, OdeSolver.FUSED, NrnLayer.DEFAULT_UNFOLDS);
            for (int t = 0; t < 6; t++) {
                for (int o = 0; o < 2; o++) {
                    double y = c.parameters().outputWeight()[o] * tc.states()[t][o] + c.parameters().outputBias()[o];
                    assertEquals(layerOut.getDouble(b, o, t), y, 1e-9, "example " + b + " step " + t);
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NrnCircuit.of(net.getLayer(1)));
        assertEquals("circuit: layer 1 is a RnnOutputLayer, not an NrnLayer", e.getMessage());
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
