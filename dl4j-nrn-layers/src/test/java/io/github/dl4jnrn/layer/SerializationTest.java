package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.Positivity;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AdjacencyWiring;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** JSON and ModelSerializer round trips restore identical configurations, outputs and training. */
class SerializationTest {

    @TempDir
    File dir;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static OdeRecurrentLayer nrnWithEverySetting() {
        return new NrnLayer.Builder().name("nrn").nOut(2).units(3).solver(OdeSolver.RK4).unfolds(3).chunkLength(4)
                .checkpointInterval(5).elapsedTimeInput(true).positivity(Positivity.CLIP).dataFormat(RNNFormat.NCW)
                .wiring(new AdjacencyWiring(new int[][] {{1, 0, -1}, {0, 1, 1}},
                        new int[][] {{1, -1, 0}, {0, 0, 1}, {1, 1, -1}}))
                .build();
    }

    private static OdeRecurrentLayer ctrnnWithEverySetting() {
        return new CtRnnLayer.Builder().name("ctrnn").nOut(2).units(4).solver(OdeSolver.MIDPOINT).unfolds(2)
                .activation(Activation.SOFTSIGN).returnSequences(false).positivity(Positivity.SOFTPLUS).build();
    }

    private static DataSet data(MultiLayerNetwork net, boolean sequences) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, 6);
        INDArray y = sequences ? Nd4j.rand(DataType.DOUBLE, 4, 2, 6) : Nd4j.rand(DataType.DOUBLE, 4, 2);
        return new DataSet(x, y);
    }

    @Test
    void jsonRoundTripKeepsEverySetting() {
        for (OdeRecurrentLayer layer : new OdeRecurrentLayer[] {nrnWithEverySetting(), ctrnnWithEverySetting()}) {
            MultiLayerConfiguration conf = Fixtures.network(layer, 3).getLayerWiseConfigurations();
            String json = conf.toJson();
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
            assertEquals(conf, back);
            assertEquals(json, back.toJson());
            assertEquals(layer, back.getConf(0).getLayer());

            ComputationGraphConfiguration g = Fixtures.graph(layer, 3, false).getConfiguration();
            assertEquals(g, ComputationGraphConfiguration.fromJson(g.toJson()));
        }
        assertTrue(nrnWithEverySetting().toString().contains("RK4"));
    }

    @Test
    void modelSerializerRoundTripGivesIdenticalOutputsAndTraining() throws IOException {
        for (OdeRecurrentLayer layer : new OdeRecurrentLayer[] {nrnWithEverySetting(), ctrnnWithEverySetting()}) {
            MultiLayerNetwork net = Fixtures.network(layer, 3, false, DataType.DOUBLE, new Adam(0.05), RNNFormat.NCW);
            DataSet ds = data(net, layer.isReturnSequences());
            MultiLayerNetwork restored = Fixtures.assertSaveLoadContinues(net, ds,
                    new File(dir, layer.getLayerName() + ".zip"));
            assertEquals(net.output(ds.getFeatures()), restored.output(ds.getFeatures()));
        }
    }

    @Test
    void computationGraphRoundTrip() throws IOException {
        ComputationGraph g = Fixtures.graph(nrnWithEverySetting(), 3, true);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5);
        File file = new File(dir, "graph.zip");
        ModelSerializer.writeModel(g, file, true);
        ComputationGraph restored = ModelSerializer.restoreComputationGraph(file, true);
        assertEquals(g.outputSingle(x), restored.outputSingle(x));
    }
}
