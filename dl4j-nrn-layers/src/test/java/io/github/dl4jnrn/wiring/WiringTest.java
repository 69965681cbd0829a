package io.github.dl4jnrn.wiring;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WiringTest {

    @Test
    void fullyConnectedIsDeterministicUnderItsSeedAndMostlyExcitatory() {
        Synapses a = new FullyConnectedWiring(5).build(6, 20);
        assertEquals(a, new FullyConnectedWiring(5).build(6, 20));
        assertNotEquals(a, new FullyConnectedWiring(6).build(6, 20));
        assertEquals(6 * 20, a.sensoryCount());
        assertEquals(20 * 20, a.recurrentCount());
        int excitatory = 0;
        for (int j = 0; j < 20; j++) {
            for (int i = 0; i < 20; i++) {
                excitatory += a.recurrent(j, i) > 0 ? 1 : 0;
            }
        }
        // 2/3 expected of 400: far outside chance of 1/2
        assertTrue(excitatory > 230 && excitatory < 310, "excitatory synapses: " + excitatory);
    }

    @Test
    void adjacencyKeepsWhatWasGivenAndChecksSizes() {
        AdjacencyWiring w = new AdjacencyWiring(new int[][] {{1, 0}}, new int[][] {{0, -1}, {1, 0}});
        Synapses s = w.build(1, 2);
        assertEquals(1, s.sensoryCount());
        assertEquals(2, s.recurrentCount());
        assertEquals(-1, s.recurrent(0, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> w.build(2, 2));
        assertTrue(e.getMessage().contains("1 inputs and 2 neurons"), e.getMessage());
    }

    @Test
    void synapsesRejectBadMatrices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Synapses(new int[][] {{2}}, new int[][] {{0}}));
        assertTrue(e.getMessage().contains("sensory[0][0] must be -1, 0 or +1 but was 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Synapses(new int[][] {{1}}, new int[][] {{0, 1}}));
        assertThrows(IllegalArgumentException.class, () -> new Synapses(new int[][] {{1, 1}}, new int[][] {{0}}));
    }

    @Test
    void matricesAreCopies() {
        int[][] rec = {{1}};
        AdjacencyWiring w = new AdjacencyWiring(new int[][] {{1}}, rec);
        rec[0][0] = -1;
        assertEquals(1, w.build(1, 1).recurrent(0, 0));
        w.getRecurrent()[0][0] = 0;
        assertEquals(1, w.build(1, 1).recurrent(0, 0));
    }
}
