package io.github.dl4jnrn.inspect;

import io.github.dl4jnrn.wiring.NeuronRole;
import io.github.dl4jnrn.wiring.Synapses;
import io.github.dl4jnrn.wiring.Wiring;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A circuit as a diagram: the inputs (sensory role) and neurons with their roles as nodes, the synapses as
 * edges with their sign and, for circuits with parameters, their weight. Written as Graphviz DOT
 * ({@link #toDot()}; render it with {@link Graphviz}) or as JSON for other tools ({@link #toJson()}).
 *
 * <p>In DOT, inputs are {@code u0, u1, ...} and neurons {@code n0, n1, ...}, laid out left to right by role
 * (sensory, inter, command, motor). Excitatory synapses are green solid arrows, inhibitory ones red dashed
 * lines ending in a bar, shunting ones grey dotted lines ending in a circle; with weights, the line width grows
 * with the weight and the weight is the label.
 *
 * <p>The JSON form is an object with {@code inputs} and {@code units} (counts), {@code nodes} (each with
 * {@code id}, {@code index}, {@code role}) and {@code synapses} (each with {@code from}, {@code to},
 * {@code sensory}, {@code sign} and, if known, {@code weight}, {@code reversal}, {@code steepness},
 * {@code midpoint}).
 *
 * @param inputs   number of inputs
 * @param roles    the role of each neuron
 * @param synapses the synapses
 */
public record CircuitDiagram(int inputs, NeuronRole[] roles, List<SynapseInfo> synapses) {

    /** Copies the arrays. */
    public CircuitDiagram {
        roles = roles.clone();
        synapses = List.copyOf(synapses);
    }

    /**
     * The diagram of a wiring before training: signs from the polarities, no weights (NaN).
     *
     * @param wiring  the wiring
     * @param inputs  number of inputs
     * @param units   number of neurons
     * @param outputs number of outputs (motor neurons)
     * @return the diagram
     */
    public static CircuitDiagram of(Wiring wiring, int inputs, int units, int outputs) {
        Synapses s = wiring.build(inputs, units);
        List<SynapseInfo> edges = new ArrayList<>();
        for (int k = 0; k < inputs; k++) {
            for (int i = 0; i < units; i++) {
                addPolarity(edges, true, k, i, s.sensory(k, i));
            }
        }
        for (int j = 0; j < units; j++) {
            for (int i = 0; i < units; i++) {
                addPolarity(edges, false, j, i, s.recurrent(j, i));
            }
        }
        return new CircuitDiagram(inputs, wiring.roles(units, outputs), edges);
    }

    private static void addPolarity(List<SynapseInfo> edges, boolean sensory, int source, int target, int p) {
        if (p != 0) {
            edges.add(new SynapseInfo(sensory, source, target, Double.NaN, Double.NaN, Double.NaN, p,
                    p > 0 ? SynapseSign.EXCITATORY : SynapseSign.INHIBITORY, Double.NaN));
        }
    }

    /**
     * The diagram of a circuit with parameters (trained or built by hand).
     *
     * @param circuit the circuit
     * @param range   each neuron's operating range, against which the synapse signs are read
     * @return the diagram
     */
    public static CircuitDiagram of(NrnCircuit circuit, OperatingRange range) {
        return new CircuitDiagram(circuit.inputs(), circuit.roles(), SynapseInfo.of(circuit, range));
    }

    @Override
    public NeuronRole[] roles() {
        return roles.clone();
    }

    /** @return the diagram in Graphviz DOT */
    public String toDot() {
        StringBuilder b = new StringBuilder();
        b.append("digraph circuit {\n");
        b.append("  rankdir=LR;\n");
        b.append("  node [fontname=\"Helvetica\", style=filled];\n");
        b.append("  edge [fontname=\"Helvetica\", fontsize=9];\n");
        rank(b, NeuronRole.SENSORY);
        for (int k = 0; k < inputs; k++) {
            b.append("  u").append(k).append(" [label=\"u").append(k)
                    .append("\\nsensory\", shape=invhouse, fillcolor=\"#d6eaf8\"];\n");
        }
        for (NeuronRole role : new NeuronRole[] {NeuronRole.INTER, NeuronRole.COMMAND, NeuronRole.MOTOR}) {
            rank(b, role);
        }
        for (int i = 0; i < roles.length; i++) {
            b.append("  n").append(i).append(" [label=\"n").append(i).append("\\n")
                    .append(roles[i].name().toLowerCase(Locale.ROOT)).append("\", ").append(nodeStyle(roles[i]))
                    .append("];\n");
        }
        double max = maxWeight();
        for (SynapseInfo s : synapses) {
            b.append("  ").append(s.sensory() ? "u" : "n").append(s.source()).append(" -> n").append(s.target())
                    .append(" [").append(edgeStyle(s.sign()));
            if (!Double.isNaN(s.weight())) {
                b.append(String.format(Locale.ROOT, ", penwidth=%.2f, label=\"%.2f\"",
                        0.5 + 3 * (max > 0 ? s.weight() / max : 0), s.weight()));
            }
            b.append("];\n");
        }
        b.append("}\n");
        return b.toString();
    }

    private void rank(StringBuilder b, NeuronRole role) {
        StringBuilder ids = new StringBuilder();
        if (role == NeuronRole.SENSORY) {
            for (int k = 0; k < inputs; k++) {
                ids.append(" u").append(k).append(';');
            }
        } else {
            for (int i = 0; i < roles.length; i++) {
                if (roles[i] == role) {
                    ids.append(" n").append(i).append(';');
                }
            }
        }
        if (ids.length() > 0) {
            b.append("  { rank=same;").append(ids).append(" }\n");
        }
    }

    private static String nodeStyle(NeuronRole role) {
        return switch (role) {
            case MOTOR -> "shape=doublecircle, fillcolor=\"#fad7a0\"";
            case COMMAND -> "shape=circle, fillcolor=\"#d7bde2\"";
            default -> "shape=circle, fillcolor=\"#eaeded\"";
        };
    }

    private static String edgeStyle(SynapseSign sign) {
        return switch (sign) {
            case EXCITATORY -> "color=\"#1e8449\", arrowhead=normal";
            case INHIBITORY -> "color=\"#c0392b\", style=dashed, arrowhead=tee";
            case SHUNTING -> "color=\"#7f8c8d\", style=dotted, arrowhead=odot";
        };
    }

    private double maxWeight() {
        double max = 0;
        for (SynapseInfo s : synapses) {
            if (!Double.isNaN(s.weight())) {
                max = Math.max(max, s.weight());
            }
        }
        return max;
    }

    /** @return the diagram as JSON (see the class description for its fields) */
    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("inputs", inputs);
        root.put("units", roles.length);
        List<Map<String, Object>> nodes = new ArrayList<>();
        for (int k = 0; k < inputs; k++) {
            nodes.add(node("u" + k, k, NeuronRole.SENSORY));
        }
        for (int i = 0; i < roles.length; i++) {
            nodes.add(node("n" + i, i, roles[i]));
        }
        root.put("nodes", nodes);
        List<Map<String, Object>> edges = new ArrayList<>();
        for (SynapseInfo s : synapses) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("from", (s.sensory() ? "u" : "n") + s.source());
            e.put("to", "n" + s.target());
            e.put("sensory", s.sensory());
            e.put("sign", s.sign().name());
            if (!Double.isNaN(s.weight())) {
                e.put("weight", s.weight());
                e.put("reversal", s.reversal());
                e.put("steepness", s.steepness());
                e.put("midpoint", s.midpoint());
            }
            edges.add(e);
        }
        root.put("synapses", edges);
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("circuit diagram: cannot write JSON", e);
        }
    }

    private static Map<String, Object> node(String id, int index, NeuronRole role) {
        Map<String, Object> n = new LinkedHashMap<>();
        n.put("id", id);
        n.put("index", index);
        n.put("role", role.name());
        return n;
    }
}
