package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.SplitVectorField;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * A recurrent cell defined in a SameDiff graph, for a minibatch: the counterpart of {@link Cell} that the
 * layers unroll. States are {@code [minibatch, units]} variables.
 */
public interface CellGraph {

    /**
     * @param input the input features of one time step, {@code [minibatch, inputSize]}
     * @return the vector field of the state under this input; its work that depends only on the input is
     *         done once here, not per evaluation
     */
    SplitVectorField<SDVariable> field(SDVariable input);

    /**
     * @param state the state, {@code [minibatch, units]}
     * @return the outputs, {@code [minibatch, outputSize]}
     */
    SDVariable output(SDVariable state);
}
