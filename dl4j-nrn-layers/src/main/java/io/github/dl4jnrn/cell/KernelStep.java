package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.ButcherTableau;
import io.github.dl4jnrn.solver.OdeSolver;

/**
 * One solver step on a {@link CellKernel} and its backward pass: the explicit Runge-Kutta methods from their
 * tableaux and the fused semi-implicit step, with the same arithmetic as {@link OdeSolver#step}.
 *
 * <p>For an explicit method, {@code Y_i = y + h sum_j a_ij k_j}, {@code k_i = f(Y_i)} and
 * {@code y' = y + h sum_i b_i k_i}; the backward pass walks the stages in reverse, each stage's input
 * gradient feeding the slopes it was built from. For the fused step {@code y' = (y + h g) / (1 + h r)}
 * with {@code g, r} the gain and rate at {@code y}.
 */
public final class KernelStep {

    private final CellKernel kernel;
    private final OdeSolver solver;
    private final int n;

    /**
     * @param kernel the cell
     * @param solver the solver
     */
    public KernelStep(CellKernel kernel, OdeSolver solver) {
        this.kernel = kernel;
        this.solver = solver;
        this.n = kernel.units();
    }

    /**
     * @param terms the time step's terms
     * @param y     the state at the start of the step
     * @param h     the step size
     * @return the state at the end of the step
     */
    public double[] forward(CellKernel.StepTerms terms, double[] y, double h) {
        double[] gain = new double[n];
        double[] rate = new double[n];
        if (!solver.isExplicit()) {
            kernel.split(terms, y, gain, rate, null);
            double[] next = new double[n];
            for (int i = 0; i < n; i++) {
                next[i] = (y[i] + h * gain[i]) / (1 + h * rate[i]);
            }
            return next;
        }
        return new Stages(terms, y, h, false).next;
    }

    /**
     * Backpropagates through one step.
     *
     * @param terms the time step's terms (accumulates their gradient)
     * @param y     the state at the start of the step
     * @param h     the step size
     * @param dNext the loss gradient with respect to the state at the end of the step
     * @param dy    receives (adds) the loss gradient with respect to {@code y}
     * @param grads accumulates parameter gradients
     * @return the loss gradient with respect to {@code h}
     */
    public double backward(CellKernel.StepTerms terms, double[] y, double h, double[] dNext, double[] dy,
                           CellKernel.Gradients grads) {
        if (!solver.isExplicit()) {
            return fusedBackward(terms, y, h, dNext, dy, grads);
        }
        ButcherTableau tableau = solver.tableau();
        Stages st = new Stages(terms, y, h, true);
        int s = tableau.stages();
        double[] b = tableau.b();
        double[][] dk = new double[s][n];
        double dh = 0;
        for (int i = 0; i < s; i++) {
            for (int m = 0; m < n; m++) {
                dk[i][m] = h * b[i] * dNext[m];
                dh += b[i] * dNext[m] * st.k[i][m];
            }
        }
        for (int m = 0; m < n; m++) {
            dy[m] += dNext[m];
        }
        for (int l = s - 1; l >= 0; l--) {
            double[] dStage = fieldBackward(terms, st.stage[l], st.gain[l], st.rate[l], st.scratch[l], dk[l],
                    grads);
            double[] a = tableau.a(l);
            for (int m = 0; m < n; m++) {
                dy[m] += dStage[m];
            }
            for (int j = 0; j < a.length; j++) {
                if (a[j] == 0) {
                    continue;
                }
                for (int m = 0; m < n; m++) {
                    dk[j][m] += h * a[j] * dStage[m];
                    dh += a[j] * dStage[m] * st.k[j][m];
                }
            }
        }
        return dh;
    }

    /** @return the gradient with respect to the state of {@code f(Y) = gain(Y) - rate(Y) Y} */
    private double[] fieldBackward(CellKernel.StepTerms terms, double[] state, double[] gain, double[] rate,
                                   double[] scratch, double[] dk, CellKernel.Gradients grads) {
        double[] dState = new double[n];
        double[] dRate = new double[n];
        for (int m = 0; m < n; m++) {
            dState[m] = -dk[m] * rate[m];
            dRate[m] = -dk[m] * state[m];
        }
        kernel.splitBackward(terms, state, gain, rate, scratch, dk, dRate, dState, grads);
        return dState;
    }

    private double fusedBackward(CellKernel.StepTerms terms, double[] y, double h, double[] dNext, double[] dy,
                                 CellKernel.Gradients grads) {
        double[] gain = new double[n];
        double[] rate = new double[n];
        double[] scratch = new double[kernel.scratchSize()];
        kernel.split(terms, y, gain, rate, scratch);
        double[] dGain = new double[n];
        double[] dRate = new double[n];
        double dh = 0;
        for (int m = 0; m < n; m++) {
            double denominator = 1 + h * rate[m];
            double next = (y[m] + h * gain[m]) / denominator;
            dGain[m] = dNext[m] * h / denominator;
            dRate[m] = -dNext[m] * h * next / denominator;
            dh += dNext[m] * (gain[m] - rate[m] * next) / denominator;
            dy[m] += dNext[m] / denominator;
        }
        kernel.splitBackward(terms, y, gain, rate, scratch, dGain, dRate, dy, grads);
        return dh;
    }

    /** The stages of one explicit step. */
    private final class Stages {
        final double[][] stage;
        final double[][] gain;
        final double[][] rate;
        final double[][] k;
        final double[][] scratch;
        final double[] next;

        Stages(CellKernel.StepTerms terms, double[] y, double h, boolean keepScratch) {
            ButcherTableau tableau = solver.tableau();
            int s = tableau.stages();
            stage = new double[s][];
            gain = new double[s][n];
            rate = new double[s][n];
            k = new double[s][n];
            scratch = new double[s][];
            for (int i = 0; i < s; i++) {
                double[] a = tableau.a(i);
                double[] yi = y.clone();
                for (int j = 0; j < a.length; j++) {
                    if (a[j] != 0) {
                        for (int m = 0; m < n; m++) {
                            yi[m] += h * a[j] * k[j][m];
                        }
                    }
                }
                stage[i] = yi;
                scratch[i] = keepScratch ? new double[kernel.scratchSize()] : null;
                kernel.split(terms, yi, gain[i], rate[i], scratch[i]);
                for (int m = 0; m < n; m++) {
                    k[i][m] = gain[i][m] - rate[i][m] * yi[m];
                }
            }
            double[] b = tableau.b();
            next = y.clone();
            for (int i = 0; i < s; i++) {
                if (b[i] != 0) {
                    for (int m = 0; m < n; m++) {
                        next[m] += h * b[i] * k[i][m];
                    }
                }
            }
        }
    }
}
