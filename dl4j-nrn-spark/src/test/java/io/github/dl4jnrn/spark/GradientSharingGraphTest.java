package io.github.dl4jnrn.spark;

import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gradient sharing trains a graph of CT-RNN and NRN layers on {@code local[2]}, in a JVM of its own. */
class GradientSharingGraphTest extends SparkTrainingCase {

    @Test
    @Timeout(value = ATTEMPTS * ATTEMPT_SECONDS + 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void gradientSharingTrainsAGraphOfCtRnnAndNrnLayers() throws Exception {
        withRetries("graph-shared", () -> train(SparkTraining.Trainer.of(new SparkComputationGraph(sc,
                SparkTraining.graph(SparkFixtures.UNITS), sharedGradients())), "graph-shared"));
    }
}
