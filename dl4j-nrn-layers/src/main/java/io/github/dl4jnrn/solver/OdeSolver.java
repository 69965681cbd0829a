package io.github.dl4jnrn.solver;

/**
 * The fixed-step solvers a layer can unroll: four explicit Runge-Kutta methods and the fused semi-implicit
 * step. Each advances a state by one step of size {@code h} held by the {@link StateAlgebra}.
 *
 * <table>
 *   <caption>Solvers</caption>
 *   <tr><th>solver</th><th>order</th><th>field evaluations per step</th><th>stability</th></tr>
 *   <tr><td>{@link #EULER}</td><td>1</td><td>1</td><td>explicit: needs {@code h} below about {@code 2 tau}</td></tr>
 *   <tr><td>{@link #HEUN}</td><td>2</td><td>2</td><td>explicit</td></tr>
 *   <tr><td>{@link #MIDPOINT}</td><td>2</td><td>2</td><td>explicit</td></tr>
 *   <tr><td>{@link #RK4}</td><td>4</td><td>4</td><td>explicit: needs {@code h} below about {@code 2.8 tau}</td></tr>
 *   <tr><td>{@link #FUSED}</td><td>1</td><td>1</td><td>bounded for every {@code h >= 0}</td></tr>
 * </table>
 *
 * <p>The fused step solves the decay implicitly and the gain explicitly:
 * {@code y <- (y + h gain(y)) / (1 + h rate(y))}. For an NRN neuron this is a convex combination of the
 * state and the reversal potentials, so the state stays in their range for any step size, and fixed points
 * are kept exactly. It is the step of the liquid time-constant network, multiplied through by {@code h} so
 * that a step of size zero leaves the state unchanged.
 */
public enum OdeSolver {

    /** Explicit Euler, order 1. */
    EULER(ButcherTableau.EULER),
    /** Heun's method, order 2. */
    HEUN(ButcherTableau.HEUN),
    /** Explicit midpoint method, order 2. */
    MIDPOINT(ButcherTableau.MIDPOINT),
    /** Classic Runge-Kutta, order 4. */
    RK4(ButcherTableau.RK4),
    /** Fused semi-implicit step, order 1, unconditionally bounded for NRN cells. */
    FUSED(null);

    private final ButcherTableau tableau;

    OdeSolver(ButcherTableau tableau) {
        this.tableau = tableau;
    }

    /** @return the tableau of an explicit solver, or null for {@link #FUSED} */
    public ButcherTableau tableau() {
        return tableau;
    }

    /** @return true for the explicit Runge-Kutta solvers */
    public boolean isExplicit() {
        return tableau != null;
    }

    /** @return the order of convergence */
    public int order() {
        return tableau == null ? 1 : tableau.order();
    }

    /** @return the number of evaluations of the vector field per step */
    public int evaluationsPerStep() {
        return tableau == null ? 1 : tableau.stages();
    }

    /**
     * Advances a state by one step.
     *
     * @param field   the vector field, split into gain and rate
     * @param y       the state at the start of the step
     * @param algebra arithmetic on states, holding the step size
     * @param <V>     the state type
     * @return the state at the end of the step
     */
    public <V> V step(SplitVectorField<V> field, V y, StateAlgebra<V> algebra) {
        if (tableau != null) {
            return ExplicitRungeKutta.step(tableau, field, y, algebra);
        }
        SplitVectorField.Split<V> split = field.split(y);
        return algebra.semiImplicit(y, split.gain(), split.rate());
    }

    /**
     * Advances a state over an interval with {@code unfolds} equal steps.
     *
     * @param field   the vector field
     * @param y       the state at the start
     * @param elapsed the length of the interval, finite and non-negative
     * @param unfolds the number of steps, at least 1
     * @return the state at the end of the interval
     */
    public double[] integrate(SplitVectorField<double[]> field, double[] y, double elapsed, int unfolds) {
        if (unfolds < 1) {
            throw new IllegalArgumentException("unfolds must be at least 1 but was " + unfolds);
        }
        DoubleArrayAlgebra algebra = new DoubleArrayAlgebra(elapsed / unfolds);
        double[] state = y;
        for (int k = 0; k < unfolds; k++) {
            state = step(field, state, algebra);
        }
        return state;
    }
}
