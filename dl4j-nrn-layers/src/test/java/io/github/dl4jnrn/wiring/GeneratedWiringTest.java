package io.github.dl4jnrn.wiring;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random, NCP and automatic NCP wirings: counts, roles, determinism under a seed, errors, round trips. */
class GeneratedWiringTest {

    private static final NcpWiring NCP = new NcpWiring.Builder().interNeurons(6).commandNeurons(4).motorNeurons(2)
            .sensoryFanout(2).interFanout(2).recurrentCommandSynapses(5).motorFanin(3).seed(7).build();

    @Test
    void randomWiringHasExactCountsAndIsDeterministic() {
        RandomWiring w = new RandomWiring(0.75, 3);
        Synapses s = w.build(4, 10);
        assertEquals(10, s.sensoryCount());     // round(0.25 * 40)
        assertEquals(25, s.recurrentCount());   // round(0.25 * 100)
        assertEquals(s, new RandomWiring(0.75, 3).build(4, 10));
        assertNotEquals(s, new RandomWiring(0.75, 4).build(4, 10));
        assertEquals(40, new RandomWiring(0, 3).build(4, 10).sensoryCount());
        int inhibitory = 0;
        Synapses big = new RandomWiring(0.5, 9).build(10, 30);
        for (int j = 0; j < 30; j++) {
            for (int i = 0; i < 30; i++) {
                inhibitory += big.recurrent(j, i) < 0 ? 1 : 0;
            }
        }
        // 1/3 of 450 expected, standard deviation 10
        assertTrue(inhibitory > 110 && inhibitory < 190, "inhibitory synapses: " + inhibitory);
        assertArrayEquals(new NeuronRole[] {NeuronRole.MOTOR, NeuronRole.INTER, NeuronRole.INTER},
                w.roles(3, 1));
    }

    @Test
    void randomWiringRejectsImpossibleSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new RandomWiring(1, 1));
        assertTrue(e.getMessage().contains("sparsity must be in [0, 1) but was 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new RandomWiring(0.9, 1).build(1, 2));
        assertTrue(e.getMessage().contains("leaves no sensory synapse of the 2 possible"), e.getMessage());
    }

    @Test
    void ncpHasItsLayoutCountsAndRoles() {
        Synapses s = NCP.build(3, 12);
        NeuronRole[] roles = NCP.roles(12, 2);
        for (int i = 0; i < 12; i++) {
            assertEquals(i < 2 ? NeuronRole.MOTOR : i < 6 ? NeuronRole.COMMAND : NeuronRole.INTER, roles[i]);
        }
        for (int k = 0; k < 3; k++) {
            int fanout = 0;
            for (int i = 0; i < 12; i++) {
                if (s.sensory(k, i) != 0) {
                    assertEquals(NeuronRole.INTER, roles[i], "sensory synapse " + k + " -> " + i);
                    fanout++;
                }
            }
            assertTrue(fanout >= 2, "input " + k + " reaches " + fanout);
        }
        int commandToCommand = 0;
        for (int j = 0; j < 12; j++) {
            int interFanout = 0;
            for (int i = 0; i < 12; i++) {
                if (s.recurrent(j, i) == 0) {
                    continue;
                }
                boolean allowed = roles[j] == NeuronRole.INTER && roles[i] == NeuronRole.COMMAND
                        || roles[j] == NeuronRole.COMMAND && roles[i] != NeuronRole.INTER;
                assertTrue(allowed, "synapse " + roles[j] + " " + j + " -> " + roles[i] + " " + i);
                interFanout += roles[j] == NeuronRole.INTER ? 1 : 0;
                commandToCommand += roles[j] == NeuronRole.COMMAND && roles[i] == NeuronRole.COMMAND ? 1 : 0;
            }
            if (roles[j] == NeuronRole.INTER) {
                assertEquals(2, interFanout, "inter neuron " + j);
            }
        }
        assertEquals(5, commandToCommand);
        for (int i = 0; i < 12; i++) {
            int fanin = 0;
            for (int j = 0; j < 12; j++) {
                fanin += s.recurrent(j, i) != 0 ? 1 : 0;
            }
            for (int k = 0; k < 3; k++) {
                fanin += s.sensory(k, i) != 0 ? 1 : 0;
            }
            assertTrue(fanin >= 1, "neuron " + i + " receives no synapse");
            if (roles[i] == NeuronRole.MOTOR) {
                assertEquals(3, fanin, "motor fan-in of " + i);
            }
        }
    }

    @Test
    void ncpIsDeterministicUnderItsSeed() {
        assertEquals(NCP.build(3, 12), new NcpWiring.Builder().interNeurons(6).commandNeurons(4).motorNeurons(2)
                .sensoryFanout(2).interFanout(2).recurrentCommandSynapses(5).motorFanin(3).seed(7).build()
                .build(3, 12));
        assertNotEquals(NCP.build(3, 12), new NcpWiring(6, 4, 2, 2, 2, 5, 3, 8).build(3, 12));
    }

    @Test
    void ncpRejectsImpossibleCounts() {
        assertMessage(() -> new NcpWiring(6, 4, 2, 7, 2, 5, 3, 1),
                "sensoryFanout must be between 1 and interNeurons (6) but was 7");
        assertMessage(() -> new NcpWiring(6, 4, 2, 2, 5, 5, 3, 1),
                "interFanout must be between 1 and commandNeurons (4) but was 5");
        assertMessage(() -> new NcpWiring(6, 4, 2, 2, 2, 17, 3, 1),
                "recurrentCommandSynapses must be between 0 and commandNeurons squared (16) but was 17");
        assertMessage(() -> new NcpWiring(6, 4, 2, 2, 2, 5, 0, 1),
                "motorFanin must be between 1 and commandNeurons (4) but was 0");
        assertMessage(() -> new NcpWiring(0, 4, 2, 2, 2, 5, 3, 1), "interNeurons must be at least 1 but was 0");
        assertMessage(() -> NCP.build(3, 13),
                "units must be inter + command + motor neurons (6 + 4 + 2 = 12) but was 13");
        assertMessage(() -> NCP.roles(12, 3), "nOut must equal the number of motor neurons (2) but was 3");
    }

    @Test
    void autoNcpDerivesItsCounts() {
        NcpWiring n = new AutoNcpWiring(16, 2, 0.5, 5).ncp();
        assertEquals(new NcpWiring(9, 5, 2, 4, 2, 5, 2, 5), n);
        Synapses s = new AutoNcpWiring(16, 2, 0.5, 5).build(4, 16);
        assertEquals(s, n.build(4, 16));
        assertEquals(s, new AutoNcpWiring(16, 2, 0.5, 5).build(4, 16));
        assertNotEquals(s, new AutoNcpWiring(16, 2, 0.5, 6).build(4, 16));
        assertEquals(NeuronRole.MOTOR, new AutoNcpWiring(16, 2, 0.5, 5).roles(16, 2)[1]);
        assertEquals(NeuronRole.COMMAND, new AutoNcpWiring(16, 2, 0.5, 5).roles(16, 2)[2]);
        // the smallest layout: one inter and one command neuron
        assertEquals(new NcpWiring(1, 1, 3, 1, 1, 1, 1, 0), new AutoNcpWiring(5, 3, 0.9, 0).ncp());
    }

    @Test
    void autoNcpRejectsImpossibleSettings() {
        assertMessage(() -> new AutoNcpWiring(3, 2, 0.5, 1), "units must be at least outputs + 2 (4");
        assertMessage(() -> new AutoNcpWiring(8, 0, 0.5, 1), "outputs must be at least 1 but was 0");
        assertMessage(() -> new AutoNcpWiring(8, 2, -0.1, 1), "sparsity must be in [0, 1) but was -0.1");
    }

    @Test
    void wiringsSurviveJsonAndJavaSerialization() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        Wiring[] all = {new FullyConnectedWiring(3), new RandomWiring(0.4, 2), NCP, new AutoNcpWiring(9, 2, 0.3, 4),
            new AdjacencyWiring(new int[][] {{1, 0}}, new int[][] {{0, -1}, {1, 0}})};
        int[] units = {2, 2, 12, 9, 2};
        for (int c = 0; c < all.length; c++) {
            Wiring w = all[c];
            String json = mapper.writerFor(Wiring.class).writeValueAsString(w);
            Wiring back = mapper.readValue(json, Wiring.class);
            assertEquals(w, back, json);
            assertEquals(w.build(1, units[c]), back.build(1, units[c]), json);

            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(w);
            }
            try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                Wiring copy = (Wiring) in.readObject();
                assertEquals(w, copy);
                assertEquals(w.build(1, units[c]), copy.build(1, units[c]));
                assertArrayEquals(w.roles(units[c], 2), copy.roles(units[c], 2), w.toString());
            }
        }
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable e, String part) {
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, e);
        assertTrue(x.getMessage().contains(part), x.getMessage());
    }
}
