package io.github.dl4jnrn.layer;

/** How a continuous-time layer computes its forward and backward passes. */
public enum ExecutionMode {

    /**
     * The direct path where the cell provides one ({@link OdeRecurrentLayer#kernel}; both built-in cells do):
     * loops over the cell's structure on plain arrays, parallel over the minibatch, with the arithmetic of
     * the SameDiff definition. Otherwise the SameDiff graph.
     */
    AUTO,

    /** Always the SameDiff graph, run in chunks: the definition the direct path is checked against. */
    SAMEDIFF
}
