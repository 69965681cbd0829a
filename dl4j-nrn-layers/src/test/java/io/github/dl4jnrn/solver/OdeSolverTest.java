package io.github.dl4jnrn.solver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OdeSolverTest {

    private static double oneStep(OdeSolver solver, SplitVectorField<double[]> f, double x0, double h) {
        return solver.step(f, new double[] {x0}, new DoubleArrayAlgebra(h))[0];
    }

    @Test
    void oneStepOfDecayMatchesTheExactCases() {
        SplitVectorField<double[]> f = Problems.decay();
        assertEquals(0.9, oneStep(OdeSolver.EULER, f, 1, 0.1), 1e-15);
        assertEquals(0.905, oneStep(OdeSolver.HEUN, f, 1, 0.1), 1e-15);
        assertEquals(0.905, oneStep(OdeSolver.MIDPOINT, f, 1, 0.1), 1e-15);
        assertEquals(0.9048375, oneStep(OdeSolver.RK4, f, 1, 0.1), 1e-15);
        assertEquals(0.9090909090909091, oneStep(OdeSolver.FUSED, f, 1, 0.1), 1e-15);
        assertEquals(Math.exp(-0.1), 0.9048374180359595, 1e-16);
    }

    @Test
    void stepOfSizeZeroHoldsTheState() {
        for (OdeSolver s : OdeSolver.values()) {
            assertEquals(0.37, oneStep(s, Problems.logistic(), 0.37, 0), 0, s.name());
        }
    }

    /**
     * Integrates the logistic equation to t = 2 with n, 2n, 4n, 8n steps and checks that each halving of the
     * step divides the global error by about 2^order.
     */
    @ParameterizedTest
    @EnumSource(OdeSolver.class)
    void reachesItsOrderOfConvergence(OdeSolver solver) {
        double x0 = 0.1;
        double end = 2;
        double exact = Problems.logisticExact(x0, end);
        double expectedRatio = Math.pow(2, solver.order());
        double previous = Double.NaN;
        for (int steps = 10; steps <= 80; steps *= 2) {
            double x = solver.integrate(Problems.logistic(), new double[] {x0}, end, steps)[0];
            double error = Math.abs(x - exact);
            if (!Double.isNaN(previous)) {
                double ratio = previous / error;
                assertTrue(ratio > expectedRatio * 0.8 && ratio < expectedRatio * 1.25,
                        solver + ": error ratio " + ratio + " on halving the step, expected about " + expectedRatio);
            }
            previous = error;
        }
    }

    @Test
    void explicitSolversDivergeOnAStiffStepWhereFusedStaysBounded() {
        // x' = -50 x with h = 0.1: h is 5 time constants, beyond every explicit method's stability region
        SplitVectorField<double[]> f = Problems.stiffDecay(50);
        for (OdeSolver s : OdeSolver.values()) {
            double x = s.integrate(f, new double[] {1}, 2, 20)[0];
            if (s.isExplicit()) {
                assertTrue(Math.abs(x) > 1e3, s + " should blow up but gave " + x);
            } else {
                assertTrue(x >= 0 && x < 1e-3, "fused should decay towards 0 but gave " + x);
            }
        }
    }

    @Test
    void integrateRejectsFewerThanOneUnfold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OdeSolver.RK4.integrate(Problems.decay(), new double[] {1}, 1, 0));
        assertTrue(e.getMessage().contains("unfolds must be at least 1 but was 0"), e.getMessage());
    }

    @Test
    void algebraRejectsNegativeStep() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new DoubleArrayAlgebra(-0.5));
        assertTrue(e.getMessage().contains("-0.5"), e.getMessage());
    }
}
