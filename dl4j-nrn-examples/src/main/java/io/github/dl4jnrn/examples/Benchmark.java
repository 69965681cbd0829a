package io.github.dl4jnrn.examples;

import io.github.dl4jnrn.layer.CtRnnLayer;
import io.github.dl4jnrn.layer.ExecutionMode;
import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Measures, in one run on one machine, the training and inference time per minibatch of the NRN and CT-RNN
 * layers under several solvers beside DL4J's LSTM of the same number of units and beside the same NRN cell
 * written with PyTorch, and prints medians and ratios. The measurements are interleaved: each repetition
 * times every network once in turn, so that changes of the machine's load fall on all of them alike.
 *
 * <pre>
 * mvn -q -pl dl4j-nrn-examples exec:exec -Dexec.mainClass=io.github.dl4jnrn.examples.Benchmark \
 *     -Dexec.appArgs="--sizes 32x50x6,16x20x6 --reps 5"
 * </pre>
 * Options: {@code --sizes} a list of {@code units x T x unfolds}; {@code --batch} minibatch (32);
 * {@code --inputs} input channels (8); {@code --warmup} untimed iterations (2, the first also builds the
 * graphs); {@code --reps} timed iterations (5); {@code --graphs} also measure the SameDiff graph execution
 * of the NRN (fused) and CT-RNN (Euler) for comparison with the default direct execution (true);
 * {@code --torch} the Python with PyTorch that runs the same NRN cell written with PyTorch
 * ({@code benchmarks/torch_nrn.py}) in the same run: {@code auto} (default) uses {@code /usr/bin/python3} if
 * it has PyTorch (Debian: {@code apt-get install python3-torch}), {@code off} skips it;
 * {@code --torch-script} the script's path if it is not found. Native threads follow
 * {@code OMP_NUM_THREADS}, which the Maven command sets to 1 ({@code -Domp.threads=2} to change).
 */
public final class Benchmark {

    private Benchmark() {
    }

    /** One model to measure: a name and a factory of its recurrent layer for a given number of units. */
    private record Candidate(String name, String solver, IntFunction<Layer> layer) {
    }

    /** One measured row. */
    private record Row(String model, String solver, int units, int steps, int unfolds, long params,
                       double firstMs, double trainMs, double inferMs) {
    }

    /**
     * @param args see the class documentation
     */
    public static void main(String[] args) {
        Options o = Options.parse(ExampleArgs.tokens(args));
        System.out.printf(Locale.ROOT, "backend %s, %d cores, OMP_NUM_THREADS=%s, minibatch %d, %d inputs, float; "
                        + "%d warm-up and %d timed iterations; NRN kernel: %s%n",
                Nd4j.getBackend().getClass().getSimpleName(), Runtime.getRuntime().availableProcessors(),
                System.getenv("OMP_NUM_THREADS"), o.batch, o.inputs, o.warmup, o.reps,
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                        && !"false".equals(System.getProperty("dl4jnrn.vector")) ? "vector API" : "scalar loops");
        List<Row> rows = new ArrayList<>();
        TorchBaseline torch = TorchBaseline.find(o.torch, o.torchScript);
        System.out.println(torch.description());
        for (int[] size : o.sizes) {
            measureSize(size[0], size[1], size[2], candidates(size[0], size[2], o.graphs), torch, o, rows);
        }
        print(rows);
        printAgainstTorch(rows);
    }

    private static void report(Row r, List<Row> rows) {
        rows.add(r);
        System.out.printf(Locale.ROOT, "  measured %-6s %-8s units %3d T %4d unfolds %d: train %.1f ms, "
                + "infer %.1f ms%n", r.model, r.solver, r.units, r.steps, r.unfolds, r.trainMs, r.inferMs);
    }

    /** The NRN with the fused solver against the fastest PyTorch run of the same size, as speed-ups. */
    private static void printAgainstTorch(List<Row> rows) {
        List<Row> torch = rows.stream().filter(r -> r.model.contains("PyTorch")).toList();
        if (torch.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("| units x T x unfolds | NRN FUSED train ms | PyTorch train ms | train speed-up "
                + "| NRN FUSED infer ms | PyTorch infer ms | inference speed-up |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (Row ours : rows) {
            if (!ours.model.equals("NRN") || !ours.solver.equals("FUSED")) {
                continue;
            }
            List<Row> same = torch.stream().filter(t -> t.units == ours.units && t.steps == ours.steps
                    && t.unfolds == ours.unfolds).toList();
            if (same.isEmpty()) {
                continue;
            }
            double train = same.stream().mapToDouble(Row::trainMs).min().orElseThrow();
            double infer = same.stream().mapToDouble(Row::inferMs).min().orElseThrow();
            System.out.printf(Locale.ROOT, "| %d x %d x %d | %.1f | %.1f | %.2f | %.1f | %.1f | %.2f |%n", ours.units,
                    ours.steps, ours.unfolds, ours.trainMs, train, train / ours.trainMs, ours.inferMs, infer,
                    infer / ours.inferMs);
        }
        System.out.println("(PyTorch: the faster of its runs with 1 thread and with every core; speed-up = PyTorch "
                + "time / this library's time, above 1 is faster)");
    }

    private static List<Candidate> candidates(int units, int unfolds, boolean graphs) {
        List<Candidate> list = new ArrayList<>();
        for (OdeSolver s : new OdeSolver[] {OdeSolver.FUSED, OdeSolver.EULER, OdeSolver.RK4}) {
            list.add(new Candidate("NRN", s.name(), u -> new NrnLayer.Builder().nOut(u).units(u).solver(s)
                    .unfolds(unfolds).build()));
        }
        for (OdeSolver s : new OdeSolver[] {OdeSolver.FUSED, OdeSolver.EULER, OdeSolver.RK4}) {
            list.add(new Candidate("CT-RNN", s.name(), u -> new CtRnnLayer.Builder().nOut(u).units(u).solver(s)
                    .unfolds(unfolds).build()));
        }
        if (graphs) {
            list.add(new Candidate("NRN", "FUSED, SameDiff graph", u -> new NrnLayer.Builder().nOut(u).units(u)
                    .unfolds(unfolds).executionMode(ExecutionMode.SAMEDIFF).build()));
            list.add(new Candidate("CT-RNN", "EULER, SameDiff graph", u -> new CtRnnLayer.Builder().nOut(u)
                    .units(u).solver(OdeSolver.EULER).unfolds(unfolds).executionMode(ExecutionMode.SAMEDIFF)
                    .build()));
        }
        list.add(new Candidate("LSTM", "-", u -> new LSTM.Builder().nOut(u).activation(Activation.TANH).build()));
        return list;
    }

    /** One network to time: a candidate's, or a PyTorch session. */
    private interface Timed {
        double train();

        double infer();
    }

    /**
     * Measures every candidate of one size, and the PyTorch sessions, interleaved: each repetition times one
     * training iteration of each in turn, then one inference pass of each, so that a change of the machine's
     * load during the run falls on all of them alike.
     */
    private static void measureSize(int units, int steps, int unfolds, List<Candidate> candidates,
                                    TorchBaseline torch, Options o, List<Row> rows) {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, o.batch, o.inputs, steps);
        INDArray y = Nd4j.rand(DataType.FLOAT, o.batch, 1, steps);
        DataSet ds = new DataSet(x, y);
        List<Timed> timed = new ArrayList<>();
        List<Row> pending = new ArrayList<>();
        for (Candidate c : candidates) {
            MultiLayerNetwork net = network(c, units, o);
            double first = time(() -> net.fit(ds));
            for (int i = 1; i < o.warmup; i++) {
                net.fit(ds);
            }
            net.output(x);
            timed.add(new Timed() {
                public double train() {
                    return time(() -> net.fit(ds));
                }

                public double infer() {
                    return time(() -> net.output(x));
                }
            });
            pending.add(new Row(c.name, c.solver, units, steps, c.name.equals("LSTM") ? 1 : unfolds,
                    net.numParams(), first, 0, 0));
        }
        List<TorchBaseline.Session> sessions = torch.start(units, steps, unfolds, o.batch, o.inputs, o.warmup);
        for (TorchBaseline.Session t : sessions) {
            timed.add(new Timed() {
                public double train() {
                    return t.train();
                }

                public double infer() {
                    return t.infer();
                }
            });
            pending.add(new Row("NRN (PyTorch " + t.version() + ", " + t.threads() + (t.threads() == 1 ? " thread)"
                    : " threads)"), "FUSED", units, steps, unfolds, t.params(), Double.NaN, 0, 0));
        }
        double[][] train = new double[timed.size()][o.reps];
        double[][] infer = new double[timed.size()][o.reps];
        for (int r = 0; r < o.reps; r++) {
            for (int k = 0; k < timed.size(); k++) {
                train[k][r] = timed.get(k).train();
            }
            for (int k = 0; k < timed.size(); k++) {
                infer[k][r] = timed.get(k).infer();
            }
        }
        sessions.forEach(TorchBaseline.Session::close);
        for (int k = 0; k < timed.size(); k++) {
            Row p = pending.get(k);
            report(new Row(p.model, p.solver, p.units, p.steps, p.unfolds, p.params, p.firstMs, median(train[k]),
                    median(infer[k])), rows);
        }
    }

    private static MultiLayerNetwork network(Candidate c, int units, Options o) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1)
                .dataType(DataType.FLOAT).updater(new Adam(1e-3)).list()
                .layer(c.layer.apply(units))
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build())
                .setInputType(InputType.recurrent(o.inputs)).build());
        net.init();
        return net;
    }

    private static double time(Runnable r) {
        long start = System.nanoTime();
        r.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    private static void print(List<Row> rows) {
        System.out.println();
        System.out.println("| model | solver | units | T | unfolds | params | first iteration ms | train ms "
                + "(median) | infer ms (median) | train / LSTM | infer / LSTM |");
        System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
        for (Row r : rows) {
            Row lstm = rows.stream().filter(b -> b.model.equals("LSTM") && b.units == r.units
                    && b.steps == r.steps).findFirst().orElse(r);
            System.out.printf(Locale.ROOT, "| %s | %s | %d | %d | %d | %d | %s | %.1f | %.1f | %.2f | %.2f |%n",
                    r.model, r.solver, r.units, r.steps, r.unfolds, r.params,
                    Double.isNaN(r.firstMs) ? "-" : String.format(Locale.ROOT, "%.0f", r.firstMs), r.trainMs, r.inferMs,
                    r.trainMs / lstm.trainMs, r.inferMs / lstm.inferMs);
        }
        System.out.println("(ratios: time of the row divided by the LSTM's of the same units and T; above 1 is "
                + "slower)");
    }

    /** Command-line options. */
    private static final class Options {
        List<int[]> sizes = List.of(new int[] {32, 50, 6}, new int[] {16, 20, 6});
        int batch = 32;
        int inputs = 8;
        int warmup = 2;
        int reps = 5;
        boolean graphs = true;
        String torch = "auto";
        String torchScript = null;

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String value = i + 1 < args.length ? args[i + 1] : null;
                switch (args[i]) {
                    case "--sizes" -> o.sizes = parseSizes(value);
                    case "--batch" -> o.batch = positive("--batch", value);
                    case "--inputs" -> o.inputs = positive("--inputs", value);
                    case "--warmup" -> o.warmup = positive("--warmup", value);
                    case "--reps" -> o.reps = positive("--reps", value);
                    case "--graphs" -> o.graphs = Boolean.parseBoolean(value);
                    case "--torch" -> o.torch = value;
                    case "--torch-script" -> o.torchScript = value;
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; options: --sizes UxTxK,... --batch N --inputs N --warmup N --reps N"
                            + " --graphs true|false --torch auto|off|PYTHON --torch-script PATH");
                }
                i++;
            }
            return o;
        }

        private static int positive(String name, String value) {
            return ExampleArgs.positive(name, value);
        }

        private static List<int[]> parseSizes(String value) {
            List<int[]> sizes = new ArrayList<>();
            for (String s : value.split(",")) {
                String[] p = s.trim().split("x");
                if (p.length != 3) {
                    throw new IllegalArgumentException("--sizes takes units x T x unfolds, e.g. 32x50x6, but got " + s);
                }
                sizes.add(new int[] {Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(p[2])});
            }
            return sizes;
        }
    }
}
