package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.DormandPrinceIntegrator;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.solver.SplitVectorField;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NrnCellTest {

    /** One neuron, one sensory synapse, no recurrence: the numeric case of the model reference. */
    static NrnCell singleNeuron() {
        return new NrnCell(new NrnParameters(
                new double[] {1}, new double[] {0},
                new double[][] {{1}}, new double[][] {{5}}, new double[][] {{0.5}}, new double[][] {{1}},
                new double[][] {{0}}, new double[][] {{1}}, new double[][] {{0}}, new double[][] {{0}},
                new double[] {1}, new double[] {0}, new double[] {0.5},
                new double[] {1}, new double[] {0}));
    }

    @Test
    void singleNeuronHasTheExpectedTimeConstantAndTarget() {
        SplitVectorField.Split<double[]> s = singleNeuron().field(new double[] {0.5}).split(new double[] {0});
        // G = 1.5, C = 0.5: rate = 3 (tau = 1/3); gain = (w' s' E') / C = 0.5 / 0.5 = 1, so xinf = 1/3
        assertEquals(3, s.rate()[0], 1e-15);
        assertEquals(1, s.gain()[0], 1e-15);
    }

    @Test
    void singleNeuronMatchesTheExactSolutionAndTheFusedValues() {
        NrnCell cell = singleNeuron();
        double[][] input = {{0.5}};
        double exact = (1 - Math.exp(-3)) / 3;
        assertEquals(0.3167376438773787, exact, 1e-16);
        double reference = CellIntegrator.reference(cell, input, null, DormandPrinceIntegrator.precise())
                .finalState()[0];
        assertEquals(exact, reference, 1e-9);
        assertEquals(665.0 / 2187, new CellIntegrator(OdeSolver.FUSED, 6).run(cell, input).finalState()[0], 1e-12);
        assertEquals(0.25, new CellIntegrator(OdeSolver.FUSED, 1).run(cell, input).finalState()[0], 1e-12);
        assertEquals(exact, new CellIntegrator(OdeSolver.RK4, 20).run(cell, input).finalState()[0], 1e-6);
    }

    @Test
    void fusedStepKeepsTheFixedPointExactly() {
        NrnCell cell = singleNeuron();
        double[] x = {1.0 / 3};
        double[] next = OdeSolver.FUSED.integrate(cell.field(new double[] {0.5}), x, 100, 1);
        assertEquals(1.0 / 3, next[0], 1e-16);
    }

    @Test
    void fusedStateStaysWithinTheReversalPotentialsForAnyStepSize() {
        NrnCell cell = randomCell(new Random(7), 3, 5, 2, 10);
        double[][] inputs = new double[30][3];
        Random r = new Random(3);
        for (double[] row : inputs) {
            for (int k = 0; k < row.length; k++) {
                row[k] = 4 * r.nextGaussian();
            }
        }
        double[] elapsed = new double[30];
        java.util.Arrays.fill(elapsed, 50);
        CellIntegrator.Trajectory t = new CellIntegrator(OdeSolver.FUSED, 1)
                .run(cell, inputs, elapsed, null, new double[5]);
        for (double[] state : t.states()) {
            for (double v : state) {
                assertTrue(v >= -1 - 1e-12 && v <= 1 + 1e-12, "state left [-1, 1]: " + v);
            }
        }
    }

    @Test
    void derivativeEqualsGainMinusRateTimesState() {
        NrnCell cell = randomCell(new Random(11), 2, 4, 2, 1);
        double[] x = {0.1, -0.3, 0.7, 0.2};
        SplitVectorField<double[]> f = cell.field(new double[] {0.4, -1.2});
        SplitVectorField.Split<double[]> s = f.split(x);
        double[] d = f.derivative(x);
        for (int i = 0; i < x.length; i++) {
            assertEquals(s.gain()[i] - s.rate()[i] * x[i], d[i], 1e-15);
            assertTrue(s.rate()[i] > 0);
        }
        // by hand for neuron 0
        NrnParameters p = cell.parameters();
        double current = p.leakConductance()[0] * (p.leakPotential()[0] - x[0]);
        double[] u = {0.4, -1.2};
        for (int k = 0; k < 2; k++) {
            double mapped = p.inputWeight()[k] * u[k] + p.inputBias()[k];
            double s0 = 1 / (1 + Math.exp(-p.sensorySteepness()[k][0] * (mapped - p.sensoryMidpoint()[k][0])));
            current += p.sensoryWeight()[k][0] * s0 * (p.sensoryReversal()[k][0] - x[0]);
        }
        for (int j = 0; j < 4; j++) {
            double s0 = 1 / (1 + Math.exp(-p.recurrentSteepness()[j][0] * (x[j] - p.recurrentMidpoint()[j][0])));
            current += p.recurrentWeight()[j][0] * s0 * (p.recurrentReversal()[j][0] - x[0]);
        }
        assertEquals(current / p.capacitance()[0], d[0], 1e-14);
    }

    @Test
    void outputsAreTheMotorNeuronsThroughTheOutputMap() {
        NrnCell cell = randomCell(new Random(5), 2, 4, 2, 1);
        assertArrayEquals(new double[] {
            cell.parameters().outputWeight()[0] * 0.5 + cell.parameters().outputBias()[0],
            cell.parameters().outputWeight()[1] * -0.25 + cell.parameters().outputBias()[1]},
                cell.output(new double[] {0.5, -0.25, 9, 9}), 1e-15);
    }

    /** A random NRN with reversal potentials of +-1 and leak potentials in [-0.2, 0.2]. */
    static NrnCell randomCell(Random r, int inputs, int units, int outputs, double weightScale) {
        return new NrnCell(new NrnParameters(
                uniform(r, inputs, 0.5, 1.5), uniform(r, inputs, -0.2, 0.2),
                uniform(r, inputs, units, 0, weightScale), uniform(r, inputs, units, 3, 8),
                uniform(r, inputs, units, 0.3, 0.8), signs(r, inputs, units),
                uniform(r, units, units, 0, weightScale), uniform(r, units, units, 3, 8),
                uniform(r, units, units, 0.3, 0.8), signs(r, units, units),
                uniform(r, units, 0.001, 1), uniform(r, units, -0.2, 0.2), uniform(r, units, 0.4, 0.6),
                uniform(r, outputs, 0.5, 1.5), uniform(r, outputs, -0.1, 0.1)));
    }

    static double[] uniform(Random r, int n, double lo, double hi) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    static double[][] uniform(Random r, int rows, int cols, double lo, double hi) {
        double[][] m = new double[rows][];
        for (int i = 0; i < rows; i++) {
            m[i] = uniform(r, cols, lo, hi);
        }
        return m;
    }

    static double[][] signs(Random r, int rows, int cols) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = r.nextBoolean() ? 1 : -1;
            }
        }
        return m;
    }
}
