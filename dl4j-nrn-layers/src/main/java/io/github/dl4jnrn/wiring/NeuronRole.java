package io.github.dl4jnrn.wiring;

/**
 * The part a node plays in a circuit, for inspection and diagrams. {@link #SENSORY} marks the layer's inputs
 * (which act as the potentials of sensory neurons); every neuron of the layer is {@link #INTER},
 * {@link #COMMAND} or {@link #MOTOR}. The motor neurons are always the first {@code nOut} neurons, because the
 * layer's outputs are read from them.
 */
public enum NeuronRole {
    /** An input of the layer, acting as a sensory neuron's potential. */
    SENSORY,
    /** A neuron between the inputs and the command neurons (in wirings without layers: any non-motor neuron). */
    INTER,
    /** A neuron of the recurrent command layer of a neural circuit policy, feeding the motor neurons. */
    COMMAND,
    /** An output neuron: one of the first {@code nOut} neurons. */
    MOTOR
}
