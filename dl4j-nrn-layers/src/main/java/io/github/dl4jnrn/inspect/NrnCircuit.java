package io.github.dl4jnrn.inspect;

import io.github.dl4jnrn.cell.NrnCell;
import io.github.dl4jnrn.cell.NrnParameters;
import io.github.dl4jnrn.layer.NrnLayer;
import io.github.dl4jnrn.wiring.NeuronRole;
import io.github.dl4jnrn.wiring.Synapses;
import org.deeplearning4j.nn.api.Layer;

import java.util.Arrays;

/**
 * An NRN circuit to inspect: the parameters as the cell uses them, which synapses exist, and each neuron's
 * role. Comes from a trained layer ({@link #of(Layer)}) or is built by hand ({@link Builder}).
 *
 * @param parameters the parameters (absent synapses at weight zero)
 * @param synapses   which synapses exist, with the polarities they started from
 * @param roles      the role of each neuron (the first {@code outputs} are motor neurons)
 */
public record NrnCircuit(NrnParameters parameters, Synapses synapses, NeuronRole[] roles) {

    /**
     * @throws IllegalArgumentException if the sizes of the parameters, synapses and roles disagree
     */
    public NrnCircuit {
        if (synapses.inputs() != parameters.inputs() || synapses.units() != parameters.units()
                || roles.length != parameters.units()) {
            throw new IllegalArgumentException("circuit: parameters for " + parameters.inputs() + " inputs and "
                    + parameters.units() + " neurons, synapses for " + synapses.inputs() + " and " + synapses.units()
                    + ", roles for " + roles.length + " neurons");
        }
        roles = roles.clone();
    }

    /**
     * The circuit of a trained NRN layer of a network.
     *
     * @param layer a runtime layer whose configuration is an {@link NrnLayer}
     * @return its circuit with the current parameters
     * @throws IllegalArgumentException if the layer is not an NRN layer
     */
    public static NrnCircuit of(Layer layer) {
        if (!(layer.conf().getLayer() instanceof NrnLayer conf)) {
            throw new IllegalArgumentException("circuit: layer " + layer.getIndex() + " is a "
                    + layer.conf().getLayer().getClass().getSimpleName() + ", not an NrnLayer");
        }
        return new NrnCircuit(conf.plainCell(layer.paramTable()).parameters(), conf.synapses(), conf.roles());
    }

    /** @return the plain cell of this circuit */
    public NrnCell cell() {
        return new NrnCell(parameters);
    }

    /** @return the number of neurons */
    public int units() {
        return parameters.units();
    }

    /** @return the number of sensory inputs */
    public int inputs() {
        return parameters.inputs();
    }

    /** @return the role of each neuron (a copy) */
    @Override
    public NeuronRole[] roles() {
        return roles.clone();
    }

    /**
     * Builds a circuit by hand. Defaults: identity input and output maps, every neuron with leak conductance
     * 1, leak potential 0 and capacitance 1, no synapses, the first {@code outputs} neurons motor and the others
     * inter neurons. A synapse's recorded polarity is +1 if its reversal potential is at least the target's
     * leak potential at the time it is added, else -1.
     */
    public static final class Builder {

        private final int inputs;
        private final int units;
        private final int outputs;
        private final Family sensory;
        private final Family recurrent;
        private final double[] leakConductance;
        private final double[] leakPotential;
        private final double[] capacitance;
        private final NeuronRole[] roles;

        /** The parameters of one family of synapses (sensory or between neurons), {@code [source][target]}. */
        private static final class Family {
            final double[][] weight;
            final double[][] steepness;
            final double[][] midpoint;
            final double[][] reversal;
            final int[][] polarity;

            Family(int sources, int targets) {
                weight = new double[sources][targets];
                steepness = new double[sources][targets];
                midpoint = new double[sources][targets];
                reversal = new double[sources][targets];
                polarity = new int[sources][targets];
            }

            void set(int source, int target, double w, double sigma, double mu, double e, double targetLeak) {
                weight[source][target] = w;
                steepness[source][target] = sigma;
                midpoint[source][target] = mu;
                reversal[source][target] = e;
                polarity[source][target] = e >= targetLeak ? 1 : -1;
            }
        }

        /**
         * @param inputs  sensory inputs, at least 1
         * @param units   neurons, at least 1
         * @param outputs motor neurons (the first ones), between 1 and {@code units}
         * @throws IllegalArgumentException if a size breaks its rule
         */
        public Builder(int inputs, int units, int outputs) {
            if (inputs < 1 || units < 1 || outputs < 1 || outputs > units) {
                throw new IllegalArgumentException("circuit: inputs and units must be at least 1 and outputs between"
                        + " 1 and units but were " + inputs + ", " + units + " and " + outputs);
            }
            this.inputs = inputs;
            this.units = units;
            this.outputs = outputs;
            sensory = new Family(inputs, units);
            recurrent = new Family(units, units);
            leakConductance = new double[units];
            leakPotential = new double[units];
            capacitance = new double[units];
            Arrays.fill(leakConductance, 1);
            Arrays.fill(capacitance, 1);
            roles = new NeuronRole[units];
            for (int i = 0; i < units; i++) {
                roles[i] = i < outputs ? NeuronRole.MOTOR : NeuronRole.INTER;
            }
        }

        private void checkNeuron(int i) {
            if (i < 0 || i >= units) {
                throw new IllegalArgumentException("circuit: neuron must be in [0, " + units + ") but was " + i);
            }
        }

        /**
         * @param neuron      the neuron
         * @param conductance leak conductance gL, non-negative
         * @param potential   leak potential eL
         * @param capacity    membrane capacitance C, positive
         */
        public Builder leak(int neuron, double conductance, double potential, double capacity) {
            checkNeuron(neuron);
            if (!(conductance >= 0) || !(capacity > 0)) {
                throw new IllegalArgumentException("circuit: leak conductance must be non-negative and capacitance"
                        + " positive but were " + conductance + " and " + capacity + " for neuron " + neuron);
            }
            leakConductance[neuron] = conductance;
            leakPotential[neuron] = potential;
            capacitance[neuron] = capacity;
            return this;
        }

        /**
         * Adds (or replaces) the sensory synapse from input {@code input} to {@code neuron}.
         *
         * @param weight    maximal conductance w', positive
         * @param steepness sigmoid steepness sigma'
         * @param midpoint  sigmoid midpoint mu'
         * @param reversal  reversal potential E'
         */
        public Builder sensory(int input, int neuron, double weight, double steepness, double midpoint,
                               double reversal) {
            checkNeuron(neuron);
            if (input < 0 || input >= inputs) {
                throw new IllegalArgumentException("circuit: input must be in [0, " + inputs + ") but was " + input);
            }
            checkWeight(weight);
            sensory.set(input, neuron, weight, steepness, midpoint, reversal, leakPotential[neuron]);
            return this;
        }

        /**
         * Adds (or replaces) the synapse from neuron {@code source} to neuron {@code target}.
         *
         * @param weight    maximal conductance w, positive
         * @param steepness sigmoid steepness sigma
         * @param midpoint  sigmoid midpoint mu
         * @param reversal  reversal potential E
         */
        public Builder synapse(int source, int target, double weight, double steepness, double midpoint,
                               double reversal) {
            checkNeuron(source);
            checkNeuron(target);
            checkWeight(weight);
            recurrent.set(source, target, weight, steepness, midpoint, reversal, leakPotential[target]);
            return this;
        }

        private static void checkWeight(double weight) {
            if (!(weight > 0)) {
                throw new IllegalArgumentException("circuit: a synapse's weight must be positive but was " + weight);
            }
        }

        /**
         * Sets the role of a neuron after the motor neurons (for diagrams).
         *
         * @param neuron a neuron after the first {@code outputs}
         * @param role   {@link NeuronRole#INTER} or {@link NeuronRole#COMMAND}
         */
        public Builder role(int neuron, NeuronRole role) {
            checkNeuron(neuron);
            if (neuron < outputs || role == NeuronRole.MOTOR || role == NeuronRole.SENSORY) {
                throw new IllegalArgumentException("circuit: the first " + outputs + " neurons are the motor neurons"
                        + " and no neuron is sensory; cannot make neuron " + neuron + " " + role);
            }
            roles[neuron] = role;
            return this;
        }

        /** @return the circuit */
        public NrnCircuit build() {
            double[] ones = new double[inputs];
            Arrays.fill(ones, 1);
            double[] outputOnes = new double[outputs];
            Arrays.fill(outputOnes, 1);
            NrnParameters p = new NrnParameters(ones, new double[inputs],
                    copy(sensory.weight), copy(sensory.steepness), copy(sensory.midpoint), copy(sensory.reversal),
                    copy(recurrent.weight), copy(recurrent.steepness), copy(recurrent.midpoint),
                    copy(recurrent.reversal),
                    leakConductance.clone(), leakPotential.clone(), capacitance.clone(),
                    outputOnes, new double[outputs]);
            return new NrnCircuit(p, new Synapses(sensory.polarity, recurrent.polarity), roles);
        }

        private static double[][] copy(double[][] m) {
            double[][] out = new double[m.length][];
            for (int r = 0; r < m.length; r++) {
                out[r] = m[r].clone();
            }
            return out;
        }
    }
}
