package io.github.dl4jnrn.solver;

import java.util.List;

/**
 * Adaptive integration of an autonomous system {@code y' = f(y)} on plain arrays with the Dormand-Prince
 * 5(4) method and local error control. It serves as the reference solver for the fixed-step solvers and
 * for inference where accuracy matters more than a fixed cost.
 *
 * <p>Each step is accepted when the scaled error norm
 * {@code sqrt(mean_i ((y5_i - y4_i) / (absTol + relTol * max(|y_i|, |y_new,i|)))^2)} is at most 1; the next
 * step size is {@code h * min(5, max(0.2, 0.9 * err^(-1/5)))}. The last step is shortened to end exactly
 * at the requested time.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class DormandPrinceIntegrator {

    private static final double SAFETY = 0.9;
    private static final double MIN_FACTOR = 0.2;
    private static final double MAX_FACTOR = 5.0;

    private final double relTol;
    private final double absTol;
    private final int maxSteps;

    /**
     * @param relTol   relative tolerance, positive
     * @param absTol   absolute tolerance, positive
     * @param maxSteps the most steps (accepted or rejected) before giving up, at least 1
     */
    public DormandPrinceIntegrator(double relTol, double absTol, int maxSteps) {
        if (!(relTol > 0)) {
            throw new IllegalArgumentException("relTol must be positive but was " + relTol);
        }
        if (!(absTol > 0)) {
            throw new IllegalArgumentException("absTol must be positive but was " + absTol);
        }
        if (maxSteps < 1) {
            throw new IllegalArgumentException("maxSteps must be at least 1 but was " + maxSteps);
        }
        this.relTol = relTol;
        this.absTol = absTol;
        this.maxSteps = maxSteps;
    }

    /** An integrator with tolerances 1e-10 (relative and absolute) and at most 100,000 steps. */
    public static DormandPrinceIntegrator precise() {
        return new DormandPrinceIntegrator(1e-10, 1e-10, 100_000);
    }

    /**
     * The outcome of one integration.
     *
     * @param state       the state at the end of the interval
     * @param accepted    steps accepted
     * @param rejected    steps rejected by the error control
     * @param evaluations evaluations of the vector field
     */
    public record Result(double[] state, int accepted, int rejected, int evaluations) {
    }

    /**
     * Integrates from time 0 to {@code duration}.
     *
     * @param field    the vector field
     * @param y0       the initial state (not modified)
     * @param duration the length of the interval, finite and non-negative
     * @return the final state and step counts
     * @throws IllegalStateException if more than {@code maxSteps} steps are needed
     */
    public Result integrate(VectorField<double[]> field, double[] y0, double duration) {
        if (!(duration >= 0) || Double.isInfinite(duration)) {
            throw new IllegalArgumentException("duration must be finite and non-negative but was " + duration);
        }
        ButcherTableau tableau = ButcherTableau.DORMAND_PRINCE;
        double[] b = tableau.b();
        double[] bHat = tableau.bHat();
        double[] y = y0.clone();
        double t = 0;
        double h = initialStepSize(y, duration);
        int accepted = 0;
        int rejected = 0;
        int evaluations = 0;

        while (t < duration) {
            if (accepted + rejected >= maxSteps) {
                throw new IllegalStateException("Dormand-Prince: more than maxSteps = " + maxSteps
                        + " steps needed to reach t = " + duration + " (reached t = " + t + ")");
            }
            boolean last = t + h >= duration;
            if (last) {
                h = duration - t;
            }

            DoubleArrayAlgebra algebra = new DoubleArrayAlgebra(h);
            List<double[]> slopes = ExplicitRungeKutta.stages(tableau, field, y, algebra);
            evaluations += tableau.stages();
            double[] high = algebra.increment(y, b, slopes);
            double[] low = algebra.increment(y, bHat, slopes);
            double err = errorNorm(y, high, low);

            if (err <= 1) {
                t = last ? duration : t + h;
                y = high;
                accepted++;
            } else {
                rejected++;
            }
            double factor = err == 0 ? MAX_FACTOR : SAFETY * Math.pow(err, -0.2);
            h *= Math.min(MAX_FACTOR, Math.max(MIN_FACTOR, factor));
        }
        return new Result(y, accepted, rejected, evaluations);
    }

    private double initialStepSize(double[] y, double duration) {
        double scale = 0;
        for (double v : y) {
            scale = Math.max(scale, Math.abs(v));
        }
        double h = 0.01 * Math.max(1, scale);
        return Math.min(h, duration > 0 ? duration : h);
    }

    private double errorNorm(double[] y, double[] high, double[] low) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            double sc = absTol + relTol * Math.max(Math.abs(y[i]), Math.abs(high[i]));
            double e = (high[i] - low[i]) / sc;
            sum += e * e;
        }
        return y.length == 0 ? 0 : Math.sqrt(sum / y.length);
    }
}
