package io.github.dl4jnrn.solver;

/**
 * An autonomous vector field {@code dy/dt = f(y)} over states of type {@code V}.
 *
 * <p>Within one time step of a sequence the input of a cell is held constant, so the field of a cell is
 * autonomous. {@code V} is a plain {@code double[]} for direct integration and a SameDiff variable for the
 * layers' graphs.
 *
 * @param <V> the state type
 */
@FunctionalInterface
public interface VectorField<V> {

    /**
     * @param state the state {@code y}
     * @return the derivative {@code f(y)}
     */
    V derivative(V state);
}
