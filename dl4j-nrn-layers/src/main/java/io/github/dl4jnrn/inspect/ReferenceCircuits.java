package io.github.dl4jnrn.inspect;

/**
 * Small hand-built NRN circuits, one per motif, each made to contain its motif and no other (except the
 * activations and inhibitions its larger motif is made of). Every neuron has leak conductance 1, leak
 * potential 0 and capacitance 1 unless stated; excitatory synapses have E = +1, inhibitory E = -1; every
 * neuron is an output. Inputs are meant to lie in {@code [0, 1]}: 0 is "off", 1 is "on".
 */
public final class ReferenceCircuits {

    private ReferenceCircuits() {
    }

    /** Input 0 drives neuron 0, which excites neuron 1. */
    public static NrnCircuit activation() {
        return new NrnCircuit.Builder(1, 2, 2)
                .sensory(0, 0, 2, 8, 0.5, 1)
                .synapse(0, 1, 2, 8, 0.3, 1)
                .build();
    }

    /** Input 1 holds neuron 1 up; input 0 drives neuron 0, which inhibits neuron 1. */
    public static NrnCircuit inhibition() {
        return new NrnCircuit.Builder(2, 2, 2)
                .sensory(0, 0, 2, 8, 0.5, 1)
                .sensory(1, 1, 2, 8, 0.5, 1)
                .synapse(0, 1, 4, 8, 0.3, -1)
                .build();
    }

    /** Input 0 drives neuron 0; the chain 0 -&gt; 1 -&gt; 2 of activations switches its neurons in order. */
    public static NrnCircuit chain() {
        return new NrnCircuit.Builder(1, 3, 3)
                .sensory(0, 0, 2, 8, 0.5, 1)
                .synapse(0, 1, 2, 10, 0.3, 1)
                .synapse(1, 2, 2, 10, 0.3, 1)
                .build();
    }

    /** Inputs 0 and 1 drive neurons 0 and 1, which inhibit each other: the stronger drive wins. */
    public static NrnCircuit mutualExclusion() {
        return new NrnCircuit.Builder(2, 2, 2)
                .sensory(0, 0, 2, 5, 0.5, 1)
                .sensory(1, 1, 2, 5, 0.5, 1)
                .synapse(0, 1, 4, 10, 0.3, -1)
                .synapse(1, 0, 4, 10, 0.3, -1)
                .build();
    }

    /** Input 0 drives neurons 0 and 1 (a shared driver), which also excite each other. */
    public static NrnCircuit synchronization() {
        return new NrnCircuit.Builder(1, 2, 2)
                .sensory(0, 0, 2, 6, 0.5, 1)
                .sensory(0, 1, 2, 6, 0.5, 1)
                .synapse(0, 1, 1, 6, 0.3, 1)
                .synapse(1, 0, 1, 6, 0.3, 1)
                .build();
    }

    /**
     * Neuron 0 excites itself through a steep synapse (sigma 10): two stable states, low near 0.007 and high
     * near 0.74. Input 0 sets it (excitatory), input 1 resets it (inhibitory).
     */
    public static NrnCircuit latch() {
        return selfExcited(3, 10);
    }

    /**
     * The {@link #latch()} with a weaker, shallow self-synapse (w 1.6, sigma 2): one stable state only (near
     * 0.42), so it forgets a set or reset pulse. Contains no motif.
     */
    public static NrnCircuit leakyMemory() {
        return selfExcited(1.6, 2);
    }

    private static NrnCircuit selfExcited(double weight, double steepness) {
        return new NrnCircuit.Builder(2, 1, 1)
                .sensory(0, 0, 3, 10, 0.5, 1)
                .sensory(1, 0, 6, 10, 0.5, -1)
                .synapse(0, 0, weight, steepness, 0.5, 1)
                .build();
    }

    /** Two neurons, each driven by its own input, with no synapse between them: no motif at all. */
    public static NrnCircuit unconnected() {
        return new NrnCircuit.Builder(2, 2, 2)
                .sensory(0, 0, 2, 8, 0.5, 1)
                .sensory(1, 1, 2, 8, 0.5, -1)
                .build();
    }
}
