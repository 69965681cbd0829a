package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.DormandPrinceIntegrator;
import io.github.dl4jnrn.solver.OdeSolver;

/**
 * Runs a plain {@link Cell} over one sequence, time step by time step, holding each step's input constant
 * over its elapsed time. This is the reference the layers are tested against, and a way to use a trained
 * cell without a network.
 */
public final class CellIntegrator {

    private final OdeSolver solver;
    private final int unfolds;

    /**
     * @param solver  the fixed-step solver
     * @param unfolds solver steps per time step, at least 1
     */
    public CellIntegrator(OdeSolver solver, int unfolds) {
        if (solver == null) {
            throw new IllegalArgumentException("solver must not be null");
        }
        if (unfolds < 1) {
            throw new IllegalArgumentException("unfolds must be at least 1 but was " + unfolds);
        }
        this.solver = solver;
        this.unfolds = unfolds;
    }

    /**
     * The outputs and states of a run.
     *
     * @param outputs the output at each time step, {@code [T][outputSize]}
     * @param states  the state at the end of each time step, {@code [T][units]}
     */
    public record Trajectory(double[][] outputs, double[][] states) {

        /** @return the state after the last step */
        public double[] finalState() {
            return states[states.length - 1];
        }
    }

    /**
     * Runs a sequence from the zero state with elapsed time 1 per step.
     *
     * @param cell   the cell
     * @param inputs the input at each time step, {@code [T][inputSize]}
     * @return outputs and states
     */
    public Trajectory run(Cell cell, double[][] inputs) {
        return run(cell, inputs, null, null, new double[cell.units()]);
    }

    /**
     * Runs a sequence.
     *
     * @param cell         the cell
     * @param inputs       the input at each time step, {@code [T][inputSize]}
     * @param elapsed      the elapsed time of each step (non-negative), or null for 1 everywhere
     * @param mask         which steps are present, or null for all; a step that is absent holds the state
     * @param initialState the state before the first step
     * @return outputs and states
     */
    public Trajectory run(Cell cell, double[][] inputs, double[] elapsed, boolean[] mask, double[] initialState) {
        int steps = inputs.length;
        double[][] outputs = new double[steps][];
        double[][] states = new double[steps][];
        double[] x = initialState.clone();
        for (int t = 0; t < steps; t++) {
            if (mask == null || mask[t]) {
                double dt = elapsed == null ? 1 : elapsed[t];
                x = solver.integrate(cell.field(inputs[t]), x, dt, unfolds);
            }
            states[t] = x;
            outputs[t] = cell.output(x);
        }
        return new Trajectory(outputs, states);
    }

    /**
     * Runs a sequence from the zero state, each step integrated adaptively by Dormand-Prince 5(4) instead
     * of the fixed-step solver: the reference solution against which fixed-step solvers are measured.
     *
     * @param cell       the cell
     * @param inputs     the input at each time step
     * @param elapsed    the elapsed time of each step, or null for 1 everywhere
     * @param integrator the adaptive integrator
     * @return outputs and states
     */
    public static Trajectory reference(Cell cell, double[][] inputs, double[] elapsed,
                                       DormandPrinceIntegrator integrator) {
        int steps = inputs.length;
        double[][] outputs = new double[steps][];
        double[][] states = new double[steps][];
        double[] x = new double[cell.units()];
        for (int t = 0; t < steps; t++) {
            double dt = elapsed == null ? 1 : elapsed[t];
            x = integrator.integrate(cell.field(inputs[t]), x, dt).state();
            states[t] = x;
            outputs[t] = cell.output(x);
        }
        return new Trajectory(outputs, states);
    }
}
