package io.github.dl4jnrn.examples;

import io.github.dl4jnrn.layer.CtRnnLayer;
import io.github.dl4jnrn.layer.NeuralOdeLayer;
import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.layer.ResidualStackLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The succinctness experiment: the four members of the model family (ResNet, NeuralODE, CT-RNN, NRN) learn the
 * {@link FlowTask} family, {@code M} input-dependent dynamics, at a sweep of sizes under the same budget (the
 * same number of full-batch Adam steps), with several seeds; for each model and {@code M} it reports the smallest
 * size whose median test error over the seeds reaches the target, with its parameter and neuron counts.
 *
 * <p>The models, for a width {@code w}: ResNet and NeuralODE are {@code Dense(3 -> w)}, then 4 explicit Euler
 * steps of size 1/4 of {@code dx/dt = f(x)}, {@code f} a dense stack {@code w -> w (tanh) -> w}, with one
 * {@code f} per step (ResNet, untied) or one shared (NeuralODE); CT-RNN and NRN have {@code w} neurons, the input
 * held over one time step of length 1 with 4 fused steps, the first 2 neurons as outputs. Each ends in a linear
 * output layer to the 2 targets. Error: test mean squared error over the targets' variance (NMSE).
 *
 * <p>Writes {@code runs.csv} (one row per run), {@code summary.csv} (per model, {@code M} and width: median,
 * minimum and maximum NMSE over seeds) and {@code succinctness.png}; prints the table.
 *
 * <p>Arguments (all optional): {@code --dynamics 1,3,9} {@code --widths 2,4,8,16} {@code --seeds 3}
 * {@code --iterations 300} {@code --target 0.05} {@code --out docs/succinctness} (relative to the working
 * directory; {@code exec:exec} runs in the examples module).
 */
public final class Succinctness {

    private static final Logger LOG = LoggerFactory.getLogger(Succinctness.class);

    private static final long TASK_SEED = 2026;
    private static final int TRAIN = 256;
    private static final int TEST = 512;
    private static final int STEPS = 4;

    private Succinctness() {
    }

    /** The four models of the family. */
    enum Model {
        RESNET("ResNet"), NEURAL_ODE("NeuralODE"), CTRNN("CT-RNN"), NRN("NRN");

        final String label;

        Model(String label) {
            this.label = label;
        }

        boolean recurrent() {
            return this == CTRNN || this == NRN;
        }

        /** @return the neurons: state size plus hidden units of the fields (ResNet: one field per block) */
        int neurons(int width) {
            return switch (this) {
                case RESNET -> width + STEPS * width;
                case NEURAL_ODE -> 2 * width;
                case CTRNN, NRN -> width;
            };
        }

        MultiLayerNetwork build(int width, long seed) {
            NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(seed)
                    .dataType(DataType.DOUBLE).updater(new Adam(0.01)).list();
            switch (this) {
                case RESNET -> list.layer(new DenseLayer.Builder().nOut(width).activation(Activation.IDENTITY).build())
                        .layer(new ResidualStackLayer.Builder().hiddenLayers(width).blocks(STEPS)
                                .stepSize(1.0 / STEPS).build());
                case NEURAL_ODE -> list.layer(new DenseLayer.Builder().nOut(width).activation(Activation.IDENTITY)
                                .build())
                        .layer(new NeuralOdeLayer.Builder().hiddenLayers(width).solver(OdeSolver.EULER).unfolds(STEPS)
                                .horizon(1).build());
                case CTRNN -> list.layer(new CtRnnLayer.Builder().nOut(2).units(width).returnSequences(false)
                        .solver(OdeSolver.FUSED).unfolds(STEPS).build());
                case NRN -> list.layer(new NrnLayer.Builder().nOut(2).units(width).returnSequences(false)
                        .solver(OdeSolver.FUSED).unfolds(STEPS).build());
                default -> throw new IllegalStateException(name());
            }
            list.layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                    .build());
            list.setInputType(recurrent() ? InputType.recurrent(3, 1) : InputType.feedForward(3));
            MultiLayerNetwork net = new MultiLayerNetwork(list.build());
            net.init();
            return net;
        }
    }

    /** One training run. */
    record Run(Model model, int dynamics, int width, long params, long seed, double nmse, double seconds) {
    }

    /** The settings of the experiment. */
    record Settings(int[] dynamics, int[] widths, int seeds, int iterations, double target, Path out) {

        static Settings parse(String[] args) {
            int[] dynamics = {1, 3, 9};
            int[] widths = {2, 4, 8, 16};
            int seeds = 3;
            int iterations = 300;
            double target = 0.05;
            Path out = Path.of("docs", "succinctness");
            for (int i = 0; i + 1 < args.length; i += 2) {
                String v = args[i + 1];
                switch (args[i]) {
                    case "--dynamics" -> dynamics = ints(v);
                    case "--widths" -> widths = ints(v);
                    case "--seeds" -> seeds = Integer.parseInt(v);
                    case "--iterations" -> iterations = Integer.parseInt(v);
                    case "--target" -> target = Double.parseDouble(v);
                    case "--out" -> out = Path.of(v);
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]
                            + "; known: --dynamics, --widths, --seeds, --iterations, --target, --out");
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("arguments come in pairs (--name value) but got "
                        + Arrays.toString(args));
            }
            for (int w : widths) {
                if (w < 2) {
                    throw new IllegalArgumentException("widths must be at least 2 (two output neurons) but got " + w);
                }
            }
            return new Settings(dynamics, widths, seeds, iterations, target, out);
        }

        private static int[] ints(String csv) {
            return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
        }
    }

    /** @param args see the class comment */
    public static void main(String[] args) throws IOException {
        Settings s = Settings.parse(ExampleArgs.tokens(args));
        Files.createDirectories(s.out());
        long start = System.nanoTime();
        List<Run> runs = new ArrayList<>();
        for (int m : s.dynamics()) {
            FlowTask task = new FlowTask(m, TASK_SEED);
            for (Model model : Model.values()) {
                for (int w : s.widths()) {
                    for (int seed = 0; seed < s.seeds(); seed++) {
                        runs.add(run(task, m, model, w, seed, s.iterations()));
                    }
                }
            }
        }
        double minutes = (System.nanoTime() - start) / 60e9;
        writeRuns(runs, s.out().resolve("runs.csv"));
        List<Summary> summaries = summarise(runs, s);
        writeSummaries(summaries, s.out().resolve("summary.csv"));
        String table = table(summaries, s);
        System.out.println();
        System.out.println(table);
        System.out.printf(Locale.ROOT, "%d runs in %.1f minutes; results in %s%n", runs.size(), minutes, s.out());
        Files.writeString(s.out().resolve("table.md"), table);
        plot(summaries, s);
    }

    private static Run run(FlowTask task, int m, Model model, int width, long seed, int iterations) {
        DataSet train = shaped(task.generate(TRAIN, 1000 + seed), model);
        DataSet test = shaped(task.generate(TEST, 5000 + seed), model);
        MultiLayerNetwork net = model.build(width, 100 + seed);
        long t0 = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            net.fit(train);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double nmse = nmse(net, test);
        LOG.info("M={} {} width {} ({} parameters) seed {}: NMSE {} in {} s", m, model.label, width, net.numParams(),
                seed, String.format(Locale.ROOT, "%.4f", nmse), String.format(Locale.ROOT, "%.1f", seconds));
        return new Run(model, m, width, net.numParams(), seed, nmse, seconds);
    }

    /** @return the data set, features as sequences of one step for the recurrent models */
    private static DataSet shaped(DataSet d, Model model) {
        INDArray f = d.getFeatures();
        return model.recurrent() ? new DataSet(f.reshape(f.size(0), f.size(1), 1), d.getLabels()) : d;
    }

    /** @return the test mean squared error over the variance of the targets */
    static double nmse(MultiLayerNetwork net, DataSet test) {
        INDArray y = test.getLabels();
        double mse = net.output(test.getFeatures()).sub(y).norm2Number().doubleValue();
        mse = mse * mse / y.length();
        double var = y.sub(y.meanNumber()).norm2Number().doubleValue();
        return mse / (var * var / y.length());
    }

    /** The seeds of one model, {@code M} and width. */
    record Summary(Model model, int dynamics, int width, long params, int neurons, double median, double min,
                   double max) {
    }

    private static List<Summary> summarise(List<Run> runs, Settings s) {
        List<Summary> out = new ArrayList<>();
        for (int m : s.dynamics()) {
            for (Model model : Model.values()) {
                for (int w : s.widths()) {
                    double[] e = runs.stream().filter(r -> r.model() == model && r.dynamics() == m && r.width() == w)
                            .mapToDouble(Run::nmse).sorted().toArray();
                    long params = runs.stream().filter(r -> r.model() == model && r.width() == w).findFirst()
                            .orElseThrow().params();
                    out.add(new Summary(model, m, w, params, model.neurons(w), median(e), e[0], e[e.length - 1]));
                }
            }
        }
        return out;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** @return the smallest width of a model reaching the target at {@code M}, or null */
    private static Summary smallest(List<Summary> summaries, Model model, int m, double target) {
        return summaries.stream().filter(x -> x.model() == model && x.dynamics() == m && x.median() <= target)
                .findFirst().orElse(null);
    }

    private static String table(List<Summary> summaries, Settings s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Smallest model reaching median test NMSE <= %.3g over %d seeds "
                + "(%d Adam steps, widths %s): parameters / neurons, median NMSE [min, max]%n%n", s.target(),
                s.seeds(), s.iterations(), Arrays.toString(s.widths())));
        b.append("| M |");
        for (Model model : Model.values()) {
            b.append(' ').append(model.label).append(" |");
        }
        b.append("\n|---|");
        b.append("---|".repeat(Model.values().length)).append('\n');
        for (int m : s.dynamics()) {
            b.append("| ").append(m).append(" |");
            for (Model model : Model.values()) {
                Summary x = smallest(summaries, model, m, s.target());
                if (x == null) {
                    double best = summaries.stream().filter(y -> y.model() == model && y.dynamics() == m)
                            .mapToDouble(Summary::median).min().orElse(Double.NaN);
                    b.append(String.format(Locale.ROOT, " not reached (best %.3f) |", best));
                } else {
                    b.append(String.format(Locale.ROOT, " %d / %d, %.3f [%.3f, %.3f] |", x.params(), x.neurons(),
                            x.median(), x.min(), x.max()));
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static void writeRuns(List<Run> runs, Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("model,dynamics,width,params,neurons,seed,nmse,seconds");
            for (Run r : runs) {
                w.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%d,%.6f,%.2f%n", r.model().label, r.dynamics(), r.width(),
                        r.params(), r.model().neurons(r.width()), r.seed(), r.nmse(), r.seconds());
            }
        }
    }

    private static void writeSummaries(List<Summary> summaries, Path file) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(file))) {
            w.println("model,dynamics,width,params,neurons,median_nmse,min_nmse,max_nmse");
            for (Summary x : summaries) {
                w.printf(Locale.ROOT, "%s,%d,%d,%d,%d,%.6f,%.6f,%.6f%n", x.model().label, x.dynamics(), x.width(),
                        x.params(), x.neurons(), x.median(), x.min(), x.max());
            }
        }
    }

    /** One panel per {@code M}: median NMSE against parameters, per model, with the target as a line. */
    private static void plot(List<Summary> summaries, Settings s) throws IOException {
        List<XYChart> charts = new ArrayList<>();
        for (int m : s.dynamics()) {
            XYChart chart = new XYChartBuilder().width(520).height(400).title("M = " + m + " dynamics")
                    .xAxisTitle("parameters").yAxisTitle("test NMSE (median of seeds)").build();
            chart.getStyler().setXAxisLogarithmic(true);
            chart.getStyler().setYAxisLogarithmic(true);
            for (Model model : Model.values()) {
                double[] x = summaries.stream().filter(y -> y.model() == model && y.dynamics() == m)
                        .mapToDouble(Summary::params).toArray();
                double[] y = summaries.stream().filter(z -> z.model() == model && z.dynamics() == m)
                        .mapToDouble(z -> Math.max(z.median(), 1e-6)).toArray();
                chart.addSeries(model.label, x, y);
            }
            double[] range = {summaries.stream().mapToDouble(Summary::params).min().orElse(1),
                summaries.stream().mapToDouble(Summary::params).max().orElse(10)};
            XYSeries target = chart.addSeries("target", range, new double[] {s.target(), s.target()});
            target.setMarker(org.knowm.xchart.style.markers.SeriesMarkers.NONE);
            charts.add(chart);
        }
        BitmapEncoder.saveBitmap(charts, 1, charts.size(), s.out().resolve("succinctness").toString(),
                BitmapEncoder.BitmapFormat.PNG);
    }
}
