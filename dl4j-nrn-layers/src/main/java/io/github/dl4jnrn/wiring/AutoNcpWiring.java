package io.github.dl4jnrn.wiring;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;

/**
 * A {@link NcpWiring neural circuit policy} whose counts are derived from the number of neurons, of outputs
 * and a sparsity level. With {@code density = 1 - sparsity} and {@code hidden = units - outputs}:
 * <pre>
 *   motor                    = outputs
 *   command                  = max(1, floor(0.4 hidden))
 *   inter                    = hidden - command
 *   sensoryFanout            = max(1, floor(density inter))
 *   interFanout              = max(1, floor(density command))
 *   recurrentCommandSynapses = min(command^2, max(1, floor(2 density command)))
 *   motorFanin               = max(1, floor(density command))
 * </pre>
 * The motor neurons are the first {@code outputs} neurons, as the layer's outputs require. The same seed
 * always gives the same wiring.
 */
public final class AutoNcpWiring implements Wiring {

    private static final long serialVersionUID = 1L;

    private final int units;
    private final int outputs;
    private final double sparsity;
    private final long seed;
    private final transient NcpWiring ncp;

    /**
     * @param units    neurons in total, at least {@code outputs + 2} (one inter and one command neuron)
     * @param outputs  motor neurons (the layer's {@code nOut}), at least 1
     * @param sparsity fraction of the layout's possible synapses left out, in {@code [0, 1)}
     * @param seed     seed of the draw
     * @throws IllegalArgumentException naming the setting that breaks its rule
     */
    @JsonCreator
    public AutoNcpWiring(@JsonProperty("units") int units, @JsonProperty("outputs") int outputs,
                         @JsonProperty("sparsity") double sparsity, @JsonProperty("seed") long seed) {
        if (outputs < 1) {
            throw new IllegalArgumentException("auto NCP wiring: outputs must be at least 1 but was " + outputs);
        }
        if (units < outputs + 2) {
            throw new IllegalArgumentException("auto NCP wiring: units must be at least outputs + 2 (" + (outputs + 2)
                    + ": one inter and one command neuron besides the motor neurons) but was " + units);
        }
        if (!(sparsity >= 0 && sparsity < 1)) {
            throw new IllegalArgumentException("auto NCP wiring: sparsity must be in [0, 1) but was " + sparsity);
        }
        this.units = units;
        this.outputs = outputs;
        this.sparsity = sparsity;
        this.seed = seed;
        this.ncp = derive();
    }

    private NcpWiring derive() {
        double density = 1 - sparsity;
        int hidden = units - outputs;
        int command = Math.max(1, (int) Math.floor(0.4 * hidden));
        int inter = hidden - command;
        int fanToCommand = Math.max(1, (int) Math.floor(density * command));
        int recurrentCommand = Math.min(command * command, Math.max(1, (int) Math.floor(2 * density * command)));
        return new NcpWiring(inter, command, outputs, Math.max(1, (int) Math.floor(density * inter)), fanToCommand,
                recurrentCommand, fanToCommand, seed);
    }

    /** @return the explicit NCP wiring with the derived counts */
    public NcpWiring ncp() {
        return ncp == null ? derive() : ncp;
    }

    @Override
    public Synapses build(int inputs, int units) {
        return ncp().build(inputs, units);
    }

    @Override
    public NeuronRole[] roles(int units, int outputs) {
        return ncp().roles(units, outputs);
    }

    /** @return neurons in total */
    public int getUnits() {
        return units;
    }

    /** @return motor neurons */
    public int getOutputs() {
        return outputs;
    }

    /** @return fraction of the layout's possible synapses left out */
    public double getSparsity() {
        return sparsity;
    }

    /** @return seed of the draw */
    public long getSeed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AutoNcpWiring w && w.units == units && w.outputs == outputs && w.sparsity == sparsity
                && w.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(units, outputs, sparsity, seed);
    }

    @Override
    public String toString() {
        return "AutoNcpWiring(units=" + units + ", outputs=" + outputs + ", sparsity=" + sparsity + ", seed=" + seed
                + ")";
    }
}
