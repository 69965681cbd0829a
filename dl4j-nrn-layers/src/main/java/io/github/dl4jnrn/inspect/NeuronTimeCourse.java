package io.github.dl4jnrn.inspect;

import io.github.dl4jnrn.cell.CellIntegrator;
import io.github.dl4jnrn.cell.NrnCell;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.solver.SplitVectorField;

/**
 * How each neuron of an NRN behaves over one input sequence: its potential, its liquid time constant and its
 * target potential at every time step. With the total conductance {@code G_i = gL_i + sum_j w_ji s_ji +
 * sum_k w'_ki s'_ki} each neuron obeys {@code dx_i/dt = (xinf_i - x_i) / tau_i} with
 * <pre>
 *   tau_i  = C_i / G_i
 *   xinf_i = (gL_i eL_i + sum_j w_ji s_ji E_ji + sum_k w'_ki s'_ki E'_ki) / G_i
 * </pre>
 * Both are evaluated at the potentials reached at the end of each time step under that step's input, the
 * state the layer outputs at that step. A neuron with no conductance at all ({@code G_i = 0}) has an infinite
 * time constant and no target potential (NaN).
 *
 * @param states           potential of each neuron at the end of each step, {@code [T][units]}
 * @param timeConstants    liquid time constant tau of each neuron at each step, {@code [T][units]}, positive
 * @param targetPotentials target potential xinf of each neuron at each step, {@code [T][units]}
 */
public record NeuronTimeCourse(double[][] states, double[][] timeConstants, double[][] targetPotentials) {

    /**
     * Runs a circuit over a sequence from the zero state, each step of elapsed time 1.
     *
     * @param circuit the circuit
     * @param inputs  the input at each step, {@code [T][inputs]}, T at least 1
     * @param solver  the solver (the layer's, to see what the layer computes)
     * @param unfolds solver steps per time step, at least 1
     * @return the time course
     */
    public static NeuronTimeCourse run(NrnCircuit circuit, double[][] inputs, OdeSolver solver, int unfolds) {
        if (inputs.length < 1) {
            throw new IllegalArgumentException("time course: the input sequence must have at least 1 step");
        }
        NrnCell cell = circuit.cell();
        double[][] states = new CellIntegrator(solver, unfolds).run(cell, inputs).states();
        int steps = states.length;
        double[][] tau = new double[steps][];
        double[][] target = new double[steps][];
        for (int t = 0; t < steps; t++) {
            SplitVectorField.Split<double[]> split = cell.field(inputs[t]).split(states[t]);
            int n = states[t].length;
            tau[t] = new double[n];
            target[t] = new double[n];
            for (int i = 0; i < n; i++) {
                double rate = split.rate()[i];
                tau[t][i] = 1 / rate;
                target[t][i] = rate > 0 ? split.gain()[i] / rate : Double.NaN;
            }
        }
        return new NeuronTimeCourse(states, tau, target);
    }

    /** @return the number of time steps */
    public int steps() {
        return states.length;
    }

    /** @return the number of neurons */
    public int units() {
        return states[0].length;
    }

    /** @return the time constants of one neuron over time */
    public double[] timeConstantsOf(int neuron) {
        return column(timeConstants, neuron);
    }

    /** @return the target potentials of one neuron over time */
    public double[] targetPotentialsOf(int neuron) {
        return column(targetPotentials, neuron);
    }

    /** @return the potentials of one neuron over time */
    public double[] statesOf(int neuron) {
        return column(states, neuron);
    }

    private static double[] column(double[][] m, int c) {
        double[] out = new double[m.length];
        for (int t = 0; t < m.length; t++) {
            out[t] = m[t][c];
        }
        return out;
    }

    /**
     * The range each neuron's potential covered: from the zero state the run started in through every step.
     *
     * @return the operating ranges
     */
    public OperatingRange operatingRange() {
        int n = units();
        double[] low = new double[n];
        double[] high = new double[n];
        for (double[] x : states) {
            for (int i = 0; i < n; i++) {
                low[i] = Math.min(low[i], x[i]);
                high[i] = Math.max(high[i], x[i]);
            }
        }
        return new OperatingRange(low, high);
    }
}
