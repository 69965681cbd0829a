package io.github.dl4jnrn.wiring;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

import java.util.Objects;
import java.util.SplittableRandom;

/**
 * The neural circuit policy (NCP) layout: sensory inputs -&gt; inter neurons -&gt; command neurons (with
 * recurrent synapses among them) -&gt; motor neurons, with no other synapses. Neurons are numbered motor first
 * (so the layer's outputs are the motor neurons), then command, then inter:
 * <pre>
 *   motor    0 .. motor-1
 *   command  motor .. motor+command-1
 *   inter    motor+command .. units-1        units = inter + command + motor
 * </pre>
 * The synapses are drawn by a generator seeded with {@link #getSeed() seed}, in this order:
 * <ol>
 *   <li>each input reaches {@code sensoryFanout} distinct inter neurons; then every inter neuron that no
 *       input reaches gets one synapse from a randomly chosen input;</li>
 *   <li>each inter neuron reaches {@code interFanout} distinct command neurons; then every command neuron
 *       that no inter neuron reaches gets one synapse from a randomly chosen inter neuron;</li>
 *   <li>{@code recurrentCommandSynapses} distinct synapses among the command neurons (self-synapses
 *       included), chosen uniformly from the {@code command x command} possible ones;</li>
 *   <li>each motor neuron receives synapses from {@code motorFanin} distinct command neurons.</li>
 * </ol>
 * Each synapse is excitatory with probability 2/3 and inhibitory otherwise. So every inter, command and motor
 * neuron receives at least one synapse. The same seed always gives the same wiring. {@link AutoNcpWiring}
 * derives the counts from the number of neurons, outputs and a sparsity level.
 *
 * <pre>{@code
 * new NcpWiring.Builder().interNeurons(6).commandNeurons(4).motorNeurons(2)
 *         .sensoryFanout(3).interFanout(2).recurrentCommandSynapses(4).motorFanin(3).seed(7).build()
 * }</pre>
 */
public final class NcpWiring implements Wiring {

    private static final long serialVersionUID = 1L;

    private final int interNeurons;
    private final int commandNeurons;
    private final int motorNeurons;
    private final int sensoryFanout;
    private final int interFanout;
    private final int recurrentCommandSynapses;
    private final int motorFanin;
    private final long seed;

    /**
     * @param interNeurons             inter neurons, at least 1
     * @param commandNeurons           command neurons, at least 1
     * @param motorNeurons             motor neurons (the layer's {@code nOut}), at least 1
     * @param sensoryFanout            inter neurons each input reaches, in {@code [1, interNeurons]}
     * @param interFanout              command neurons each inter neuron reaches, in {@code [1, commandNeurons]}
     * @param recurrentCommandSynapses synapses among command neurons, in {@code [0, commandNeurons^2]}
     * @param motorFanin               command neurons each motor neuron hears, in {@code [1, commandNeurons]}
     * @param seed                     seed of the draw
     * @throws IllegalArgumentException naming the count that breaks its rule
     */
    @JsonCreator
    public NcpWiring(@JsonProperty("interNeurons") int interNeurons,
                     @JsonProperty("commandNeurons") int commandNeurons,
                     @JsonProperty("motorNeurons") int motorNeurons,
                     @JsonProperty("sensoryFanout") int sensoryFanout,
                     @JsonProperty("interFanout") int interFanout,
                     @JsonProperty("recurrentCommandSynapses") int recurrentCommandSynapses,
                     @JsonProperty("motorFanin") int motorFanin,
                     @JsonProperty("seed") long seed) {
        atLeastOne("interNeurons", interNeurons);
        atLeastOne("commandNeurons", commandNeurons);
        atLeastOne("motorNeurons", motorNeurons);
        within("sensoryFanout", sensoryFanout, 1, interNeurons, "interNeurons");
        within("interFanout", interFanout, 1, commandNeurons, "commandNeurons");
        within("recurrentCommandSynapses", recurrentCommandSynapses, 0, commandNeurons * commandNeurons,
                "commandNeurons squared");
        within("motorFanin", motorFanin, 1, commandNeurons, "commandNeurons");
        this.interNeurons = interNeurons;
        this.commandNeurons = commandNeurons;
        this.motorNeurons = motorNeurons;
        this.sensoryFanout = sensoryFanout;
        this.interFanout = interFanout;
        this.recurrentCommandSynapses = recurrentCommandSynapses;
        this.motorFanin = motorFanin;
        this.seed = seed;
    }

    private static void atLeastOne(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("NCP wiring: " + name + " must be at least 1 but was " + value);
        }
    }

    private static void within(String name, int value, int lo, int hi, String hiName) {
        if (value < lo || value > hi) {
            throw new IllegalArgumentException("NCP wiring: " + name + " must be between " + lo + " and "
                    + hiName + " (" + hi + ") but was " + value);
        }
    }

    /** @return the number of neurons, {@code inter + command + motor} */
    public int units() {
        return interNeurons + commandNeurons + motorNeurons;
    }

    @Override
    public Synapses build(int inputs, int units) {
        if (inputs < 1) {
            throw new IllegalArgumentException("NCP wiring: inputs must be at least 1 but was " + inputs);
        }
        checkUnits(units);
        SplittableRandom random = new SplittableRandom(seed);
        int[][] sensory = new int[inputs][units];
        int[][] recurrent = new int[units][units];
        int motor0 = 0;
        int command0 = motorNeurons;
        int inter0 = motorNeurons + commandNeurons;

        // sensory -> inter
        for (int k = 0; k < inputs; k++) {
            for (int i : Polarities.choose(interNeurons, sensoryFanout, random)) {
                sensory[k][inter0 + i] = Polarities.draw(random);
            }
        }
        for (int i = 0; i < interNeurons; i++) {
            if (!reached(sensory, inter0 + i)) {
                sensory[random.nextInt(inputs)][inter0 + i] = Polarities.draw(random);
            }
        }

        // inter -> command
        for (int i = 0; i < interNeurons; i++) {
            for (int c : Polarities.choose(commandNeurons, interFanout, random)) {
                recurrent[inter0 + i][command0 + c] = Polarities.draw(random);
            }
        }
        for (int c = 0; c < commandNeurons; c++) {
            if (!reached(recurrent, command0 + c)) {
                recurrent[inter0 + random.nextInt(interNeurons)][command0 + c] = Polarities.draw(random);
            }
        }

        // command -> command
        for (int pair : Polarities.choose(commandNeurons * commandNeurons, recurrentCommandSynapses, random)) {
            recurrent[command0 + pair / commandNeurons][command0 + pair % commandNeurons] = Polarities.draw(random);
        }

        // command -> motor
        for (int m = 0; m < motorNeurons; m++) {
            for (int c : Polarities.choose(commandNeurons, motorFanin, random)) {
                recurrent[command0 + c][motor0 + m] = Polarities.draw(random);
            }
        }
        return new Synapses(sensory, recurrent);
    }

    private static boolean reached(int[][] m, int target) {
        for (int[] row : m) {
            if (row[target] != 0) {
                return true;
            }
        }
        return false;
    }

    private void checkUnits(int units) {
        if (units != units()) {
            throw new IllegalArgumentException("NCP wiring: units must be inter + command + motor neurons ("
                    + interNeurons + " + " + commandNeurons + " + " + motorNeurons + " = " + units() + ") but was "
                    + units);
        }
    }

    /**
     * @return motor neurons first, then command, then inter neurons
     * @throws IllegalArgumentException if {@code units} is not {@code inter + command + motor} or {@code outputs}
     *                                  is not the number of motor neurons
     */
    @Override
    public NeuronRole[] roles(int units, int outputs) {
        checkUnits(units);
        if (outputs != motorNeurons) {
            throw new IllegalArgumentException("NCP wiring: nOut must equal the number of motor neurons ("
                    + motorNeurons + ") but was " + outputs);
        }
        NeuronRole[] roles = new NeuronRole[units];
        for (int i = 0; i < units; i++) {
            roles[i] = i < motorNeurons ? NeuronRole.MOTOR
                    : i < motorNeurons + commandNeurons ? NeuronRole.COMMAND : NeuronRole.INTER;
        }
        return roles;
    }

    /** @return the number of inter neurons */
    public int getInterNeurons() {
        return interNeurons;
    }

    /** @return the number of command neurons */
    public int getCommandNeurons() {
        return commandNeurons;
    }

    /** @return the number of motor neurons */
    public int getMotorNeurons() {
        return motorNeurons;
    }

    /** @return inter neurons each input reaches */
    public int getSensoryFanout() {
        return sensoryFanout;
    }

    /** @return command neurons each inter neuron reaches */
    public int getInterFanout() {
        return interFanout;
    }

    /** @return synapses among the command neurons */
    public int getRecurrentCommandSynapses() {
        return recurrentCommandSynapses;
    }

    /** @return command neurons each motor neuron hears */
    public int getMotorFanin() {
        return motorFanin;
    }

    /** @return seed of the draw */
    public long getSeed() {
        return seed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NcpWiring w && w.interNeurons == interNeurons && w.commandNeurons == commandNeurons
                && w.motorNeurons == motorNeurons && w.sensoryFanout == sensoryFanout
                && w.interFanout == interFanout && w.recurrentCommandSynapses == recurrentCommandSynapses
                && w.motorFanin == motorFanin && w.seed == seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(interNeurons, commandNeurons, motorNeurons, sensoryFanout, interFanout,
                recurrentCommandSynapses, motorFanin, seed);
    }

    @Override
    public String toString() {
        return "NcpWiring(inter=" + interNeurons + ", command=" + commandNeurons + ", motor=" + motorNeurons
                + ", sensoryFanout=" + sensoryFanout + ", interFanout=" + interFanout
                + ", recurrentCommandSynapses=" + recurrentCommandSynapses + ", motorFanin=" + motorFanin
                + ", seed=" + seed + ")";
    }

    /** Builder of {@link NcpWiring}; every count is required, the seed defaults to 1111. */
    public static final class Builder {

        private int interNeurons;
        private int commandNeurons;
        private int motorNeurons;
        private int sensoryFanout;
        private int interFanout;
        private int recurrentCommandSynapses;
        private int motorFanin;
        private long seed = FullyConnectedWiring.DEFAULT_SEED;

        /** @param n inter neurons, at least 1 */
        public Builder interNeurons(int n) {
            this.interNeurons = n;
            return this;
        }

        /** @param n command neurons, at least 1 */
        public Builder commandNeurons(int n) {
            this.commandNeurons = n;
            return this;
        }

        /** @param n motor neurons (the layer's nOut), at least 1 */
        public Builder motorNeurons(int n) {
            this.motorNeurons = n;
            return this;
        }

        /** @param n inter neurons each input reaches, in {@code [1, interNeurons]} */
        public Builder sensoryFanout(int n) {
            this.sensoryFanout = n;
            return this;
        }

        /** @param n command neurons each inter neuron reaches, in {@code [1, commandNeurons]} */
        public Builder interFanout(int n) {
            this.interFanout = n;
            return this;
        }

        /** @param n synapses among command neurons, in {@code [0, commandNeurons^2]} */
        public Builder recurrentCommandSynapses(int n) {
            this.recurrentCommandSynapses = n;
            return this;
        }

        /** @param n command neurons each motor neuron hears, in {@code [1, commandNeurons]} */
        public Builder motorFanin(int n) {
            this.motorFanin = n;
            return this;
        }

        /** @param seed seed of the draw */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * @return the wiring
         * @throws IllegalArgumentException naming the count that breaks its rule
         */
        public NcpWiring build() {
            return new NcpWiring(interNeurons, commandNeurons, motorNeurons, sensoryFanout, interFanout,
                    recurrentCommandSynapses, motorFanin, seed);
        }
    }
}
