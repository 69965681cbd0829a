package io.github.dl4jnrn.solver;

/** Test problems with exact solutions. */
final class Problems {

    private Problems() {
    }

    /** x' = -x, split as gain 0, rate 1; x(t) = x0 e^-t. */
    static SplitVectorField<double[]> decay() {
        return split(x -> new double[] {0}, x -> new double[] {1});
    }

    /** Logistic growth x' = x (1 - x), split as gain x, rate x; x(t) = 1 / (1 + (1/x0 - 1) e^-t). */
    static SplitVectorField<double[]> logistic() {
        return split(x -> new double[] {x[0]}, x -> new double[] {x[0]});
    }

    static double logisticExact(double x0, double t) {
        return 1 / (1 + (1 / x0 - 1) * Math.exp(-t));
    }

    /** x' = -lambda x, split as gain 0, rate lambda. */
    static SplitVectorField<double[]> stiffDecay(double lambda) {
        return split(x -> new double[] {0}, x -> new double[] {lambda});
    }

    static SplitVectorField<double[]> split(VectorField<double[]> gain, VectorField<double[]> rate) {
        return new SplitVectorField<>() {
            @Override
            public double[] gain(double[] state) {
                return gain.derivative(state);
            }

            @Override
            public double[] rate(double[] state) {
                return rate.derivative(state);
            }

            @Override
            public double[] derivative(double[] state) {
                double[] g = gain(state);
                double[] r = rate(state);
                double[] d = new double[state.length];
                for (int i = 0; i < d.length; i++) {
                    d[i] = g[i] - r[i] * state[i];
                }
                return d;
            }
        };
    }
}
