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
}
