package io.github.dl4jnrn.wiring;

import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * A wiring given explicitly by the user as sensory (inputs x units) and recurrent (units x units) matrices
 * with entries -1 (inhibitory synapse), 0 (none) and +1 (excitatory synapse).
 */
public final class AdjacencyWiring implements Wiring {

    private static final long serialVersionUID = 1L;

    private final Synapses synapses;

    /**
     * @param sensory   inputs x units polarities
     * @param recurrent units x units polarities
     * @throws IllegalArgumentException if the matrices are ragged, disagree in size or hold other values
     */
    @JsonCreator
    public AdjacencyWiring(@JsonProperty("sensory") int[][] sensory, @JsonProperty("recurrent") int[][] recurrent) {
        this.synapses = new Synapses(sensory, recurrent);
    }

    /** @return a copy of the sensory polarities */
    public int[][] getSensory() {
        return synapses.sensoryMatrix();
    }

    /** @return a copy of the recurrent polarities */
    public int[][] getRecurrent() {
        return synapses.recurrentMatrix();
    }

    @Override
    public Synapses build(int inputs, int units) {
        if (inputs != synapses.inputs() || units != synapses.units()) {
            throw new IllegalArgumentException("adjacency wiring: given for " + synapses.inputs() + " inputs and "
                    + synapses.units() + " neurons but the layer has " + inputs + " inputs and " + units + " neurons");
        }
        return synapses;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdjacencyWiring w && w.synapses.equals(synapses);
    }

    @Override
    public int hashCode() {
        return synapses.hashCode();
    }

    @Override
    public String toString() {
        return "AdjacencyWiring(" + synapses + ")";
    }
}
