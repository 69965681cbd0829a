package io.github.dl4jnrn.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.deeplearning4j.optimize.solvers.accumulation.encoding.threshold.AdaptiveThresholdAlgorithm;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.deeplearning4j.spark.parameterserver.training.SharedTrainingMaster;
import org.nd4j.parameterserver.distributed.conf.VoidConfiguration;

/**
 * Spark settings and DL4J training masters for networks with NRN and CT-RNN layers, as measured to work with
 * DL4J's Spark integration 1.0.0-M2, DL4J 1.0.0-M2.1 and Spark 3.3 on Java 17.
 *
 * <p>Nothing here is specific to the layers' numerics: their configurations travel to the workers as
 * DL4J's do (Java serialization or JSON of the network configuration, parameters as arrays), and their
 * runtime is rebuilt on each worker. What a job needs is Kryo with ND4J's registrator (arrays in RDDs and
 * shuffles), and, when the JVM is started by hand rather than by {@code spark-submit}, Spark's
 * {@code --add-opens} options for Java 17 (see the module's README section).
 */
public final class NrnSpark {

    /** Spark's serializer setting: Kryo. */
    public static final String KRYO_SERIALIZER = KryoSerializer.class.getName();
    /** ND4J's Kryo registrator, needed for arrays under Kryo. */
    public static final String ND4J_REGISTRATOR = "org.nd4j.kryo.Nd4jRegistrator";

    private NrnSpark() {
    }

    /**
     * Sets Kryo with ND4J's registrator on a Spark configuration.
     *
     * @param conf the configuration, changed in place
     * @return {@code conf}
     */
    public static SparkConf withKryo(SparkConf conf) {
        return conf.set("spark.serializer", KRYO_SERIALIZER).set("spark.kryo.registrator", ND4J_REGISTRATOR);
    }

    /**
     * A configuration for a Spark master inside this JVM, bound to the loopback interface, without the web UI.
     *
     * @param master  a local master, {@code local[N]} or {@code local[*]}
     * @param appName the application's name
     * @return the configuration, with Kryo
     * @throws IllegalArgumentException if {@code master} is not a local master
     */
    public static SparkConf local(String master, String appName) {
        if (master == null || !master.startsWith("local")) {
            throw new IllegalArgumentException("master must be a local master such as local[2] but was " + master);
        }
        return withKryo(new SparkConf().setMaster(master).setAppName(appName)
                .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false"));
    }

    /**
     * Parameter averaging: each worker fits its share of minibatches from the current parameters, and the
     * driver averages the workers' parameters (and updater states) every {@code averagingFrequency}
     * minibatches.
     *
     * @param batchSizePerWorker examples per minibatch, as the RDD's data sets hold them, at least 1
     * @param averagingFrequency minibatches per worker between averages, at least 1
     * @param seed               seed of the split of the data among workers
     * @return the training master
     */
    public static ParameterAveragingTrainingMaster parameterAveraging(int batchSizePerWorker, int averagingFrequency,
                                                                      long seed) {
        requirePositive("batchSizePerWorker", batchSizePerWorker);
        requirePositive("averagingFrequency", averagingFrequency);
        return new ParameterAveragingTrainingMaster.Builder(batchSizePerWorker)
                .batchSizePerWorker(batchSizePerWorker).averagingFrequency(averagingFrequency)
                .workerPrefetchNumBatches(0).saveUpdater(true).rngSeed(seed).build();
    }

    /**
     * Gradient sharing: workers exchange threshold-encoded updates through an Aeron transport after every
     * minibatch (asynchronous, quantised SGD). The JVMs must run with
     * {@code -Daeron.publication.unblock.timeout=60000000000}, or a stalled publication can block a job.
     *
     * @param batchSizePerWorker examples per minibatch, as the RDD's data sets hold them, at least 1
     * @param port               the UDP port of the transport on each node, 1 to 65535
     * @param controllerAddress  the address of the node that coordinates the transport, the driver's
     *                           ({@code spark.driver.host}; {@code 127.0.0.1} on a local master)
     * @param threshold          initial encoding threshold of the adaptive threshold algorithm, positive
     * @param seed               seed of the workers' random numbers
     * @return the training master
     */
    public static SharedTrainingMaster sharedGradients(int batchSizePerWorker, int port, String controllerAddress,
                                                       double threshold, long seed) {
        requirePositive("batchSizePerWorker", batchSizePerWorker);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535 but was " + port);
        }
        if (controllerAddress == null || controllerAddress.isBlank()) {
            throw new IllegalArgumentException("controllerAddress must be the driver's address but was "
                    + controllerAddress);
        }
        if (!(threshold > 0)) {
            throw new IllegalArgumentException("threshold must be positive but was " + threshold);
        }
        VoidConfiguration transport = VoidConfiguration.builder().unicastPort(port)
                .controllerAddress(controllerAddress).build();
        return new SharedTrainingMaster.Builder(transport, batchSizePerWorker)
                .thresholdAlgorithm(new AdaptiveThresholdAlgorithm(threshold)).batchSizePerWorker(batchSizePerWorker)
                .workersPerNode(1).workerPrefetchNumBatches(0).collectTrainingStats(false).rngSeed(seed).build();
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1 but was " + value);
        }
    }
}
