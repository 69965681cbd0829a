package io.github.dl4jnrn.examples;

import io.github.dl4jnrn.inspect.CircuitDiagram;
import io.github.dl4jnrn.inspect.Motif;
import io.github.dl4jnrn.inspect.MotifDetector;
import io.github.dl4jnrn.inspect.NeuronTimeCourse;
import io.github.dl4jnrn.inspect.NrnCircuit;
import io.github.dl4jnrn.inspect.OperatingRange;
import io.github.dl4jnrn.inspect.SynapseInfo;
import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AutoNcpWiring;
import io.github.dl4jnrn.wiring.NeuronRole;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.listeners.ScoreIterationListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Trains a small NRN with a sparse automatic neural circuit policy wiring on the {@link FlipFlopTask} (remember
 * the last of "set" and "reset" pulses), then reads the trained circuit: each neuron's liquid time constant and
 * target potential on a test sequence (while the memory holds 1 and while it holds 0), the learned sign and
 * strength of its strongest synapses, and the motifs it contains. Writes the circuit diagram (DOT, JSON, SVG
 * when Graphviz is installed) and a plot of the time constants (PNG).
 *
 * <p>Run from the repository root:
 * {@code mvn -q -pl dl4j-nrn-examples exec:exec -Dexec.mainClass=io.github.dl4jnrn.examples.TrainedCircuit}.
 * Optional arguments: epochs (default 150) and the output directory (default {@code target/trained-circuit}).
 */
public final class TrainedCircuit {

    private static final Logger LOG = LoggerFactory.getLogger(TrainedCircuit.class);

    private static final int UNITS = 12;
    private static final int STEPS = 40;
    private static final int UNFOLDS = 4;
    private static final int MOTOR = 2;

    private TrainedCircuit() {
    }

    /**
     * @param args optional: epochs, output directory
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        String[] a = ExampleArgs.tokens(args);
        int epochs = a.length > 0 ? Integer.parseInt(a[0]) : 150;
        Path dir = Path.of(a.length > 1 ? a[1] : "target/trained-circuit");

        FlipFlopTask task = new FlipFlopTask(STEPS, 0.08);
        DataSet train = task.generate(192, 1, DataType.FLOAT);
        DataSet test = task.generate(64, 2, DataType.FLOAT);
        AutoNcpWiring wiring = new AutoNcpWiring(UNITS, MOTOR, 0.5, 3);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(7)
                .dataType(DataType.FLOAT).updater(new Adam(0.02)).list()
                .layer(new NrnLayer.Builder().nOut(MOTOR).units(UNITS).wiring(wiring).solver(OdeSolver.FUSED)
                        .unfolds(UNFOLDS).packedSynapses(true).build())
                .layer(new RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY)
                        .nOut(1).build())
                .setInputType(InputType.recurrent(2)).build());
        net.init();
        LOG.info("NRN with {} ({}): {} parameters, synapses packed", wiring, wiring.ncp(), net.numParams());
        net.setListeners(new ScoreIterationListener(60));
        long start = System.nanoTime();
        net.fit(new ListDataSetIterator<>(train.asList(), 32), epochs);
        LOG.info("Trained {} epochs in {} s", epochs, String.format("%.1f", (System.nanoTime() - start) / 1e9));
        System.out.printf("%nFlip-flop task, %d epochs: test accuracy %.3f (always 0: %.3f)%n", epochs,
                accuracy(net.output(test.getFeatures()), test.getLabels()),
                accuracy(test.getLabels().mul(0), test.getLabels()));

        NrnCircuit circuit = NrnCircuit.of(net.getLayer(0));
        double[][] u = new double[STEPS * 4][];
        double[] memory = new double[u.length];
        DataSet probe = task.generate(4, 3, DataType.DOUBLE);
        for (int t = 0; t < u.length; t++) {
            int e = t / STEPS;
            u[t] = new double[] {probe.getFeatures().getDouble(e, 0, t % STEPS),
                probe.getFeatures().getDouble(e, 1, t % STEPS)};
            memory[t] = probe.getLabels().getDouble(e, 0, t % STEPS);
        }
        NeuronTimeCourse course = NeuronTimeCourse.run(circuit, u, OdeSolver.FUSED, UNFOLDS);
        OperatingRange range = course.operatingRange();
        printNeurons(circuit, course, range, memory);
        printSynapses(SynapseInfo.of(circuit, range));

        List<Motif> motifs = new MotifDetector().detect(circuit, range);
        System.out.printf("%nMotifs (synapses of at least %.2f of the largest weight; signs against the ranges"
                + " above):%n",
                MotifDetector.DEFAULT_RELATIVE_THRESHOLD);
        motifs.forEach(m -> System.out.println("  " + m));
        if (motifs.isEmpty()) {
            System.out.println("  none");
        }

        boolean svg = CircuitFiles.writeDiagram(CircuitDiagram.of(circuit, range), dir, "circuit");
        double[] time = new double[u.length];
        double[][] tau = new double[UNITS + 1][];
        String[] names = new String[UNITS + 1];
        for (int t = 0; t < time.length; t++) {
            time[t] = t + 1;
        }
        NeuronRole[] roles = circuit.roles();
        for (int i = 0; i < UNITS; i++) {
            tau[i] = course.timeConstantsOf(i);
            names[i] = "tau n" + i + " (" + roles[i].name().toLowerCase() + ")";
        }
        tau[UNITS] = memory;
        names[UNITS] = "memory (target)";
        Path png = CircuitFiles.savePng(CircuitFiles.chart("liquid time constants on a test sequence", time, names,
                tau, "tau", UNITS), dir, "time-constants");
        System.out.println("\nDiagram " + dir.resolve("circuit.dot") + (svg ? " and circuit.svg" : "") + ", plot "
                + png);
    }

    private static void printNeurons(NrnCircuit circuit, NeuronTimeCourse course, OperatingRange range,
                                     double[] memory) {
        System.out.println("\nNeurons on a test sequence of " + memory.length + " steps (tau, target potential xinf):");
        System.out.printf("  %-7s %-8s %-17s %-22s %-22s%n", "neuron", "role", "range", "tau memory 1 / 0",
                "xinf memory 1 / 0");
        NeuronRole[] roles = circuit.roles();
        for (int i = 0; i < circuit.units(); i++) {
            double[] tau = course.timeConstantsOf(i);
            double[] xinf = course.targetPotentialsOf(i);
            System.out.printf("  n%-6d %-8s [%6.3f, %6.3f] %9.3f / %-10.3f %9.3f / %-10.3f%n", i,
                    roles[i].name().toLowerCase(), range.lowOf(i), range.highOf(i), mean(tau, memory, 1),
                    mean(tau, memory, 0), mean(xinf, memory, 1), mean(xinf, memory, 0));
        }
    }

    private static void printSynapses(List<SynapseInfo> synapses) {
        System.out.println("\nStrongest synapses (strength = w |E - middle of the target's range|):");
        synapses.stream().sorted(Comparator.comparingDouble(SynapseInfo::strength).reversed()).limit(10)
                .forEach(s -> System.out.printf("  %s%d -> n%d  %-10s w %.3f  E %+.3f  mu %.3f  strength %.3f%n",
                        s.sensory() ? "u" : "n", s.source(), s.target(), s.sign().name().toLowerCase(), s.weight(),
                        s.reversal(), s.midpoint(), s.strength()));
    }

    private static double mean(double[] v, double[] memory, double which) {
        double sum = 0;
        int n = 0;
        for (int t = 0; t < v.length; t++) {
            if (memory[t] == which) {
                sum += v[t];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    private static double accuracy(INDArray output, INDArray labels) {
        INDArray predicted = output.gt(0.5).castTo(labels.dataType());
        return predicted.eq(labels).castTo(DataType.DOUBLE).meanNumber().doubleValue();
    }
}
