package io.github.dl4jnrn.solver;

import java.util.List;

/**
 * {@link StateAlgebra} on plain {@code double[]} states with a fixed step size. Arrays passed in are never
 * modified; every result is a new array.
 */
public final class DoubleArrayAlgebra implements StateAlgebra<double[]> {

    private final double h;

    /**
     * @param stepSize the step size {@code h}, finite and non-negative
     * @throws IllegalArgumentException if the step size is negative or not finite
     */
    public DoubleArrayAlgebra(double stepSize) {
        if (!(stepSize >= 0) || Double.isInfinite(stepSize)) {
            throw new IllegalArgumentException("step size must be finite and non-negative but was " + stepSize);
        }
        this.h = stepSize;
    }

    /** @return the step size {@code h} */
    public double stepSize() {
        return h;
    }

    @Override
    public double[] increment(double[] y, double[] weights, List<double[]> slopes) {
        double[] out = y.clone();
        for (int j = 0; j < weights.length; j++) {
            if (weights[j] == 0) {
                continue;
            }
            double hw = h * weights[j];
            double[] k = slopes.get(j);
            for (int i = 0; i < out.length; i++) {
                out[i] += hw * k[i];
            }
        }
        return out;
    }

    @Override
    public double[] semiImplicit(double[] y, double[] gain, double[] rate) {
        double[] out = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            out[i] = (y[i] + h * gain[i]) / (1 + h * rate[i]);
        }
        return out;
    }
}
