package io.github.dl4jnrn.spark;

import org.junit.jupiter.api.Test;

import static io.github.dl4jnrn.spark.FilterTaskTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** NrnSpark's Spark settings, and its argument rules. */
class NrnSparkTest {

    @Test
    void settingsAndBadArguments() {
        assertMessage("master must be a local master such as local[2] but was yarn", () -> NrnSpark.local("yarn", "x"));
        assertMessage("batchSizePerWorker must be at least 1 but was 0", () -> NrnSpark.parameterAveraging(0, 1, 1));
        assertMessage("averagingFrequency must be at least 1 but was 0", () -> NrnSpark.parameterAveraging(8, 0, 1));
        assertMessage("port must be between 1 and 65535 but was 70000",
                () -> NrnSpark.sharedGradients(8, 70000, "127.0.0.1", 1e-3, 1));
        assertMessage("controllerAddress must be the driver's address but was null",
                () -> NrnSpark.sharedGradients(8, 40123, null, 1e-3, 1));
        assertMessage("threshold must be positive but was 0.0",
                () -> NrnSpark.sharedGradients(8, 40123, "127.0.0.1", 0, 1));
        assertEquals(NrnSpark.ND4J_REGISTRATOR, NrnSpark.local("local[2]", "x").get("spark.kryo.registrator"));
        assertEquals(NrnSpark.KRYO_SERIALIZER, NrnSpark.local("local[2]", "x").get("spark.serializer"));
    }
}
