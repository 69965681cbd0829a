package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.Positivity;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AdjacencyWiring;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad settings fail early with messages naming the setting, the rule and the value; inference of nIn. */
class ConfigurationTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static void assertMessage(Executable e, String... parts) {
        IllegalArgumentException ex = assertThrows(IllegalArgumentException.class, e);
        for (String p : parts) {
            assertTrue(ex.getMessage().contains(p), "message '" + ex.getMessage() + "' lacks '" + p + "'");
        }
    }

    @Test
    void badBuilderSettingsFailAtBuild() {
        assertMessage(() -> new NrnLayer.Builder().name("n1").nOut(2).unfolds(0).build(),
                "NrnLayer 'n1'", "unfolds must be at least 1 but was 0");
        assertMessage(() -> new NrnLayer.Builder().nOut(5).units(3).build(),
                "NrnLayer", "units must be at least nOut (5) but was 3");
        assertMessage(() -> new CtRnnLayer.Builder().nOut(0).build(), "CtRnnLayer",
                "nOut must be at least 1 but was 0");
        assertMessage(() -> new CtRnnLayer.Builder().nOut(2).chunkLength(0).build(),
                "chunkLength must be at least 1 but was 0");
        assertMessage(() -> new NrnLayer.Builder().nOut(2).checkpointInterval(-3).build(),
                "checkpointInterval must be 0 (keep every state) or a positive number of steps but was -3");
        assertMessage(() -> new NrnLayer.Builder().nIn(1).nOut(2).elapsedTimeInput(true).build(),
                "elapsedTimeInput", "nIn must be at least 2 but was 1");
        assertMessage(() -> new CtRnnLayer.Builder().nOut(2).activation(Activation.SWISH).build(),
                "activation must be one of", "SWISH");
        assertMessage(() -> new NrnLayer.Builder().nOut(2).solver(null).build(), "solver must not be null");
        assertMessage(() -> new NrnLayer.Builder().nIn(3).nOut(2).units(3)
                .wiring(new AdjacencyWiring(new int[][] {{1, 1, 1}}, new int[3][3])).build(),
                "given for 1 inputs", "3 inputs");
    }

    @Test
    void wiringThatDoesNotFitTheInferredInputFailsWhenTheNetworkIsBuilt() {
        assertMessage(() -> new NeuralNetConfiguration.Builder().list()
                .layer(new NrnLayer.Builder().nOut(1).units(1)
                        .wiring(new AdjacencyWiring(new int[][] {{1}}, new int[][] {{1}})).build())
                .layer(new RnnOutputLayer.Builder().nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(4)).build(), "given for 1 inputs", "4 inputs");
    }

    @Test
    void nInIsInferredFromTheInputType() {
        MultiLayerNetwork net = Fixtures.network(new NrnLayer.Builder().nOut(2).units(3).build(), 5);
        OdeRecurrentLayer conf = (OdeRecurrentLayer) net.getLayer(0).conf().getLayer();
        assertEquals(5, conf.getNIn());
        assertEquals(15, net.getLayer(0).paramTable().get("sensoryWeight").length());
        assertEquals(net.output(Nd4j.rand(DataType.DOUBLE, 2, 5, 4)).shape()[1], 2);
    }

    @Test
    void wrongInputSizeFailsWithTheSizes() {
        MultiLayerNetwork net = Fixtures.network(new NrnLayer.Builder().name("nrn").nOut(2).units(3).build(), 3);
        assertMessage(() -> net.output(Nd4j.rand(DataType.DOUBLE, 2, 4, 5)),
                "NrnLayer 'nrn'", "input has 4 channels but nIn is 3");
    }

    @Test
    void negativeElapsedTimeFailsAtTheStepWhereItOccurs() {
        MultiLayerNetwork net = Fixtures.network(new CtRnnLayer.Builder().nOut(2).elapsedTimeInput(true).build(), 2);
        INDArray x = Nd4j.ones(DataType.DOUBLE, 2, 2, 4);
        x.putScalar(new long[] {1, 1, 2}, -0.5);
        assertMessage(() -> net.output(x), "elapsed time must be finite and non-negative but was -0.5",
                "example 1, time step 2");
        // the same value on a masked step is ignored
        INDArray mask = Fixtures.trailingMask(4, 4, 2);
        assertEquals(2, net.output(x, false, mask, null).size(0));
    }

    @Test
    void clippedPositiveParametersStayAtTheirBoundsDuringTraining() {
        MultiLayerNetwork net = Fixtures.network(new NrnLayer.Builder().nOut(2).units(3)
                .positivity(Positivity.CLIP).build(), 2, false, DataType.DOUBLE, new Sgd(1e-9),
                org.deeplearning4j.nn.conf.RNNFormat.NCW);
        INDArray capacitance = net.getLayer(0).paramTable().get("capacitance");
        INDArray weight = net.getLayer(0).paramTable().get("recurrentWeight");
        capacitance.putScalar(0, 1, -3.0);
        weight.putScalar(1, 2, -0.25);
        net.fit(new DataSet(Nd4j.rand(DataType.DOUBLE, 2, 2, 3), Nd4j.rand(DataType.DOUBLE, 2, 2, 3)));
        assertEquals(NrnLayer.MIN_CAPACITANCE, capacitance.getDouble(0, 1), 1e-15);
        assertEquals(0.0, weight.getDouble(1, 2), 1e-15);
        assertTrue(capacitance.minNumber().doubleValue() >= NrnLayer.MIN_CAPACITANCE);
    }

    @Test
    void floatNetworksTrain() {
        MultiLayerNetwork net = Fixtures.network(new NrnLayer.Builder().nOut(2).units(4).solver(OdeSolver.RK4)
                .unfolds(2).build(), 2, false, DataType.FLOAT, new Adam(0.05),
                org.deeplearning4j.nn.conf.RNNFormat.NCW);
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 2, 6);
        INDArray y = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2), NDArrayIndex.all()).mul(0.5).addi(0.1);
        DataSet ds = new DataSet(x, y);
        double first = net.score(ds);
        for (int i = 0; i < 30; i++) {
            net.fit(ds);
        }
        double last = net.score(ds);
        assertEquals(DataType.FLOAT, net.output(x).dataType());
        assertTrue(Double.isFinite(last) && last < 0.5 * first, "score " + first + " -> " + last);
    }
}
