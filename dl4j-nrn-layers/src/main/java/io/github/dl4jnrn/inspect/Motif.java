package io.github.dl4jnrn.inspect;

import java.util.List;

/**
 * One motif found in a circuit.
 *
 * @param kind           the motif
 * @param neurons        the neurons that form it: source then target for activation and inhibition, the chain
 *                       in order for sequentialization, the pair for mutual exclusion, the group (ascending) for
 *                       synchronization, the neuron for a latch
 * @param drivingNeurons neurons outside the motif that drive it (the other drives of a mutual-exclusion pair,
 *                       the shared driver of a synchronised group), else empty
 * @param drivingInputs  inputs that drive it, likewise, else empty
 */
public record Motif(MotifKind kind, List<Integer> neurons, List<Integer> drivingNeurons,
                    List<Integer> drivingInputs) {

    /** Copies the lists. */
    public Motif {
        neurons = List.copyOf(neurons);
        drivingNeurons = List.copyOf(drivingNeurons);
        drivingInputs = List.copyOf(drivingInputs);
    }

    /** @return a motif without drivers */
    public static Motif of(MotifKind kind, Integer... neurons) {
        return new Motif(kind, List.of(neurons), List.of(), List.of());
    }

    @Override
    public String toString() {
        String s = kind + " of neurons " + neurons;
        if (!drivingNeurons.isEmpty()) {
            s += ", driven by neurons " + drivingNeurons;
        }
        if (!drivingInputs.isEmpty()) {
            s += (drivingNeurons.isEmpty() ? ", driven by" : " and") + " inputs " + drivingInputs;
        }
        return s;
    }
}
