package io.github.dl4jnrn.inspect;

/**
 * The interval of potentials each neuron works in, against which a synapse's reversal potential tells whether
 * it excites or inhibits its target. From a run ({@link NeuronTimeCourse#operatingRange()}) or, without one,
 * the resting point {@link #resting(NrnCircuit)}.
 *
 * @param low  lowest potential of each neuron
 * @param high highest potential of each neuron, at least {@code low}
 */
public record OperatingRange(double[] low, double[] high) {

    /**
     * @throws IllegalArgumentException if the arrays differ in length or a low end lies above its high end
     */
    public OperatingRange {
        if (low.length != high.length) {
            throw new IllegalArgumentException("operating range: " + low.length + " low and " + high.length
                    + " high ends");
        }
        for (int i = 0; i < low.length; i++) {
            if (!(low[i] <= high[i])) {
                throw new IllegalArgumentException("operating range: low end " + low[i] + " of neuron " + i
                        + " must not exceed its high end " + high[i]);
            }
        }
        low = low.clone();
        high = high.clone();
    }

    /** @return the range made of each neuron's leak potential alone, for circuits not run yet */
    public static OperatingRange resting(NrnCircuit circuit) {
        double[] e = circuit.parameters().leakPotential();
        return new OperatingRange(e, e);
    }

    /** @return the midpoint of a neuron's range */
    public double middle(int neuron) {
        return (low[neuron] + high[neuron]) / 2;
    }

    @Override
    public double[] low() {
        return low.clone();
    }

    @Override
    public double[] high() {
        return high.clone();
    }

    /** @return the low end of a neuron's range */
    public double lowOf(int neuron) {
        return low[neuron];
    }

    /** @return the high end of a neuron's range */
    public double highOf(int neuron) {
        return high[neuron];
    }
}
