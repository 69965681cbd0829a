package io.github.dl4jnrn.examples;

import io.github.dl4jnrn.layer.Backends;
import io.github.dl4jnrn.layer.CtRnnLayer;
import io.github.dl4jnrn.layer.ExecutionMode;
import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.layer.OdeRecurrentLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.PerformanceListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * A training job for whatever ND4J backend is active: the CPU by default, the GPU when built with the
 * {@code cuda} profile. It prints the backend and its devices, trains an NRN (or CT-RNN) network on the
 * generated wave task with DL4J's {@link PerformanceListener} reporting progress, and ends with the
 * throughput (sequences per second) and the test error.
 *
 * <pre>
 * mvn -q -pl dl4j-nrn-examples exec:exec -Dexec.mainClass=io.github.dl4jnrn.examples.TrainingJob \
 *     -Dexec.appArgs="--epochs 5 --units 32"
 * mvn -Pcuda -B install -DskipTests &amp;&amp; mvn -q -Pcuda -pl dl4j-nrn-examples exec:exec \
 *     -Dexec.mainClass=io.github.dl4jnrn.examples.TrainingJob -Dexec.appArgs="--execution SAMEDIFF"
 * </pre>
 * Options: {@code --cell NRN|CTRNN} (NRN), {@code --units N} (32), {@code --steps T} (50), {@code --unfolds K}
 * (6), {@code --batch B} (32), {@code --examples N} (1024), {@code --epochs E} (3), {@code --execution
 * AUTO|SAMEDIFF} (AUTO). With {@code AUTO} the layers compute on the host's plain arrays (their fastest path
 * for small cells, on any backend); {@code SAMEDIFF} runs their SameDiff graphs on the backend's device. On
 * a GPU newer than DL4J 1.0.0-M2.1 supports (compute capability above 8.6) the job stops at once with a
 * message saying so.
 */
public final class TrainingJob {

    private static final Logger LOG = LoggerFactory.getLogger(TrainingJob.class);

    private TrainingJob() {
    }

    /** @param args see the class documentation */
    public static void main(String[] args) {
        Options o = Options.parse(ExampleArgs.tokens(args));
        System.out.println(Backends.describe());
        Backends.checkSupported();

        WaveTask task = new WaveTask(o.steps);
        DataSet train = task.generate(o.examples, 1, DataType.FLOAT);
        DataSet test = task.generate(256, 2, DataType.FLOAT);
        OdeRecurrentLayer.Builder<?> layer = o.cell.equals("NRN") ? new NrnLayer.Builder().nOut(4)
                : new CtRnnLayer.Builder().nOut(4);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(42)
                .dataType(DataType.FLOAT).updater(new Adam(0.01)).list()
                .layer(layer.units(o.units).solver(OdeSolver.FUSED).unfolds(o.unfolds).executionMode(o.execution)
                        .build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build())
                .setInputType(InputType.recurrent(1)).build());
        net.init();
        int iterationsPerEpoch = (o.examples + o.batch - 1) / o.batch;
        net.setListeners(new PerformanceListener(Math.max(1, iterationsPerEpoch / 2), true));
        LOG.info("{} layer, {} units, T = {}, {} unfolds, {} execution: {} parameters; {} epochs of {} "
                        + "minibatches of {}", o.cell, o.units, o.steps, o.unfolds, o.execution, net.numParams(),
                o.epochs, iterationsPerEpoch, o.batch);

        // one untimed minibatch first: JIT compilation and, with SAMEDIFF, the graph builds
        net.fit(new DataSet(train.getFeatures().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, o.batch)),
                train.getLabels().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, o.batch))));
        long start = System.nanoTime();
        net.fit(new ListDataSetIterator<>(train.asList(), o.batch), o.epochs);
        double seconds = (System.nanoTime() - start) / 1e9;
        double error = Quickstart.meanSquaredError(net, test);
        System.out.printf(Locale.ROOT, "%s: %d epochs in %.1f s, %.0f sequences/s (%.1f ms per minibatch of %d); "
                        + "test MSE %.4f%n", Backends.backendName(), o.epochs, seconds, o.epochs * o.examples / seconds,
                1e3 * seconds / (o.epochs * iterationsPerEpoch), o.batch, error);
    }

    /** Command-line options. */
    private static final class Options {
        String cell = "NRN";
        int units = 32;
        int steps = 50;
        int unfolds = 6;
        int batch = 32;
        int examples = 1024;
        int epochs = 3;
        ExecutionMode execution = ExecutionMode.AUTO;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i += 2) {
                String value = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--cell" -> o.cell = choice("--cell", value.toUpperCase(Locale.ROOT).replace("-", ""),
                            "NRN", "CTRNN");
                    case "--units" -> o.units = ExampleArgs.positive("--units", value);
                    case "--steps" -> o.steps = ExampleArgs.positive("--steps", value);
                    case "--unfolds" -> o.unfolds = ExampleArgs.positive("--unfolds", value);
                    case "--batch" -> o.batch = ExampleArgs.positive("--batch", value);
                    case "--examples" -> o.examples = ExampleArgs.positive("--examples", value);
                    case "--epochs" -> o.epochs = ExampleArgs.positive("--epochs", value);
                    case "--execution" -> o.execution = ExecutionMode.valueOf(choice("--execution",
                            value.toUpperCase(Locale.ROOT), "AUTO", "SAMEDIFF"));
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --cell "
                            + "NRN|CTRNN --units N --steps T --unfolds K --batch B --examples N --epochs E "
                            + "--execution AUTO|SAMEDIFF");
                }
            }
            return o;
        }

        private static String choice(String name, String value, String... allowed) {
            for (String a : allowed) {
                if (a.equals(value)) {
                    return a;
                }
            }
            throw new IllegalArgumentException(name + " must be one of " + String.join(", ", allowed) + " but was "
                    + value);
        }
    }
}
