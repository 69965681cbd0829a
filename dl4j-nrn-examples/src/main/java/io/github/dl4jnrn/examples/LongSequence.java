package io.github.dl4jnrn.examples;

import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Trains an NRN layer on very long sequences (T = 10,000 by default) and reports the time per iteration and
 * the process's peak resident memory, with the layer's {@code checkpointInterval}: the training forward pass
 * keeps the state only every {@code c} steps and the backward pass recomputes the steps between, so the
 * layer's own memory stays near {@code minibatch x (T / c + c x unfolds) x units} values instead of
 * {@code minibatch x T x unfolds x units}.
 *
 * <pre>
 * mvn -q -pl dl4j-nrn-examples exec:exec -Dexec.mainClass=io.github.dl4jnrn.examples.LongSequence \
 *     -Dexample.heap=-Xmx1g -Dexec.appArgs="--steps 10000 --checkpoint 100"
 * </pre>
 * Options: {@code --steps T} (10000), {@code --checkpoint c} (100; 0 keeps every state), {@code --units N}
 * (32), {@code --inputs N} (8), {@code --batch B} (32), {@code --unfolds K} (6), {@code --iterations N} (3).
 * Peak memory is the kernel's high-water mark of the resident set ({@code VmHWM}, Linux), which includes the
 * JVM's heap as it grew, ND4J's native buffers and the native libraries; run each setting in its own JVM
 * and bound the heap ({@code -Dexample.heap=-Xmx1g}) to compare settings.
 */
public final class LongSequence {

    private LongSequence() {
    }

    /** @param args see the class documentation */
    public static void main(String[] args) {
        String[] a = ExampleArgs.tokens(args);
        int steps = 10_000;
        int checkpoint = 100;
        int units = 32;
        int inputs = 8;
        int batch = 32;
        int unfolds = 6;
        int iterations = 3;
        for (int i = 0; i + 1 < a.length; i += 2) {
            switch (a[i]) {
                case "--steps" -> steps = ExampleArgs.positive(a[i], a[i + 1]);
                case "--checkpoint" -> checkpoint = Integer.parseInt(a[i + 1]);
                case "--units" -> units = ExampleArgs.positive(a[i], a[i + 1]);
                case "--inputs" -> inputs = ExampleArgs.positive(a[i], a[i + 1]);
                case "--batch" -> batch = ExampleArgs.positive(a[i], a[i + 1]);
                case "--unfolds" -> unfolds = ExampleArgs.positive(a[i], a[i + 1]);
                case "--iterations" -> iterations = ExampleArgs.positive(a[i], a[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + a[i] + "; options: --steps T "
                        + "--checkpoint c --units N --inputs N --batch B --unfolds K --iterations N");
            }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).list()
                .layer(new NrnLayer.Builder().nOut(units).units(units).solver(OdeSolver.FUSED).unfolds(unfolds)
                        .checkpointInterval(checkpoint).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build())
                .setInputType(InputType.recurrent(inputs)).build());
        net.init();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, inputs, steps);
        INDArray y = Nd4j.rand(DataType.FLOAT, batch, 1, steps);
        DataSet ds = new DataSet(x, y);
        System.out.printf(Locale.ROOT, "NRN %d units, %d inputs, minibatch %d, T = %d, %d unfolds, fused, float, "
                        + "checkpointInterval %d; max heap %d MiB; resident before training: %s%n", units, inputs,
                batch, steps, unfolds, checkpoint, Runtime.getRuntime().maxMemory() >> 20, memory("VmRSS"));
        double[] ms = new double[iterations];
        for (int i = 0; i < iterations; i++) {
            long start = System.nanoTime();
            net.fit(ds);
            ms[i] = (System.nanoTime() - start) / 1e6;
            System.out.printf(Locale.ROOT, "  iteration %d: %.0f ms, score %.4f, peak resident %s%n", i + 1, ms[i],
                    net.score(), memory("VmHWM"));
        }
        System.out.printf(Locale.ROOT, "T = %d, checkpointInterval %d: median %.0f ms per iteration, peak resident "
                + "memory %s%n", steps, checkpoint, Benchmark.median(ms), memory("VmHWM"));
    }

    /** @return a memory figure of this process from {@code /proc/self/status}, e.g. {@code VmHWM}, in MiB */
    static String memory(String key) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    long kib = Long.parseLong(line.replaceAll("\\D+", ""));
                    return (kib >> 10) + " MiB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "unknown (" + e.getMessage() + ")";
        }
        return "unknown (no " + key + " in /proc/self/status)";
    }
}
