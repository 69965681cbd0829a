package io.github.dl4jnrn.wiring;

import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

import java.io.Serializable;

/**
 * Which synapses a network has and their polarities, as an immutable, serialisable recipe that is built
 * once the number of inputs is known (it may be inferred from the network's input type).
 *
 * <p>Implementations must be deterministic: the same wiring built for the same sizes always gives the
 * same {@link Synapses}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public interface Wiring extends Serializable {

    /**
     * @param inputs the number of sensory inputs, at least 1
     * @param units  the number of neurons, at least 1
     * @return the synapses and their polarities
     * @throws IllegalArgumentException if this wiring cannot be built for these sizes
     */
    Synapses build(int inputs, int units);

    /**
     * The role of each neuron, for inspection and diagrams. By default the first {@code outputs} neurons are
     * {@link NeuronRole#MOTOR motor} neurons and the others {@link NeuronRole#INTER inter} neurons; wirings with
     * layers say more.
     *
     * @param units   the number of neurons
     * @param outputs the number of outputs ({@code nOut}), between 1 and {@code units}
     * @return the role of each neuron, length {@code units}
     * @throws IllegalArgumentException if this wiring cannot have these sizes
     */
    default NeuronRole[] roles(int units, int outputs) {
        return Polarities.motorFirst(units, outputs);
    }
}
