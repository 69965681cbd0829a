package io.github.dl4jnrn.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Gradient sharing trains an NRN network on {@code local[2]}, in a JVM of its own. */
class GradientSharingNetworkTest extends SparkTrainingCase {

    @Test
    @Timeout(value = ATTEMPTS * ATTEMPT_SECONDS + 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void gradientSharingTrainsAnNrnNetwork() throws Exception {
        withRetries("shared", () -> trainNetwork(sharedGradients(), "shared"));
    }
}
