package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.CellGraph;
import io.github.dl4jnrn.cell.SameDiffAlgebra;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.solver.SplitVectorField;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * The static unroll of a cell over a fixed number of time steps in a SameDiff graph: the definition that
 * both {@link OdeRecurrentLayer#defineLayer} and the chunked runtime use.
 */
final class SequenceUnroll {

    private SequenceUnroll() {
    }

    /**
     * The graph variables of an unrolled sequence.
     *
     * @param outputs    the outputs, {@code [minibatch, nOut, steps]}
     * @param finalState the state after the last step, {@code [minibatch, units]}
     */
    record Unrolled(SDVariable outputs, SDVariable finalState) {
    }

    /**
     * @param cell     the cell
     * @param features the input features, {@code [minibatch, features, steps]}
     * @param elapsed  the elapsed time of each step, {@code [minibatch, steps]}; 0 holds the state
     * @param state    the state before the first step, {@code [minibatch, units]}
     * @param steps    the number of time steps, fixed in the graph
     * @param solver   the solver
     * @param unfolds  solver steps per time step
     * @return the outputs and the final state
     */
    static Unrolled unroll(CellGraph cell, SDVariable features, SDVariable elapsed, SDVariable state, int steps,
                           OdeSolver solver, int unfolds) {
        SameDiff sd = features.getSameDiff();
        SDVariable[] inputs = sd.unstack(features, 2, steps);
        SDVariable[] dts = sd.unstack(elapsed, 1, steps);
        SDVariable[] outputs = new SDVariable[steps];
        SDVariable x = state;
        for (int t = 0; t < steps; t++) {
            SDVariable h = sd.expandDims(dts[t], 1);
            if (unfolds > 1) {
                h = h.div((double) unfolds);
            }
            SplitVectorField<SDVariable> field = cell.field(inputs[t]);
            SameDiffAlgebra algebra = new SameDiffAlgebra(h);
            for (int k = 0; k < unfolds; k++) {
                x = solver.step(field, x, algebra);
            }
            outputs[t] = cell.output(x);
        }
        return new Unrolled(sd.stack(2, outputs), x);
    }
}
