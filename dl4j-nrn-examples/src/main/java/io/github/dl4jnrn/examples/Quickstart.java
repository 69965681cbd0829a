package io.github.dl4jnrn.examples;

import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.Styler;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The quickstart: an NRN layer in a MultiLayerNetwork learns to predict a wave from another
 * ({@link WaveTask}), and is compared with a DL4J LSTM of about the same number of parameters trained the
 * same way. Progress is logged through DL4J's {@link ScoreIterationListener}; the loss curves and a test
 * prediction are drawn with XChart into {@code target/quickstart.png}.
 *
 * <p>Run from the repository root: {@code mvn -q -pl dl4j-nrn-examples exec:exec}. Optional argument:
 * the number of epochs (default 40), e.g. {@code -Dexec.appArgs=20}.
 */
public final class Quickstart {

    private static final Logger LOG = LoggerFactory.getLogger(Quickstart.class);

    private static final int STEPS = 40;
    private static final int BATCH = 32;
    private static final long SEED = 42;

    private Quickstart() {
    }

    /** @param args optional: the number of epochs */
    public static void main(String[] args) {
        String[] a = ExampleArgs.tokens(args);
        int epochs = a.length > 0 ? Integer.parseInt(a[0]) : 40;

        WaveTask task = new WaveTask(STEPS);
        DataSet train = task.generate(256, 1, DataType.FLOAT);
        DataSet test = task.generate(128, 2, DataType.FLOAT);

        MultiLayerNetwork nrn = network(new NrnLayer.Builder().nOut(4).units(12)
                .solver(OdeSolver.FUSED).unfolds(4).build());
        MultiLayerNetwork lstm = network(new LSTM.Builder().nOut(12).activation(Activation.TANH).build());
        LOG.info("NRN network: {} parameters; LSTM baseline: {} parameters", nrn.numParams(), lstm.numParams());

        List<Double> nrnScores = new ArrayList<>();
        List<Double> lstmScores = new ArrayList<>();
        double nrnError = train("NRN", nrn, train, test, epochs, nrnScores);
        double lstmError = train("LSTM", lstm, train, test, epochs, lstmScores);
        double zeroError = test.getLabels().norm2Number().doubleValue();
        zeroError = zeroError * zeroError / test.getLabels().length();

        System.out.printf("%nTest mean squared error after %d epochs (predicting 0 everywhere: %.4f)%n",
                epochs, zeroError);
        System.out.printf("  NRN  (%4d parameters): %.4f%n", nrn.numParams(), nrnError);
        System.out.printf("  LSTM (%4d parameters): %.4f%n", lstm.numParams(), lstmError);
        System.out.printf("  NRN / LSTM error ratio: %.2f%n", nrnError / lstmError);
        Path plot = Path.of("target", "quickstart.png").toAbsolutePath();
        plot(test, nrn, lstm, nrnScores, lstmScores, plot);
        System.out.println("Plots of the training loss and of a test prediction: " + plot);
    }

    /** Writes the loss curves and one test sequence's predictions side by side as a PNG. */
    private static void plot(DataSet test, MultiLayerNetwork nrn, MultiLayerNetwork lstm, List<Double> nrnScores,
                             List<Double> lstmScores, Path file) {
        XYChart loss = new XYChartBuilder().width(640).height(400).title("Training loss")
                .xAxisTitle("iteration").yAxisTitle("score (MSE summed over steps)").build();
        loss.getStyler().setYAxisLogarithmic(true).setMarkerSize(0).setLegendPosition(Styler.LegendPosition.InsideNE);
        loss.addSeries("NRN", nrnScores);
        loss.addSeries("LSTM", lstmScores);

        INDArray x = test.getFeatures().get(NDArrayIndex.interval(0, 1));
        double[] steps = new double[(int) x.size(2)];
        for (int t = 0; t < steps.length; t++) {
            steps[t] = t;
        }
        XYChart prediction = new XYChartBuilder().width(640).height(400).title("A test sequence")
                .xAxisTitle("time step").yAxisTitle("value").build();
        prediction.getStyler().setMarkerSize(0).setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal);
        prediction.addSeries("input", steps, x.reshape(steps.length).toDoubleVector());
        prediction.addSeries("target", steps, test.getLabels().get(NDArrayIndex.interval(0, 1)).reshape(steps.length)
                .toDoubleVector());
        prediction.addSeries("NRN", steps, nrn.output(x).reshape(steps.length).toDoubleVector());
        prediction.addSeries("LSTM", steps, lstm.output(x).reshape(steps.length).toDoubleVector());
        try {
            Files.createDirectories(file.getParent());
            BitmapEncoder.saveBitmap(List.of(loss, prediction), 1, 2, file.toString(), BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            LOG.warn("could not write {}: {}", file, e.getMessage());
        }
    }

    private static MultiLayerNetwork network(Layer recurrent) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(SEED)
                .dataType(DataType.FLOAT)
                .updater(new Adam(0.01))
                .list()
                .layer(recurrent)
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .activation(Activation.IDENTITY).nOut(1).build())
                .setInputType(InputType.recurrent(1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    /** Trains a network and returns its mean squared error on the test set. */
    private static double train(String name, MultiLayerNetwork net, DataSet train, DataSet test, int epochs,
                                List<Double> scores) {
        LOG.info("Training {} for {} epochs", name, epochs);
        net.setListeners(new ScoreIterationListener(40), new BaseTrainingListener() {
            @Override
            public void iterationDone(Model model, int iteration, int epoch) {
                scores.add(model.score());
            }
        });
        long start = System.nanoTime();
        ListDataSetIterator<DataSet> batches = new ListDataSetIterator<>(train.asList(), BATCH);
        net.fit(batches, epochs);
        double seconds = (System.nanoTime() - start) / 1e9;
        double error = meanSquaredError(net, test);
        LOG.info("{}: {} s of training, test MSE {}", name, String.format("%.1f", seconds),
                String.format("%.4f", error));
        return error;
    }

    static double meanSquaredError(MultiLayerNetwork net, DataSet data) {
        double sse = net.output(data.getFeatures()).sub(data.getLabels()).norm2Number().doubleValue();
        return sse * sse / data.getLabels().length();
    }
}
