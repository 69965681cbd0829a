package io.github.dl4jnrn.spark;

import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Parameter averaging trains an NRN network and a graph of CT-RNN and NRN layers on {@code local[2]}. */
class ParameterAveragingTrainingTest extends SparkTrainingCase {

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parameterAveragingTrainsAnNrnNetwork() throws Exception {
        trainNetwork(NrnSpark.parameterAveraging(SparkFixtures.BATCH, 4, 1), "averaging");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parameterAveragingTrainsAGraphOfCtRnnAndNrnLayers() throws Exception {
        train(SparkTraining.Trainer.of(new SparkComputationGraph(sc, SparkTraining.graph(SparkFixtures.UNITS),
                NrnSpark.parameterAveraging(SparkFixtures.BATCH, 4, 1))), "graph-averaging");
    }
}
