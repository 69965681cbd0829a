package io.github.dl4jnrn.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** An NRN network fits one epoch on local[2] with parameter averaging and its parameters change. */
class SparkSmokeTest {

    @Test
    @Timeout(120)
    void oneEpochOnLocalMaster() {
        try (JavaSparkContext sc = SparkFixtures.localContext("smoke")) {
            SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, SparkFixtures.nrnNetwork(),
                    NrnSpark.parameterAveraging(SparkFixtures.BATCH, 2, 1));
            INDArray before = spark.getNetwork().params().dup();
            MultiLayerNetwork net = spark.fit(sc.parallelize(
                    SparkFixtures.TASK.minibatches(64, 1, DataType.FLOAT, SparkFixtures.BATCH), 2));
            assertNotEquals(before, net.params());
        }
    }
}
