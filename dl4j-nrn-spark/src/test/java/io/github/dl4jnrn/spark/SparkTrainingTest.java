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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NRN and CT-RNN networks train on {@code local[2]} with both of DL4J's training masters: the held-out error
 * falls well below the untrained network's, Spark's distributed evaluation agrees with the driver's, and a
 * model trained on Spark and saved gives the same outputs when restored in a JVM without Spark.
 */
class SparkTrainingTest {

    private static final int EPOCHS = 4;
    /** The trained error must be below this fraction of the untrained error. */
    private static final double IMPROVEMENT = 0.25;

    private static JavaSparkContext sc;
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

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parameterAveragingTrainsAnNrnNetwork() throws Exception {
        trainNetwork(NrnSpark.parameterAveraging(SparkFixtures.BATCH, 4, 1), "averaging");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void gradientSharingTrainsAnNrnNetwork() throws Exception {
        trainNetwork(sharedGradients(), "shared");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void parameterAveragingTrainsAGraphOfCtRnnAndNrnLayers() throws Exception {
        train(SparkTraining.Trainer.of(new SparkComputationGraph(sc, SparkTraining.graph(SparkFixtures.UNITS),
                NrnSpark.parameterAveraging(SparkFixtures.BATCH, 4, 1))), "graph-averaging");
    }

    @Test
    @Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void gradientSharingTrainsAGraphOfCtRnnAndNrnLayers() throws Exception {
        train(SparkTraining.Trainer.of(new SparkComputationGraph(sc, SparkTraining.graph(SparkFixtures.UNITS),
                sharedGradients())), "graph-shared");
    }

    private static TrainingMaster<?, ?> sharedGradients() {
        return NrnSpark.sharedGradients(SparkFixtures.BATCH, SparkFixtures.freeUdpPort(),
                sc.getConf().get("spark.driver.host"), 1e-3, 1);
    }

    private void trainNetwork(TrainingMaster<?, ?> master, String name) throws Exception {
        SparkDl4jMultiLayer spark = new SparkDl4jMultiLayer(sc, SparkTraining.network(SparkFixtures.UNITS), master);
        double trained = train(SparkTraining.Trainer.of(spark), name);

        // the executors evaluate the broadcast network as the driver does
        RegressionEvaluation onSpark = spark.evaluateRegression(sc.parallelize(test.batchBy(32), 2));
        assertEquals(trained, onSpark.averageMeanSquaredError(), 1e-5);
    }

    /**
     * Trains for {@link #EPOCHS} epochs, checks the improvement, saves the model and compares its outputs with
     * those of the saved model restored in a JVM without Spark.
     *
     * @return the held-out error after training
     */
    private double train(SparkTraining.Trainer trainer, String name) throws Exception {
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
