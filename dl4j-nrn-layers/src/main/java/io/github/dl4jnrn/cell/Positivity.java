package io.github.dl4jnrn.cell;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * How a cell keeps its positive parameters (capacitances, conductances, synaptic weights, time constants)
 * positive.
 *
 * <ul>
 *   <li>{@link #SOFTPLUS}: the network stores an unconstrained value {@code r} and the cell uses
 *       {@code softplus(r) = log(1 + e^r)}. Smooth; every stored value is valid.</li>
 *   <li>{@link #CLIP}: the cell uses the stored value as it is, and the layer clips it to its lower bound
 *       after each parameter update. The stored value is the physical one, which makes trained networks
 *       direct to read.</li>
 * </ul>
 */
public enum Positivity {

    /** Positive values through the softplus of an unconstrained stored value. */
    SOFTPLUS {
        @Override
        public double apply(double stored) {
            // log(1 + e^r) without overflow for large r
            return stored > 30 ? stored : Math.log1p(Math.exp(stored));
        }

        @Override
        public double store(double value) {
            if (!(value > 0)) {
                throw new IllegalArgumentException("softplus can only represent positive values but got " + value);
            }
            // inverse of softplus: log(e^v - 1)
            return value > 30 ? value : Math.log(Math.expm1(value));
        }

        @Override
        public SDVariable apply(SDVariable stored) {
            return stored.getSameDiff().nn.softplus(stored);
        }
    },

    /** Stored values used as they are and clipped to their lower bound after each update. */
    CLIP {
        @Override
        public double apply(double stored) {
            return stored;
        }

        @Override
        public double store(double value) {
            return value;
        }

        @Override
        public SDVariable apply(SDVariable stored) {
            return stored;
        }
    };

    /**
     * @param stored a stored parameter value
     * @return the value the cell uses
     */
    public abstract double apply(double stored);

    /**
     * @param value a value the cell should use
     * @return the stored value that represents it
     */
    public abstract double store(double value);

    /**
     * @param stored a stored parameter in a SameDiff graph
     * @return the value the cell uses, as a graph variable
     */
    public abstract SDVariable apply(SDVariable stored);
}
