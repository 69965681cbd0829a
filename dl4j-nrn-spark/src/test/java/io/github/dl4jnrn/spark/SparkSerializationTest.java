package io.github.dl4jnrn.spark;

import io.github.dl4jnrn.cell.Positivity;
import io.github.dl4jnrn.layer.CtRnnLayer;
import io.github.dl4jnrn.layer.ExecutionMode;
import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.layer.OdeRecurrentLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AdjacencyWiring;
import io.github.dl4jnrn.wiring.FullyConnectedWiring;
import io.github.dl4jnrn.wiring.Wiring;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.JavaSerializer;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.Serializer;
import org.apache.spark.serializer.SerializerInstance;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.worker.NetBroadcastTuple;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * Everything the layers hold survives Spark's two serializers, Java serialization and Kryo with ND4J's
 * registrator: layer configurations with every setting changed from its default (adjacency and seeded
 * wirings, solvers, unfolds, checkpoint interval, positivity, elapsed-time input, execution mode), the
 * network configurations holding them, and trained networks as the training masters ship them (configuration,
 * parameters, updater state) with the layers' stored recurrent state, which continue exactly as the originals.
 */
class SparkSerializationTest {

    private static final SparkConf CONF = NrnSpark.withKryo(new SparkConf());
    private static final ClassTag<Object> ANY = ClassTag$.MODULE$.AnyRef();

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static Stream<Arguments> serializers() {
        return Stream.of(Arguments.of("java", new JavaSerializer(CONF)),
                Arguments.of("kryo", new KryoSerializer(CONF)));
    }

    @SuppressWarnings("unchecked")
    private static <T> T roundTrip(Serializer serializer, T value) {
        SerializerInstance instance = serializer.newInstance();
        ByteBuffer bytes = instance.serialize(value, ANY);
        return (T) instance.deserialize(bytes, ANY);
    }

    private static AdjacencyWiring adjacency() {
        return new AdjacencyWiring(new int[][] {{1, 0, -1, 1}, {0, 1, 1, -1}},
                new int[][] {{1, -1, 0, 0}, {0, 0, 1, 1}, {1, 1, -1, 0}, {0, -1, 1, 1}});
    }

    /** An NRN layer with every setting away from its default; 3 input channels, the last the elapsed time. */
    private static NrnLayer nrn(ExecutionMode mode) {
        return new NrnLayer.Builder().name("nrn").nIn(3).nOut(2).units(4).solver(OdeSolver.RK4).unfolds(3)
                .chunkLength(4).checkpointInterval(2).elapsedTimeInput(true).positivity(Positivity.CLIP)
                .wiring(adjacency()).executionMode(mode).build();
    }

    /** A CT-RNN layer with a seeded wiring, midpoint solver and softsign activation. */
    private static CtRnnLayer ctrnn() {
        return new CtRnnLayer.Builder().name("ctrnn").nOut(3).units(5).solver(OdeSolver.MIDPOINT).unfolds(2)
                .activation(Activation.SOFTSIGN).wiring(new FullyConnectedWiring(99)).build();
    }

    private static RnnOutputLayer output() {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(1)
                .build();
    }

    private static MultiLayerConfiguration network(ExecutionMode mode) {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new Adam(0.02)).list()
                .layer(nrn(mode)).layer(ctrnn()).layer(output()).setInputType(InputType.recurrent(3)).build();
    }

    private static ComputationGraphConfiguration graph() {
        return new NeuralNetConfiguration.Builder().seed(3).dataType(DataType.DOUBLE).updater(new Adam(0.02))
                .graphBuilder().addInputs("in").addLayer("nrn", nrn(ExecutionMode.AUTO), "in")
                .addLayer("ctrnn", ctrnn(), "nrn").addLayer("out", output(), "ctrnn").setOutputs("out")
                .setInputTypes(InputType.recurrent(3)).build();
    }

    /** Features with a positive elapsed time in the last channel, and labels. */
    private static DataSet data(int steps) {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3, steps);
        x.get(NDArrayIndex.all(), NDArrayIndex.point(2), NDArrayIndex.all()).muli(1.5).addi(0.25);
        return new DataSet(x, Nd4j.rand(DataType.DOUBLE, 4, 1, steps));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializers")
    void wiringsAndSolversSurvive(String name, Serializer serializer) {
        for (Wiring w : new Wiring[] {adjacency(), new FullyConnectedWiring(99), new FullyConnectedWiring()}) {
            Wiring back = roundTrip(serializer, w);
            assertNotSame(w, back);
            assertEquals(w, back);
            assertEquals(w.build(2, 4), back.build(2, 4));
        }
        for (OdeSolver solver : OdeSolver.values()) {
            assertSame(solver, roundTrip(serializer, solver));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializers")
    void layerAndNetworkConfigurationsKeepEverySetting(String name, Serializer serializer) {
        for (OdeRecurrentLayer layer : new OdeRecurrentLayer[] {nrn(ExecutionMode.SAMEDIFF), ctrnn()}) {
            OdeRecurrentLayer back = roundTrip(serializer, layer);
            assertEquals(layer, back);
            assertEquals(layer.toString(), back.toString());
        }
        NrnLayer nrn = roundTrip(serializer, nrn(ExecutionMode.AUTO));
        assertEquals(adjacency().build(2, 4), nrn.synapses());
        assertEquals(2, nrn.getCheckpointInterval());

        MultiLayerConfiguration conf = network(ExecutionMode.AUTO);
        MultiLayerConfiguration confBack = roundTrip(serializer, conf);
        assertEquals(conf, confBack);
        assertEquals(conf.toJson(), confBack.toJson());
        ComputationGraphConfiguration g = graph();
        assertEquals(g.toJson(), roundTrip(serializer, g).toJson());
    }

    /**
     * A trained network as DL4J's training masters ship it (configuration, parameters and updater state in a
     * {@link NetBroadcastTuple}) and the layers' stored recurrent state: rebuilt from them, it continues a
     * sequence and trains exactly as the original. Both execution modes: the SameDiff runtime has built its
     * chunk graphs by then.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("serializers")
    void trainedNetworkAndStoredStateAsTheMastersShipThem(String name, Serializer serializer) {
        for (ExecutionMode mode : ExecutionMode.values()) {
            MultiLayerNetwork net = new MultiLayerNetwork(network(mode));
            net.init();
            DataSet ds = data(6);
            net.fit(ds);
            INDArray head = ds.getFeatures().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 4));
            INDArray tail = ds.getFeatures().get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(4, 6));
            net.rnnTimeStep(head);

            NetBroadcastTuple shipped = roundTrip(serializer, new NetBroadcastTuple(net.getLayerWiseConfigurations(),
                    net.params(), net.getUpdater().getStateViewArray()));
            MultiLayerNetwork back = new MultiLayerNetwork(shipped.getConfiguration());
            back.init(shipped.getParameters(), true);
            back.getUpdater().setStateViewArray(back, shipped.getUpdaterState(), false);
            for (int layer = 0; layer < 2; layer++) {
                Map<String, INDArray> state = roundTrip(serializer, new HashMap<>(net.rnnGetPreviousState(layer)));
                back.rnnSetPreviousState(layer, state);
            }
            assertEquals(net.getLayerWiseConfigurations(), back.getLayerWiseConfigurations(), mode + ": configuration");
            assertEquals(net.rnnTimeStep(tail), back.rnnTimeStep(tail), mode + ": continued sequence");

            net.rnnClearPreviousState();
            back.rnnClearPreviousState();
            net.fit(ds);
            back.fit(ds);
            assertEquals(net.params(), back.params(), mode + ": training after the round trip");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("serializers")
    void trainedComputationGraphAsTheMastersShipIt(String name, Serializer serializer) {
        ComputationGraph g = new ComputationGraph(graph());
        g.init();
        DataSet ds = data(5);
        g.fit(ds);
        NetBroadcastTuple shipped = roundTrip(serializer, new NetBroadcastTuple(g.getConfiguration(), g.params(),
                g.getUpdater().getStateViewArray()));
        ComputationGraph back = new ComputationGraph(shipped.getGraphConfiguration());
        back.init(shipped.getParameters(), true);
        back.getUpdater().setStateViewArray(shipped.getUpdaterState());
        assertEquals(g.outputSingle(ds.getFeatures()), back.outputSingle(ds.getFeatures()));
        g.fit(ds);
        back.fit(ds);
        assertEquals(g.params(), back.params());
    }

    /**
     * Plain Java serialization of a whole MultiLayerNetwork (DL4J writes it through ModelSerializer), as when
     * a closure captures a network outside Spark's serializers. What DL4J 1.0.0-M2.1 cannot do, with its own
     * layers as well (checked with an LSTM): Spark's {@link JavaSerializer} cannot read networks back, Kryo loses
     * their updater state, a network read back by Java serialization has no listener list (so {@code fit} and
     * {@code setListeners} fail) and a ComputationGraph read back by it has no outputs. Networks therefore
     * travel as configuration and arrays, as the training masters send them (above).
     */
    @Test
    void javaSerializationOfATrainedNetwork() throws IOException, ClassNotFoundException {
        MultiLayerNetwork net = new MultiLayerNetwork(network(ExecutionMode.AUTO));
        net.init();
        DataSet ds = data(6);
        net.fit(ds);
        MultiLayerNetwork back = javaRoundTrip(net);
        assertEquals(net.output(ds.getFeatures()), back.output(ds.getFeatures()));
        assertEquals(net.params(), back.params());
        assertEquals(net.getUpdater().getStateViewArray(), back.getUpdater().getStateViewArray());
    }

    @SuppressWarnings("unchecked")
    private static <T> T javaRoundTrip(T value) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(value);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (T) in.readObject();
        }
    }
}
