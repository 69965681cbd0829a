package io.github.dl4jnrn.solver;

import java.util.List;

/**
 * The arithmetic a solver needs on states of type {@code V}, for one step of size {@code h}.
 *
 * <p>It lets one stepping kernel serve plain arrays ({@link DoubleArrayAlgebra}) and the layers' SameDiff
 * graphs alike. The step size is held by the algebra: a scalar for plain arrays, one value per sample for
 * graphs of irregularly sampled sequences.
 *
 * @param <V> the state type
 */
public interface StateAlgebra<V> {

    /**
     * @param y       the state
     * @param weights one weight per slope; zero weights may be skipped
     * @param slopes  the slopes {@code k_j}
     * @return {@code y + h * sum_j weights[j] * slopes[j]}
     */
    V increment(V y, double[] weights, List<V> slopes);

    /**
     * The fused semi-implicit update of a split field {@code dy/dt = gain - rate * y}.
     *
     * @param y    the state
     * @param gain the gain at {@code y}
     * @param rate the rate at {@code y}, element-wise non-negative
     * @return {@code (y + h * gain) / (1 + h * rate)}
     */
    V semiImplicit(V y, V gain, V rate);
}
