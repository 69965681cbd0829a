package io.github.dl4jnrn.inspect;

/**
 * What a chemical synapse does to its target, read from its reversal potential {@code E} against the target's
 * {@link OperatingRange operating range} {@code [low, high]}.
 */
public enum SynapseSign {
    /** {@code E > high}: a rising source pulls the target up. */
    EXCITATORY,
    /** {@code E < low}: a rising source pulls the target down. */
    INHIBITORY,
    /** {@code low <= E <= high}: the synapse mainly adds conductance, speeding the target up (shunting). */
    SHUNTING;

    /**
     * @param reversal the synapse's reversal potential
     * @param low      low end of the target's operating range
     * @param high     high end of the target's operating range
     * @return the sign
     */
    public static SynapseSign of(double reversal, double low, double high) {
        if (reversal > high) {
            return EXCITATORY;
        }
        return reversal < low ? INHIBITORY : SHUNTING;
    }
}
