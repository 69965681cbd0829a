package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.SplitVectorField;

/**
 * A recurrent cell on plain arrays, for one sample: the vector field of its neurons' states while an input
 * is held, and the map from states to outputs. This is the plain implementation that the layers are
 * checked against, and the way to integrate a trained cell directly (see {@link CellIntegrator}).
 *
 * <p>Implementations are immutable and thread-safe.
 */
public interface Cell {

    /** @return the number of input features */
    int inputSize();

    /** @return the number of neurons, the size of the state */
    int units();

    /** @return the number of outputs */
    int outputSize();

    /**
     * @param input the input features, held constant over a time step (length {@link #inputSize()})
     * @return the vector field of the state under this input
     */
    SplitVectorField<double[]> field(double[] input);

    /**
     * @param state the state (length {@link #units()})
     * @return the outputs (length {@link #outputSize()})
     */
    double[] output(double[] state);
}
