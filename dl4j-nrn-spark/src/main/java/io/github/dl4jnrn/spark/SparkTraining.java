package io.github.dl4jnrn.spark;

import io.github.dl4jnrn.layer.CtRnnLayer;
import io.github.dl4jnrn.layer.NrnLayer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Trains a network with NRN layers on Spark: a generated {@link FilterTask} (a random staircase through a
 * low-pass filter), split into minibatches in an RDD, fitted by one of DL4J's training masters; prints the
 * held-out error before and after each epoch and saves the model with {@link ModelSerializer}.
 *
 * <p>On a local master ({@code local[2]} by default) from the repository root:
 * <pre>
 * mvn -q -pl dl4j-nrn-spark exec:exec -Dexec.appArgs="--trainer shared --epochs 5"
 * </pre>
 * On a cluster, with the jar of the {@code shade} profile; the master comes from {@code spark-submit}:
 * <pre>
 * mvn -B -Pshade -pl dl4j-nrn-spark -am package -DskipTests
 * spark-submit --master spark://host:7077 --class io.github.dl4jnrn.spark.SparkTraining \
 *     dl4j-nrn-spark/target/dl4j-nrn-spark-0.1.0-SNAPSHOT-spark.jar --trainer averaging --examples 20000
 * </pre>
 * Options: {@code --master M} (used only when {@code spark-submit} set none; {@code local[2]}),
 * {@code --trainer averaging|shared} (parameter averaging or gradient sharing; averaging), {@code --model
 * network|graph} (a MultiLayerNetwork with an NRN layer, or a ComputationGraph of a CT-RNN and an NRN layer;
 * network), {@code --examples N} (1024), {@code --batch B} (examples per minibatch and worker; 16),
 * {@code --epochs E} (5), {@code --units U} (NRN neurons, at least 2; 8), {@code --port P} (UDP port of
 * gradient sharing; 40123), {@code --save FILE} (nrn-spark-model.zip in the working directory; with exec:exec,
 * the module's target directory).
 */
public final class SparkTraining {

    private static final Logger LOG = LoggerFactory.getLogger(SparkTraining.class);

    private static final int STEPS = 24;
    private static final double TIME_CONSTANT = 3;

    private SparkTraining() {
    }

    /** @param args see the class documentation */
    public static void main(String[] args) throws IOException {
        Options o = Options.parse(args);
        String name = "dl4j-nrn SparkTraining";
        SparkConf submitted = new SparkConf();
        String master = submitted.get("spark.master", o.master);
        SparkConf conf = master.startsWith("local") ? NrnSpark.local(master, name)
                : NrnSpark.withKryo(submitted.setAppName(name));
        FilterTask task = new FilterTask(STEPS, TIME_CONSTANT);
        DataSet test = task.generate(256, 2, DataType.FLOAT);

        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            JavaRDD<DataSet> train = sc.parallelize(task.minibatches(o.examples, 1, DataType.FLOAT, o.batch),
                    sc.defaultParallelism()).cache();
            // gradient sharing: the driver coordinates the transport, at the address Spark bound it to
            TrainingMaster<?, ?> trainingMaster = o.trainer.equals("shared")
                    ? NrnSpark.sharedGradients(o.batch, o.port, sc.getConf().get("spark.driver.host"), 1e-3, 1)
                    : NrnSpark.parameterAveraging(o.batch, 4, 1);
            LOG.info("master {}, {} workers, {} trainer, {}: {} examples of {} steps in minibatches of {}",
                    sc.master(), sc.defaultParallelism(), o.trainer, o.model, o.examples, STEPS, o.batch);

            Trainer trainer = o.model.equals("graph")
                    ? Trainer.of(new SparkComputationGraph(sc, graph(o.units), trainingMaster))
                    : Trainer.of(new SparkDl4jMultiLayer(sc, network(o.units), trainingMaster));
            double untrained = trainer.error(test);
            System.out.printf(Locale.ROOT, "untrained: held-out MSE %.4f (%d parameters)%n", untrained,
                    trainer.model().get().numParams());
            long start = System.nanoTime();
            for (int epoch = 1; epoch <= o.epochs; epoch++) {
                long t0 = System.nanoTime();
                trainer.fit().accept(train);
                System.out.printf(Locale.ROOT, "epoch %d: held-out MSE %.4f (%.1f s)%n", epoch, trainer.error(test),
                        (System.nanoTime() - t0) / 1e9);
            }
            double trained = trainer.error(test);
            System.out.printf(Locale.ROOT, "%s on %s: MSE %.4f -> %.4f (%.1f%% of untrained) in %.1f s%n",
                    o.trainer, sc.master(), untrained, trained, 100 * trained / untrained,
                    (System.nanoTime() - start) / 1e9);
            ModelSerializer.writeModel(trainer.model().get(), new File(o.save), true);
            System.out.println("saved " + o.save + " (ModelSerializer: restore with restore"
                    + (o.model.equals("graph") ? "ComputationGraph" : "MultiLayerNetwork") + ")");
        }
    }

    /** One of DL4J's two Spark wrappers, seen the same way: fit an epoch, the network, its outputs. */
    record Trainer(Consumer<JavaRDD<DataSet>> fit, Supplier<Model> model, Function<INDArray, INDArray> output) {

        static Trainer of(SparkDl4jMultiLayer spark) {
            return new Trainer(spark::fit, spark::getNetwork, features -> spark.getNetwork().output(features));
        }

        static Trainer of(SparkComputationGraph spark) {
            return new Trainer(spark::fit, spark::getNetwork, features -> spark.getNetwork().outputSingle(features));
        }

        /** @return the mean squared error of the current network on the data */
        double error(DataSet data) {
            return FilterTask.meanSquaredError(output.apply(data.getFeatures()), data);
        }
    }

    private static NeuralNetConfiguration.Builder base() {
        return new NeuralNetConfiguration.Builder().seed(7).dataType(DataType.FLOAT).updater(new Adam(0.03));
    }

    private static RnnOutputLayer output() {
        return new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).nOut(1)
                .build();
    }

    /**
     * @param units the NRN layer's neurons, at least 2
     * @return the example's MultiLayerNetwork: an NRN layer (2 output neurons, 2 unfolds) and a linear output
     */
    static MultiLayerConfiguration network(int units) {
        return base().list()
                .layer(new NrnLayer.Builder().nOut(2).units(units).unfolds(2).build())
                .layer(output())
                .setInputType(InputType.recurrent(1)).build();
    }

    /**
     * @param units the NRN layer's neurons, at least 2
     * @return the example's ComputationGraph: a CT-RNN layer of 3 neurons, an NRN layer, a linear output
     */
    static ComputationGraphConfiguration graph(int units) {
        return base().graphBuilder().addInputs("in")
                .addLayer("ctrnn", new CtRnnLayer.Builder().nOut(3).units(3).unfolds(2).build(), "in")
                .addLayer("nrn", new NrnLayer.Builder().nOut(2).units(units).unfolds(2).build(), "ctrnn")
                .addLayer("out", output(), "nrn")
                .setOutputs("out").setInputTypes(InputType.recurrent(1)).build();
    }

    /** Command-line options; Maven's exec:exec passes them as one space-separated string. */
    private static final class Options {
        String master = "local[2]";
        String trainer = "averaging";
        String model = "network";
        int examples = 1024;
        int batch = 16;
        int epochs = 5;
        int units = 8;
        int port = 40123;
        String save = "nrn-spark-model.zip";

        static Options parse(String[] raw) {
            List<String> args = Arrays.stream(String.join(" ", raw).trim().split("\\s+")).filter(t -> !t.isEmpty())
                    .toList();
            Options o = new Options();
            for (int i = 0; i < args.size(); i += 2) {
                String value = i + 1 < args.size() ? args.get(i + 1) : "";
                switch (args.get(i)) {
                    case "--master" -> o.master = value;
                    case "--trainer" -> o.trainer = choice("--trainer", value, "averaging", "shared");
                    case "--model" -> o.model = choice("--model", value, "network", "graph");
                    case "--examples" -> o.examples = positive("--examples", value);
                    case "--batch" -> o.batch = positive("--batch", value);
                    case "--epochs" -> o.epochs = positive("--epochs", value);
                    case "--units" -> o.units = positive("--units", value);
                    case "--port" -> o.port = positive("--port", value);
                    case "--save" -> o.save = value;
                    default -> throw new IllegalArgumentException("unknown option " + args.get(i)
                            + "; options: --master M --trainer averaging|shared --model network|graph --examples N "
                            + "--batch B --epochs E --units U --port P --save FILE");
                }
            }
            return o;
        }

        private static String choice(String name, String value, String... allowed) {
            for (String a : allowed) {
                if (a.equals(value.toLowerCase(Locale.ROOT))) {
                    return a;
                }
            }
            throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + " but was \""
                    + value + "\"");
        }

        private static int positive(String name, String value) {
            try {
                int v = Integer.parseInt(value);
                if (v >= 1) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new IllegalArgumentException(name + " must be a positive integer but was \"" + value + "\"");
        }
    }
}
