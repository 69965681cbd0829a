package io.github.dl4jnrn.spark;

import io.github.dl4jnrn.layer.NrnLayer;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

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

    /** @return a small NRN network for the filter task: 4 neurons, 1 output neuron, 2 unfolds */
    static MultiLayerConfiguration nrnNetwork() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(0.03)).list()
                .layer(new NrnLayer.Builder().nOut(1).units(4).unfolds(2).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build())
                .setInputType(InputType.recurrent(1)).build();
    }
}
