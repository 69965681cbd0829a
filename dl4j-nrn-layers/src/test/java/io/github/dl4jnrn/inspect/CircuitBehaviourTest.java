package io.github.dl4jnrn.inspect;

import io.github.dl4jnrn.cell.CellIntegrator;
import io.github.dl4jnrn.solver.OdeSolver;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-built circuits behave as their motifs say, simulated with the plain cell and the solvers. */
class CircuitBehaviourTest {

    private static final CellIntegrator RK4 = new CellIntegrator(OdeSolver.RK4, 8);
    private static final CellIntegrator FUSED = new CellIntegrator(OdeSolver.FUSED, 8);

    /** @return {@code steps} inputs of {@code width} channels, channel {@code c} at {@code on} in [from, to) */
    private static double[][] pulse(int steps, int width, int channel, int from, int to) {
        double[][] u = new double[steps][width];
        for (int t = from; t < to; t++) {
            u[t][channel] = 1;
        }
        return u;
    }

    private static double[][] plus(double[][] a, double[][] b) {
        double[][] out = new double[a.length][a[0].length];
        for (int t = 0; t < a.length; t++) {
            for (int k = 0; k < a[t].length; k++) {
                out[t][k] = a[t][k] + b[t][k];
            }
        }
        return out;
    }

    private static double last(CellIntegrator integrator, NrnCircuit c, double[][] u, int neuron) {
        return integrator.run(c.cell(), u).finalState()[neuron];
    }

    @Test
    void latchKeepsEitherState() {
        NrnCircuit latch = ReferenceCircuits.latch();
        for (CellIntegrator integrator : new CellIntegrator[] {RK4, FUSED}) {
            assertTrue(last(integrator, latch, pulse(30, 2, 0, 0, 0), 0) < 0.05, "never set: stays low");
            double set = last(integrator, latch, pulse(30, 2, 0, 2, 5), 0);
            assertTrue(set > 0.6, "set at steps 2-4 and released: stays high, " + set);
            double reset = last(integrator, latch, plus(pulse(40, 2, 0, 2, 5), pulse(40, 2, 1, 15, 18)), 0);
            assertTrue(reset < 0.05, "set, then reset at steps 15-17: stays low, " + reset);
        }
    }

    @Test
    void leakyMemoryForgets() {
        NrnCircuit leaky = ReferenceCircuits.leakyMemory();
        double untouched = last(RK4, leaky, pulse(40, 2, 0, 0, 0), 0);
        assertEquals(untouched, last(RK4, leaky, pulse(40, 2, 0, 2, 5), 0), 1e-3);
        assertEquals(untouched, last(RK4, leaky, pulse(40, 2, 1, 2, 5), 0), 1e-3);
    }

    @Test
    void ofAMutualExclusionPairOnlyOneEndsHigh() {
        NrnCircuit pair = ReferenceCircuits.mutualExclusion();
        for (double[] drive : new double[][] {{1, 0.8}, {0.8, 1}, {1, 1}}) {
            double[][] u = new double[30][];
            for (int t = 0; t < 30; t++) {
                u[t] = drive.clone();
            }
            // equal drives: the neuron that starts ahead wins
            double[] x0 = drive[0] == drive[1] ? new double[] {0.05, 0} : new double[2];
            double[] x = RK4.run(pair.cell(), u, null, null, x0).finalState();
            int winner = drive[0] > drive[1] || drive[0] == drive[1] ? 0 : 1;
            assertTrue(x[winner] > 0.5 && x[1 - winner] < 0.05,
                    "drives " + drive[0] + ", " + drive[1] + ": " + x[0] + ", " + x[1]);
        }
        // without the inhibitions both would end high
        NrnCircuit free = new NrnCircuit.Builder(2, 2, 2).sensory(0, 0, 2, 5, 0.5, 1).sensory(1, 1, 2, 5, 0.5, 1)
                .build();
        double[] x = RK4.run(free.cell(), new double[][] {{1, 0.8}, {1, 0.8}, {1, 0.8}}).finalState();
        assertTrue(x[0] > 0.5 && x[1] > 0.5);
    }

    @Test
    void chainSwitchesInOrder() {
        NrnCircuit chain = ReferenceCircuits.chain();
        int steps = 100;
        double[][] u = pulse(steps, 1, 0, 0, steps);
        double[] elapsed = new double[steps];
        java.util.Arrays.fill(elapsed, 0.1);
        double[][] x = RK4.run(chain.cell(), u, elapsed, null, new double[3]).states();
        int[] crossed = new int[3];
        for (int i = 0; i < 3; i++) {
            crossed[i] = -1;
            for (int t = 0; t < steps && crossed[i] < 0; t++) {
                crossed[i] = x[t][i] > 0.3 ? t : -1;
            }
            assertTrue(x[steps - 1][i] > 0.5, "neuron " + i + " ends at " + x[steps - 1][i]);
        }
        assertTrue(0 <= crossed[0] && crossed[0] < crossed[1] && crossed[1] < crossed[2],
                "crossing steps " + java.util.Arrays.toString(crossed));
    }

    @Test
    void synchronisedNeuronsRiseAndFallTogether() {
        NrnCircuit sync = ReferenceCircuits.synchronization();
        double[][] u = new double[60][1];
        for (int t = 0; t < 60; t++) {
            u[t][0] = 0.5 + 0.5 * Math.sin(t / 4.0);
        }
        double[][] x = RK4.run(sync.cell(), u).states();
        double[] a = new double[60];
        double[] b = new double[60];
        for (int t = 0; t < 60; t++) {
            a[t] = x[t][0];
            b[t] = x[t][1];
        }
        assertTrue(correlation(a, b) > 0.99, "correlation " + correlation(a, b));
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int t = 0; t < a.length; t++) {
            ma += a[t] / a.length;
            mb += b[t] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int t = 0; t < a.length; t++) {
            sab += (a[t] - ma) * (b[t] - mb);
            saa += (a[t] - ma) * (a[t] - ma);
            sbb += (b[t] - mb) * (b[t] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
