package io.github.dl4jnrn.solver;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The coefficients that define an explicit Runge-Kutta method, as an immutable, validated value.
 *
 * <p>For an autonomous system {@code y' = f(y)} and step size {@code h}, a tableau with {@code s} stages
 * defines one step as
 * <pre>
 *   k_i    = f(y_n + h * sum_{j &lt; i} a[i][j] * k_j)      i = 0 .. s-1
 *   y_n+1  = y_n + h * sum_i b[i] * k_i
 * </pre>
 * and is written as the array
 * <pre>
 *   c_0     |
 *   c_1     | a_10
 *   ...     | ...
 *   c_s-1   | a_s-1,0 ... a_s-1,s-2
 *   --------+-------------------------
 *           | b_0 ... b_s-1
 * </pre>
 * An embedded method (weights {@code bHat}) gives a second solution of another order whose difference
 * from the first estimates the local error; adaptive integrators such as {@link DormandPrinceIntegrator}
 * use it.
 *
 * <p>The constructor checks consistency: the matrix {@code a} is strictly lower triangular (the method is
 * explicit), each row of {@code a} sums to its node {@code c_i}, and the weights sum to 1. An inconsistent
 * tableau is rejected with an {@link IllegalArgumentException} naming the failing row and the values.
 *
 * <p>Instances are immutable and thread-safe; accessors return copies.
 */
public final class ButcherTableau implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Tolerance of the consistency checks, far above rounding of tableau literals. */
    private static final double CONSISTENCY_TOLERANCE = 1e-12;

    /** Explicit (forward) Euler: one stage, order 1. */
    public static final ButcherTableau EULER = new ButcherTableau("Euler", 1,
            new double[][] {{}}, new double[] {1}, null);

    /** Heun's method (explicit trapezoidal rule): two stages, order 2. */
    public static final ButcherTableau HEUN = new ButcherTableau("Heun", 2,
            new double[][] {{}, {1}}, new double[] {0.5, 0.5}, null);

    /** Explicit midpoint method: two stages, order 2. */
    public static final ButcherTableau MIDPOINT = new ButcherTableau("midpoint", 2,
            new double[][] {{}, {0.5}}, new double[] {0, 1}, null);

    /** The classic fourth-order Runge-Kutta method: four stages, order 4. */
    public static final ButcherTableau RK4 = new ButcherTableau("RK4", 4,
            new double[][] {{}, {0.5}, {0, 0.5}, {0, 0, 1}},
            new double[] {1.0 / 6, 1.0 / 3, 1.0 / 3, 1.0 / 6}, null);

    /**
     * Dormand-Prince 5(4) (J. R. Dormand and P. J. Prince, 1980): seven stages, order 5 with an embedded
     * solution of order 4; the last stage is evaluated at the new solution (first same as last).
     */
    public static final ButcherTableau DORMAND_PRINCE = new ButcherTableau("Dormand-Prince 5(4)", 5,
            new double[][] {
                {},
                {1.0 / 5},
                {3.0 / 40, 9.0 / 40},
                {44.0 / 45, -56.0 / 15, 32.0 / 9},
                {19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729},
                {9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656},
                {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84}},
            new double[] {35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0},
            new double[] {5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100,
                1.0 / 40});

    private final String name;
    private final int order;
    private final double[][] a;
    private final double[] b;
    private final double[] bHat;
    private final double[] c;

    /**
     * Creates and validates a tableau.
     *
     * @param name  a name for messages, such as "RK4"
     * @param order the order of the solution given by {@code b}, at least 1
     * @param a     the stage matrix as ragged rows: row {@code i} holds {@code a[i][0..i-1]}; a shorter row is
     *              padded with zeros; entries on or above the diagonal are rejected
     * @param b     the weights of the solution, one per stage, summing to 1
     * @param bHat  the weights of the embedded solution, one per stage, summing to 1; or null for none
     * @throws IllegalArgumentException if the tableau is inconsistent
     */
    public ButcherTableau(String name, int order, double[][] a, double[] b, double[] bHat) {
        if (name == null || a == null || b == null) {
            throw new IllegalArgumentException("Butcher tableau: name, a and b must not be null");
        }
        int stages = b.length;
        if (stages < 1) {
            throw new IllegalArgumentException("Butcher tableau " + name
                    + ": needs at least one stage but b was empty");
        }
        if (order < 1) {
            throw new IllegalArgumentException("Butcher tableau " + name + ": order must be at least 1 but was "
                    + order);
        }
        if (a.length != stages) {
            throw new IllegalArgumentException("Butcher tableau " + name + ": a has " + a.length
                    + " rows but b has " + stages + " weights; they must match");
        }
        this.name = name;
        this.order = order;
        this.a = new double[stages][];
        this.c = new double[stages];
        for (int i = 0; i < stages; i++) {
            if (a[i].length > i) {
                throw new IllegalArgumentException("Butcher tableau " + name + ": row " + i + " of a has "
                        + a[i].length + " entries but an explicit method allows at most " + i
                        + " (entries on or above the diagonal)");
            }
            this.a[i] = Arrays.copyOf(a[i], i);
            this.c[i] = sum(this.a[i]);
        }
        checkWeights(name, "b", b, stages);
        this.b = b.clone();
        if (bHat != null) {
            checkWeights(name, "bHat", bHat, stages);
        }
        this.bHat = bHat == null ? null : bHat.clone();
    }

    /**
     * Creates and validates a tableau with explicitly given nodes, checking that each row of {@code a} sums
     * to its node.
     *
     * @throws IllegalArgumentException if a node differs from its row sum, or the tableau is otherwise
     *                                  inconsistent
     */
    public static ButcherTableau withNodes(String name, int order, double[] c, double[][] a, double[] b,
                                           double[] bHat) {
        ButcherTableau t = new ButcherTableau(name, order, a, b, bHat);
        if (c == null || c.length != t.stages()) {
            throw new IllegalArgumentException("Butcher tableau " + name + ": c must have one node per stage ("
                    + t.stages() + ") but was " + (c == null ? "null" : c.length));
        }
        for (int i = 0; i < c.length; i++) {
            if (Math.abs(c[i] - t.c[i]) > CONSISTENCY_TOLERANCE) {
                throw new IllegalArgumentException("Butcher tableau " + name + ": row " + i
                        + " of a sums to " + t.c[i] + " but its node c[" + i + "] is " + c[i]
                        + "; each row must sum to its node");
            }
        }
        return t;
    }

    private static void checkWeights(String name, String label, double[] w, int stages) {
        if (w.length != stages) {
            throw new IllegalArgumentException("Butcher tableau " + name + ": " + label + " has " + w.length
                    + " weights but the method has " + stages + " stages");
        }
        double s = sum(w);
        if (Math.abs(s - 1) > CONSISTENCY_TOLERANCE) {
            throw new IllegalArgumentException("Butcher tableau " + name + ": the weights " + label
                    + " must sum to 1 but sum to " + s);
        }
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }

    /** @return the name given at construction */
    public String name() {
        return name;
    }

    /** @return the order of the solution given by the weights {@code b} */
    public int order() {
        return order;
    }

    /** @return the number of stages, i.e. evaluations of the vector field per step */
    public int stages() {
        return b.length;
    }

    /** @return a copy of row {@code i} of the stage matrix (length {@code i}) */
    public double[] a(int i) {
        return a[i].clone();
    }

    /** @return a copy of the weights of the solution */
    public double[] b() {
        return b.clone();
    }

    /** @return a copy of the weights of the embedded solution, or null if the method has none */
    public double[] bHat() {
        return bHat == null ? null : bHat.clone();
    }

    /** @return a copy of the nodes: {@code c[i]} is the sum of row {@code i} of the stage matrix */
    public double[] c() {
        return c.clone();
    }

    /** @return true if the method has embedded weights for error estimation */
    public boolean hasEmbedded() {
        return bHat != null;
    }

    /**
     * @return true if the last stage is evaluated at the new solution (its row of {@code a} equals {@code b}),
     *         so that an adaptive integrator can reuse it as the first stage of the next step
     */
    public boolean isFirstSameAsLast() {
        int last = stages() - 1;
        if (last == 0 || b[last] != 0) {
            return false;
        }
        for (int j = 0; j < last; j++) {
            if (a[last][j] != b[j]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name + " (order " + order + ", " + stages() + " stages)";
    }
}
