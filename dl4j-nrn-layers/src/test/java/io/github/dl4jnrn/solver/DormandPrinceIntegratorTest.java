package io.github.dl4jnrn.solver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DormandPrinceIntegratorTest {

    @Test
    void meetsItsToleranceOnProblemsWithExactSolutions() {
        DormandPrinceIntegrator.Result r = DormandPrinceIntegrator.precise()
                .integrate(Problems.logistic(), new double[] {0.1}, 3);
        assertEquals(Problems.logisticExact(0.1, 3), r.state()[0], 1e-9);
        DormandPrinceIntegrator.Result d = DormandPrinceIntegrator.precise()
                .integrate(Problems.decay(), new double[] {1}, 0.1);
        assertEquals(0.9048374180359595, d.state()[0], 1e-10);
        assertEquals(7 * (r.accepted() + r.rejected()), r.evaluations());
    }

    @Test
    void looserToleranceTakesFewerStepsAndLargerError() {
        DormandPrinceIntegrator loose = new DormandPrinceIntegrator(1e-4, 1e-4, 10_000);
        DormandPrinceIntegrator tight = new DormandPrinceIntegrator(1e-11, 1e-11, 10_000);
        DormandPrinceIntegrator.Result a = loose.integrate(Problems.logistic(), new double[] {0.01}, 10);
        DormandPrinceIntegrator.Result b = tight.integrate(Problems.logistic(), new double[] {0.01}, 10);
        double exact = Problems.logisticExact(0.01, 10);
        assertTrue(a.accepted() < b.accepted(), a + " vs " + b);
        assertTrue(Math.abs(a.state()[0] - exact) > Math.abs(b.state()[0] - exact));
        assertTrue(Math.abs(a.state()[0] - exact) < 1e-3);
    }

    @Test
    void rejectsStepsOnAStiffProblemAndStillConverges() {
        DormandPrinceIntegrator.Result r = new DormandPrinceIntegrator(1e-8, 1e-8, 100_000)
                .integrate(Problems.stiffDecay(200), new double[] {1}, 1);
        assertTrue(r.rejected() > 0, "expected rejected steps: " + r);
        assertEquals(Math.exp(-200), r.state()[0], 1e-8);
    }

    @Test
    void failsWhenTooManyStepsAreNeeded() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new DormandPrinceIntegrator(1e-12, 1e-12, 5)
                        .integrate(Problems.logistic(), new double[] {0.1}, 5));
        assertTrue(e.getMessage().contains("maxSteps = 5"), e.getMessage());
    }

    @Test
    void rejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new DormandPrinceIntegrator(0, 1e-6, 10));
        assertThrows(IllegalArgumentException.class, () -> new DormandPrinceIntegrator(1e-6, -1, 10));
        assertThrows(IllegalArgumentException.class, () -> new DormandPrinceIntegrator(1e-6, 1e-6, 0));
        assertThrows(IllegalArgumentException.class,
                () -> DormandPrinceIntegrator.precise().integrate(Problems.decay(), new double[] {1}, -1));
    }
}
