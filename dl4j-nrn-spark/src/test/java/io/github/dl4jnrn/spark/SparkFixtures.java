package io.github.dl4jnrn.spark;

import org.apache.spark.api.java.JavaSparkContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;

/** Data and Spark contexts shared by the Spark tests; the networks are the example's, smaller. */
final class SparkFixtures {

    static final int STEPS = 16;
    static final int BATCH = 8;
    static final int UNITS = 4;
    static final FilterTask TASK = new FilterTask(STEPS, 3);

    private SparkFixtures() {
    }

    /** @return a Spark context on {@code local[2]} with Kryo */
    static JavaSparkContext localContext(String name) {
        return new JavaSparkContext(NrnSpark.local("local[2]", name));
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
