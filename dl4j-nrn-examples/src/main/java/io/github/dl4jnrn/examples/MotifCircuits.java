package io.github.dl4jnrn.examples;

import io.github.dl4jnrn.cell.CellIntegrator;
import io.github.dl4jnrn.inspect.CircuitDiagram;
import io.github.dl4jnrn.inspect.Motif;
import io.github.dl4jnrn.inspect.MotifDetector;
import io.github.dl4jnrn.inspect.NrnCircuit;
import io.github.dl4jnrn.inspect.OperatingRange;
import io.github.dl4jnrn.inspect.ReferenceCircuits;
import io.github.dl4jnrn.solver.OdeSolver;
import org.knowm.xchart.XYChart;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * Small NRN circuits built by hand, one per motif ({@link ReferenceCircuits}): each is run on an input made to
 * show its behaviour with the plain cell and the RK4 solver, and written out as a plot of its potentials and
 * inputs over time (PNG) beside its diagram (DOT, JSON, and SVG when Graphviz is installed). The motifs the
 * detector finds in each are printed.
 *
 * <p>Run from the repository root:
 * {@code mvn -q -pl dl4j-nrn-examples exec:exec -Dexec.mainClass=io.github.dl4jnrn.examples.MotifCircuits}.
 * Optional argument: the output directory (default {@code target/circuits} under the examples module).
 */
public final class MotifCircuits {

    private static final Logger LOG = LoggerFactory.getLogger(MotifCircuits.class);

    /** Time steps per run and the elapsed time of each. */
    private static final int STEPS = 120;
    private static final double DT = 0.25;

    private MotifCircuits() {
    }

    /** One circuit to show, with the input that shows its behaviour (as a function of time). */
    private record Case(String name, String behaviour, NrnCircuit circuit, DoubleFunction<double[]> input) {
    }

    private static boolean between(double t, double from, double to) {
        return t >= from && t < to;
    }

    private static double on(boolean b) {
        return b ? 1 : 0;
    }

    private static List<Case> cases() {
        DoubleFunction<double[]> setReset = t -> new double[] {on(between(t, 3, 5)), on(between(t, 16, 18))};
        return List.of(
                new Case("activation", "n0 follows input 0 and pulls n1 up",
                        ReferenceCircuits.activation(), t -> new double[] {on(between(t, 5, 15))}),
                new Case("inhibition", "input 1 holds n1 up until n0, driven by input 0, pulls it down",
                        ReferenceCircuits.inhibition(), t -> new double[] {on(between(t, 10, 20)), 1}),
                new Case("sequentialization", "n0, n1, n2 switch on one after the other",
                        ReferenceCircuits.chain(), t -> new double[] {on(t >= 2)}),
                new Case("mutual-exclusion", "the stronger drive wins; the winner holds while drives are equal",
                        ReferenceCircuits.mutualExclusion(),
                        t -> t < 10 ? new double[] {1, 0.8} : t < 20 ? new double[] {0, 1} : new double[] {1, 1}),
                new Case("synchronization", "n0 and n1 rise and fall together with their shared input",
                        ReferenceCircuits.synchronization(), t -> new double[] {0.5 + 0.5 * Math.sin(t / 2)}),
                new Case("latch", "a set pulse (input 0) switches n0 on for good, a reset pulse (input 1) off",
                        ReferenceCircuits.latch(), setReset),
                new Case("leaky-memory", "the same pulses with a shallow self-synapse: n0 forgets them",
                        ReferenceCircuits.leakyMemory(), setReset));
    }

    /**
     * @param args optional: the output directory
     * @throws IOException if a file cannot be written
     */
    public static void main(String[] args) throws IOException {
        String[] a = ExampleArgs.tokens(args);
        Path dir = Path.of(a.length > 0 ? a[0] : "target/circuits");
        CellIntegrator integrator = new CellIntegrator(OdeSolver.RK4, 4);
        MotifDetector detector = new MotifDetector();
        StringBuilder table = new StringBuilder(String.format("%-18s %-62s %s%n", "circuit", "motifs found",
                "potentials at the end"));
        for (Case c : cases()) {
            double[] time = new double[STEPS];
            double[][] inputs = new double[STEPS][];
            double[] elapsed = new double[STEPS];
            for (int s = 0; s < STEPS; s++) {
                time[s] = (s + 1) * DT;
                inputs[s] = c.input().apply(s * DT);
                elapsed[s] = DT;
            }
            NrnCircuit circuit = c.circuit();
            double[][] states = integrator.run(circuit.cell(), inputs, elapsed, null, new double[circuit.units()])
                    .states();

            List<Motif> motifs = detector.detect(circuit, OperatingRange.resting(circuit));
            boolean svg = CircuitFiles.writeDiagram(CircuitDiagram.of(circuit, OperatingRange.resting(circuit)),
                    dir, c.name());
            Path png = CircuitFiles.savePng(plot(c, time, inputs, states), dir, c.name());
            LOG.info("{}: {} (plot {}, diagram {}.dot{})", c.name(), c.behaviour(), png, c.name(),
                    svg ? " and .svg" : "; install graphviz for SVG");
            String kinds = motifs.stream().map(m -> m.kind() + m.neurons().toString()).reduce((x, y) -> x + " " + y)
                    .orElse("none");
            table.append(String.format("%-18s %-62s %s%n", c.name(), kinds, format(states[STEPS - 1])));
        }
        System.out.print(table);
        System.out.println("Plots (PNG) and diagrams (DOT, JSON, SVG) in " + dir.toAbsolutePath());
    }

    private static XYChart plot(Case c, double[] time, double[][] inputs, double[][] states) {
        int n = states[0].length;
        int k = inputs[0].length;
        String[] names = new String[n + k];
        double[][] series = new double[n + k][time.length];
        for (int i = 0; i < n; i++) {
            names[i] = "n" + i;
        }
        for (int j = 0; j < k; j++) {
            names[n + j] = "input " + j;
        }
        for (int s = 0; s < time.length; s++) {
            for (int i = 0; i < n; i++) {
                series[i][s] = states[s][i];
            }
            for (int j = 0; j < k; j++) {
                series[n + j][s] = inputs[s][j];
            }
        }
        return CircuitFiles.chart(c.name(), time, names, series, "potential / input", n);
    }

    private static String format(double[] x) {
        return Arrays.stream(x).mapToObj(v -> String.format("%.3f", v)).toList().toString();
    }
}
