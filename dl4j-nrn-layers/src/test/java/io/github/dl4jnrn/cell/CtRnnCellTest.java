package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.OdeSolver;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CtRnnCellTest {

    @Test
    void linearCellMatchesItsExactSolution() {
        // identity activation, no recurrence: dx/dt = -x/tau + (U u + b), x(t) = tau c (1 - e^(-t/tau))
        double tau = 0.7;
        CtRnnCell cell = new CtRnnCell(new CtRnnParameters(new double[][] {{2}}, new double[][] {{0}},
                new double[] {0.3}, new double[] {tau}, new double[] {1}, new double[] {0}, Activation.IDENTITY));
        double c = 2 * 0.5 + 0.3;
        double exact = tau * c * (1 - Math.exp(-1 / tau));
        double rk4 = new CellIntegrator(OdeSolver.RK4, 40).run(cell, new double[][] {{0.5}}).finalState()[0];
        assertEquals(exact, rk4, 1e-6);
    }

    @Test
    void derivativeFollowsTheDefinition() {
        CtRnnCell cell = new CtRnnCell(new CtRnnParameters(new double[][] {{0.5, -1}},
                new double[][] {{0.2, 0.3}, {-0.4, 0.1}}, new double[] {0.1, -0.2}, new double[] {1, 2},
                new double[] {1, 1}, new double[] {0, 0}, Activation.TANH));
        double[] x = {0.3, -0.6};
        double[] d = cell.field(new double[] {2}).derivative(x);
        double pre0 = 0.5 * 2 + 0.1 + 0.2 * 0.3 + -0.4 * -0.6;
        double pre1 = -1 * 2 - 0.2 + 0.3 * 0.3 + 0.1 * -0.6;
        assertEquals(-0.3 / 1 + Math.tanh(pre0), d[0], 1e-15);
        assertEquals(0.6 / 2 + Math.tanh(pre1), d[1], 1e-15);
    }

    @Test
    void rejectsUnsupportedActivation() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CtRnnCell(
                new CtRnnParameters(new double[][] {{1}}, new double[][] {{0}}, new double[] {0}, new double[] {1},
                        new double[] {1}, new double[] {0}, Activation.SWISH)));
        assertTrue(e.getMessage().contains("SWISH"), e.getMessage());
    }
}
