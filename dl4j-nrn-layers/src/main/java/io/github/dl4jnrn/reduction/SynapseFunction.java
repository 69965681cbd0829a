package io.github.dl4jnrn.reduction;

/**
 * The graded nonlinearity of a synapse in a {@link SynapticParameters synaptic network}: the two are related by
 * {@code tanh(z) = 2 sigmoid(2 z) - 1}, which {@link Reductions#sigmoidForm} and {@link Reductions#tanhForm} use.
 */
public enum SynapseFunction {

    /** The hyperbolic tangent, range (-1, 1). */
    TANH {
        @Override
        public double value(double z) {
            return Math.tanh(z);
        }
    },
    /** The logistic sigmoid {@code 1 / (1 + e^-z)}, range (0, 1): the NRN's synapse. */
    SIGMOID {
        @Override
        public double value(double z) {
            return 1 / (1 + Math.exp(-z));
        }
    };

    /**
     * @param z the argument
     * @return the function's value at {@code z}
     */
    public abstract double value(double z);
}
