package io.github.dl4jnrn.inspect;

import io.github.dl4jnrn.wiring.AutoNcpWiring;
import io.github.dl4jnrn.wiring.NeuronRole;
import io.github.dl4jnrn.wiring.Synapses;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** DOT and JSON export of wirings and circuits; the DOT parses with Graphviz when it is installed. */
class CircuitDiagramTest {

    private static final AutoNcpWiring NCP = new AutoNcpWiring(8, 2, 0.5, 4);

    @TempDir
    Path dir;

    @Test
    void dotOfAWiringHasEveryNodeAndSynapseWithItsStyle() {
        CircuitDiagram d = CircuitDiagram.of(NCP, 3, 8, 2);
        Synapses s = NCP.build(3, 8);
        String dot = d.toDot();
        assertEquals(s.sensoryCount() + s.recurrentCount(), dot.split("->", -1).length - 1);
        assertTrue(dot.contains("n0 [label=\"n0\\nmotor\", shape=doublecircle"), dot);
        assertTrue(dot.contains("u2 [label=\"u2\\nsensory\""), dot);
        for (int j = 0; j < 8; j++) {
            for (int i = 0; i < 8; i++) {
                String edge = "  n" + j + " -> n" + i + " [";
                if (s.recurrent(j, i) > 0) {
                    assertTrue(dot.contains(edge + "color=\"#1e8449\", arrowhead=normal]"), edge);
                } else if (s.recurrent(j, i) < 0) {
                    assertTrue(dot.contains(edge + "color=\"#c0392b\", style=dashed, arrowhead=tee]"), edge);
                } else {
                    assertTrue(!dot.contains(edge), edge);
                }
            }
        }
    }

    @Test
    void dotOfACircuitShowsStrengths() {
        NrnCircuit c = ReferenceCircuits.mutualExclusion();
        String dot = CircuitDiagram.of(c, OperatingRange.resting(c)).toDot();
        assertTrue(dot.contains("n0 -> n1 [color=\"#c0392b\", style=dashed, arrowhead=tee, penwidth=3.50, "
                + "label=\"4.00\"]"), dot);
        assertTrue(dot.contains("u0 -> n0 [color=\"#1e8449\", arrowhead=normal, penwidth=2.00, label=\"2.00\"]"),
                dot);
    }

    @Test
    void jsonCarriesNodesRolesAndSynapses() throws IOException {
        NrnCircuit c = ReferenceCircuits.chain();
        JsonNode root = new ObjectMapper().readTree(CircuitDiagram.of(c, OperatingRange.resting(c)).toJson());
        assertEquals(1, root.get("inputs").asInt());
        assertEquals(3, root.get("units").asInt());
        assertEquals(4, root.get("nodes").size());
        assertEquals("SENSORY", root.get("nodes").get(0).get("role").asText());
        assertEquals("n1", root.get("nodes").get(2).get("id").asText());
        assertEquals(3, root.get("synapses").size());
        JsonNode link = root.get("synapses").get(2);
        assertEquals("n1", link.get("from").asText());
        assertEquals("n2", link.get("to").asText());
        assertEquals("EXCITATORY", link.get("sign").asText());
        assertEquals(2.0, link.get("weight").asDouble(), 0);
        assertEquals(10.0, link.get("steepness").asDouble(), 0);

        JsonNode wiring = new ObjectMapper().readTree(CircuitDiagram.of(NCP, 3, 8, 2).toJson());
        assertEquals(NeuronRole.COMMAND.name(), wiring.get("nodes").get(3 + 2).get("role").asText());
        assertTrue(wiring.get("synapses").get(0).get("weight") == null, "a wiring has no weights");
    }

    @Test
    void graphvizParsesTheExportedDot() throws IOException {
        Assumptions.assumeTrue(Graphviz.isAvailable(), "Graphviz dot is not installed");
        NrnCircuit c = ReferenceCircuits.latch();
        for (String dot : new String[] {CircuitDiagram.of(NCP, 3, 8, 2).toDot(),
            CircuitDiagram.of(c, OperatingRange.resting(c)).toDot()}) {
            Path svg = dir.resolve("circuit.svg");
            Graphviz.render(dot, Graphviz.Format.SVG, svg);
            assertTrue(Files.readString(svg).contains("<svg"), "not an SVG");
            Path png = dir.resolve("circuit.png");
            Graphviz.render(dot, Graphviz.Format.PNG, png);
            byte[] head = Files.readAllBytes(png);
            assertTrue(head.length > 8 && head[1] == 'P' && head[2] == 'N' && head[3] == 'G', "not a PNG");
        }
        IOException e = assertThrows(IOException.class,
                () -> Graphviz.render("digraph { a -> }", Graphviz.Format.SVG, dir.resolve("bad.svg")));
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
    }
}
