package io.github.dl4jnrn.solver;

import java.util.ArrayList;
import java.util.List;

/**
 * The one stepping kernel of every explicit Runge-Kutta method: it advances a state by one step of the
 * method a {@link ButcherTableau} defines, on any state type through a {@link StateAlgebra}.
 */
public final class ExplicitRungeKutta {

    private ExplicitRungeKutta() {
    }

    /**
     * Computes the stages of one step.
     *
     * @param tableau the method
     * @param field   the vector field
     * @param y       the state at the start of the step
     * @param algebra arithmetic on states, holding the step size
     * @param <V>     the state type
     * @return the slopes {@code k_0 .. k_s-1}
     */
    public static <V> List<V> stages(ButcherTableau tableau, VectorField<V> field, V y, StateAlgebra<V> algebra) {
        List<V> slopes = new ArrayList<>(tableau.stages());
        slopes.add(field.derivative(y));
        for (int i = 1; i < tableau.stages(); i++) {
            slopes.add(field.derivative(algebra.increment(y, tableau.a(i), slopes)));
        }
        return slopes;
    }

    /**
     * Advances {@code y} by one step.
     *
     * @return {@code y + h * sum_i b_i k_i}
     */
    public static <V> V step(ButcherTableau tableau, VectorField<V> field, V y, StateAlgebra<V> algebra) {
        return algebra.increment(y, tableau.b(), stages(tableau, field, y, algebra));
    }
}
