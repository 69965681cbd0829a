/**
 * Reading an NRN: the liquid time constants and target potentials of its neurons over an input sequence, the
 * learned sign and strength of each synapse, the motifs the circuit contains, and circuit diagrams (Graphviz
 * DOT, SVG or PNG through the {@code dot} program, and JSON). Everything here works on plain arrays through
 * {@link io.github.dl4jnrn.cell.NrnCell}, never on SameDiff graphs, and on trained layers and hand-built
 * circuits alike ({@link io.github.dl4jnrn.inspect.NrnCircuit}).
 */
package io.github.dl4jnrn.inspect;
