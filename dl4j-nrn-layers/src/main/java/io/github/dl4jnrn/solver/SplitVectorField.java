package io.github.dl4jnrn.solver;

/**
 * A vector field written as {@code dy/dt = gain(y) - rate(y) * y} (element-wise), with the rate
 * non-negative. The split lets the {@link OdeSolver#FUSED fused semi-implicit step} treat the decay
 * {@code rate * y} implicitly and the gain explicitly.
 *
 * <p>For the NRN neuron the rate is the total conductance over the capacitance and the gain collects the
 * leak and synaptic currents towards their reversal potentials; for the CT-RNN the rate is {@code 1/tau}.
 *
 * @param <V> the state type
 */
public interface SplitVectorField<V> extends VectorField<V> {

    /**
     * @param state the state {@code y}
     * @return {@code gain(y)}
     */
    V gain(V state);

    /**
     * Returns the rate at a state. Implementations whose gain and rate share work may compute both in
     * {@link #split}.
     *
     * @param state the state {@code y}
     * @return {@code rate(y)}, element-wise non-negative
     */
    V rate(V state);

    /**
     * @param state the state {@code y}
     * @return the gain and the rate at {@code y}, in that order
     */
    default Split<V> split(V state) {
        return new Split<>(gain(state), rate(state));
    }

    /**
     * The two parts of a split field at one state.
     *
     * @param gain the gain
     * @param rate the rate
     * @param <V>  the state type
     */
    record Split<V>(V gain, V rate) {
    }
}
