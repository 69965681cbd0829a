package io.github.dl4jnrn.inspect;

/**
 * The motifs an NRN shares with gene regulatory networks (MODEL.md section 3). The precise rules by which
 * each is found are those of {@link MotifDetector}.
 */
public enum MotifKind {
    /** A neuron excites another: a rising source pulls the target up. */
    ACTIVATION,
    /** A neuron inhibits another: a rising source pulls the target down. */
    INHIBITION,
    /** A chain of feed-forward activations: each stage switches after the one before it. */
    SEQUENTIALIZATION,
    /** Two neurons inhibiting each other, each with its own drive: only one can be high. */
    MUTUAL_EXCLUSION,
    /** Neurons whose potentials rise and fall together: reciprocal activation or a shared driver. */
    SYNCHRONIZATION,
    /** A neuron with a self-excitatory synapse steep enough for two stable states: a memory. */
    LATCH
}
