package io.github.dl4jnrn.spark;

import io.github.dl4jnrn.layer.CtRnnLayer;
import io.github.dl4jnrn.layer.NrnLayer;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;

/** Networks, data and Spark contexts shared by the Spark tests. */
final class SparkFixtures {

    static final int STEPS = 16;
    static final int BATCH = 8;
    static final FilterTask TASK = new FilterTask(STEPS, 3);

    private SparkFixtures() {
    }

    /** @return a Spark context on {@code local[2]} with Kryo */
    static JavaSparkContext localContext(String name) {
        return new JavaSparkContext(NrnSpark.local("local[2]", name));
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(0.03));
    }

    private static RnnOutputLayer output() {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(1)
                .build();
    }

    /** @return a small NRN network for the filter task: 4 neurons, 2 of them outputs, 2 unfolds */
    static MultiLayerConfiguration nrnNetwork() {
        return base().list()
                .layer(new NrnLayer.Builder().nOut(2).units(4).unfolds(2).build())
                .layer(output())
                .setInputType(InputType.recurrent(1)).build();
    }

    /** @return a ComputationGraph for the filter task: a CT-RNN layer and an NRN layer, then the output */
    static ComputationGraphConfiguration mixedGraph() {
        return base().graphBuilder().addInputs("in")
                .addLayer("ctrnn", new CtRnnLayer.Builder().nOut(3).units(3).unfolds(2).build(), "in")
                .addLayer("nrn", new NrnLayer.Builder().nOut(1).units(3).unfolds(2).build(), "ctrnn")
                .addLayer("out", output(), "nrn")
                .setOutputs("out").setInputTypes(InputType.recurrent(1)).build();
    }

    /** @return a UDP port free at the moment of the call, for the gradient-sharing transport */
    static int freeUdpPort() {
        try (DatagramSocket socket = new DatagramSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
