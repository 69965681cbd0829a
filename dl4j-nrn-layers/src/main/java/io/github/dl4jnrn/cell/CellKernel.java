package io.github.dl4jnrn.cell;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A cell's vector field and its vector-Jacobian products on plain arrays, for one sample: the direct
 * execution path of the layers, which computes forward and backward passes with loops over the cell's own
 * structure instead of a SameDiff graph. Parameter transforms (positivity, synapse masks, products) are
 * computed once when the kernel is created.
 *
 * <p>The layers check this path against their SameDiff definition: outputs and gradients agree to rounding.
 * A kernel is immutable once created; gradient buffers are separate objects ({@link Gradients}), so one
 * kernel can serve several threads, each with its own buffers.
 */
public interface CellKernel {

    /** @return the number of input features */
    int inputSize();

    /** @return the number of neurons */
    int units();

    /** @return the number of outputs */
    int outputSize();

    /**
     * Computes what depends only on a time step's input (for the NRN: the sensory and leak terms).
     *
     * @param input the input features of the step
     * @return the step's precomputed terms
     */
    StepTerms stepTerms(double[] input);

    /**
     * Evaluates the split field {@code dx/dt = gain - rate * x}.
     *
     * @param terms   the step's terms
     * @param x       the state
     * @param gain    receives the gain
     * @param rate    receives the rate
     * @param scratch null, or an array of {@link #scratchSize()} that receives intermediate values for
     *                {@link #splitBackward} at the same state, which then need not recompute them
     */
    void split(StepTerms terms, double[] x, double[] gain, double[] rate, double[] scratch);

    /** @return the size of the scratch array of {@link #split} */
    int scratchSize();

    /**
     * Adds the vector-Jacobian product of {@link #split} to {@code dx} and to the gradients.
     *
     * @param terms the step's terms
     * @param x     the state at which the split was evaluated
     * @param gain  the gain at {@code x}
     * @param rate  the rate at {@code x}
     * @param scratch the scratch filled by {@link #split} at {@code x}
     * @param dGain the loss gradient with respect to the gain
     * @param dRate the loss gradient with respect to the rate
     * @param dx    accumulates the loss gradient with respect to {@code x}
     * @param grads accumulates parameter gradients; the step's terms accumulate their own gradient
     */
    void splitBackward(StepTerms terms, double[] x, double[] gain, double[] rate, double[] scratch,
                       double[] dGain, double[] dRate, double[] dx, Gradients grads);

    /**
     * Propagates the gradient accumulated for the step's terms to the parameters and the input, then clears
     * it.
     *
     * @param input the step's input
     * @param terms the step's terms
     * @param du    accumulates the loss gradient with respect to the input
     * @param grads parameter gradients and the step's accumulated term gradient
     */
    void stepTermsBackward(double[] input, StepTerms terms, double[] du, Gradients grads);

    /**
     * @param x the state
     * @param y receives the outputs
     */
    void output(double[] x, double[] y);

    /**
     * @param x     the state
     * @param dy    the loss gradient with respect to the outputs
     * @param dx    accumulates the loss gradient with respect to {@code x}
     * @param grads accumulates parameter gradients
     */
    void outputBackward(double[] x, double[] dy, double[] dx, Gradients grads);

    /** @return new, zeroed gradient buffers for this kernel */
    Gradients newGradients();

    /**
     * Converts accumulated gradients (with respect to the parameters as the cell uses them) into gradients
     * of the stored parameters, through the positivity transform and the synapse masks.
     *
     * @param grads the accumulated gradients
     * @return stored-parameter gradients keyed like the layer's parameter table, in the shapes of its arrays
     */
    Map<String, INDArray> storedGradients(Gradients grads);

    /** Per-step terms, opaque to callers. */
    interface StepTerms {
    }

    /** Gradient buffers of one kernel, opaque to callers except for summing buffers of several threads. */
    interface Gradients {

        /** Adds another buffer of the same kernel to this one. */
        void add(Gradients other);
    }
}
