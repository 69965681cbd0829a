package io.github.dl4jnrn.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.evaluation.regression.RegressionEvaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the Spark training tests share: a {@code local[2]} context and data, training with a check that the
 * held-out error falls well below the untrained network's, Spark's distributed evaluation against the driver's,
 * and a saved model restored in a JVM without Spark giving the same outputs.
 *
 * <p>DL4J M2.1's gradient sharing ({@code SharedTrainingMaster}) occasionally never finishes a job (here about
 * one fit in 25, waiting in {@code treeAggregate}; DL4J's own gradient-sharing tests were reported to get stuck
 * the same way). A
 * gradient-sharing training therefore runs with {@link #withRetries}: an attempt that has not finished after
 * {@link #ATTEMPT_SECONDS} seconds is abandoned (its Spark jobs cancelled) and the training starts again with a
 * new network and master, at most {@link #ATTEMPTS} times; each retry is printed. The concrete tests are split
 * so that each gradient-sharing test runs in a JVM of its own (surefire forks one per test class), away from the
 * threads an abandoned attempt may leave.
 */
abstract class SparkTrainingCase {

    private static final int EPOCHS = 4;
    /** The trained error must be below this fraction of the untrained error. */
    private static final double IMPROVEMENT = 0.25;

    static JavaSparkContext sc;
    private static JavaRDD<DataSet> train;
    private static DataSet test;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sc = SparkFixtures.localContext("nrn-training-test");
        train = sc.parallelize(SparkFixtures.TASK.minibatches(256, 1, DataType.FLOAT, SparkFixtures.BATCH), 2)
                .cache();
        test = SparkFixtures.TASK.generate(128, 2, DataType.FLOAT);
    }

    @AfterAll
    static void stop() {
        if (sc != null) {
            sc.stop();
        }
    }

    /** Seconds an attempt of a gradient-sharing training may take (they take 7 to 25 s here). */
    static final int ATTEMPT_SECONDS = 60;
    /**
     * Attempts of a gradient-sharing training. Measured here: about one fit in 25 hung, more often early in a JVM's
     * life, so that a first attempt of 4 fits hung in about a third of fresh JVMs and later attempts rarely.
     */
    static final int ATTEMPTS = 5;

    /**
     * Runs a training, again from the start if an attempt does not finish in {@link #ATTEMPT_SECONDS}, after
     * cancelling the abandoned attempt's Spark jobs.
     *
     * @param name    the training's name, for messages
     * @param attempt one attempt: builds its network and master, trains, checks, and returns the trained error
     * @return the trained error of the attempt that finished
     */
    static double withRetries(String name, Callable<Double> attempt) throws Exception {
        return Attempts.run(name, ATTEMPTS, ATTEMPT_SECONDS, () -> sc.cancelAllJobs(), attempt);
    }

    static TrainingMaster<?, ?> sharedGradients() {
        return NrnSpark.sharedGradients(SparkFixtures.BATCH, SparkFixtures.freeUdpPort(),
                sc.getConf().get("spark.driver.host"), 1e-3, 1);
    }

    /** @return the trained error */
    double trainNetwork(TrainingMaster<?, ?> master, String name) throws Exception {
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, SparkTraining.network(SparkFixtures.UNITS), master);
        double trained = train(SparkTraining.Trainer.of(spark), name);

        // the executors evaluate the broadcast network as the driver does
        RegressionEvaluation onSpark = spark.evaluateRegression(sc.parallelize(test.batchBy(32), 2));
        assertEquals(trained, onSpark.averageMeanSquaredError(), 1e-5);
        return trained;
    }

    /**
     * Trains for {@link #EPOCHS} epochs, checks the improvement, saves the model and compares its outputs with
     * those of the saved model restored in a JVM without Spark.
     *
     * @return the held-out error after training
     */
    double train(SparkTraining.Trainer trainer, String name) throws Exception {
        double untrained = trainer.error(test);
        for (int epoch = 0; epoch < EPOCHS; epoch++) {
            trainer.fit().accept(train);
        }
        double trained = trainer.error(test);
        System.out.printf("%s: untrained MSE %.4f, trained %.4f%n", name, untrained, trained);
        assertTrue(trained < IMPROVEMENT * untrained, name + ": MSE " + untrained + " -> " + trained);

        Model net = trainer.model().get();
        File model = dir.resolve(name + ".zip").toFile();
        ModelSerializer.writeModel(net, model, true);
        String type = net instanceof ComputationGraph ? "GRAPH" : "MLN";
        assertEquals(trainer.output().apply(test.getFeatures()), plainJvmOutputs(type, model), name);
        return trained;
    }

    /** Restores the model in a new JVM whose class path has no Spark or Scala, and returns its outputs. */
    private INDArray plainJvmOutputs(String type, File model) throws IOException, InterruptedException {
        File features = dir.resolve("features.bin").toFile();
        File outputs = dir.resolve("outputs-" + type + ".bin").toFile();
        Nd4j.saveBinary(test.getFeatures(), features);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "--add-modules=jdk.incubator.vector", "-cp", plainClassPath(),
                PlainJvmOutputs.class.getName(), type, model.getPath(), features.getPath(), outputs.getPath()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("plain-jvm.log").toFile()).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the plain JVM did not finish in 60 s");
        assertEquals(0, process.exitValue(), () -> "the plain JVM failed:\n" + log());
        return Nd4j.readBinary(outputs);
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("plain-jvm.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    /** @return this JVM's test class path without Spark, Scala and DL4J's Spark integration */
    private static String plainClassPath() {
        List<String> kept = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (!e.contains("/org/apache/spark/") && !e.contains("/org/scala-lang/") && !e.contains("dl4j-spark")
                    && !e.contains("_2.12")) {
                kept.add(entry);
            }
        }
        return String.join(File.pathSeparator, kept);
    }
}
