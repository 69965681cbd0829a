package io.github.dl4jnrn.inspect;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.github.dl4jnrn.inspect.MotifKind.ACTIVATION;
import static io.github.dl4jnrn.inspect.MotifKind.INHIBITION;
import static io.github.dl4jnrn.inspect.MotifKind.LATCH;
import static io.github.dl4jnrn.inspect.MotifKind.MUTUAL_EXCLUSION;
import static io.github.dl4jnrn.inspect.MotifKind.SEQUENTIALIZATION;
import static io.github.dl4jnrn.inspect.MotifKind.SYNCHRONIZATION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each hand-built circuit holds exactly its motif (and the parts it is made of), and nothing else. */
class MotifDetectorTest {

    private static List<Motif> detect(NrnCircuit c) {
        return new MotifDetector().detect(c, OperatingRange.resting(c));
    }

    @Test
    void activation() {
        assertEquals(List.of(Motif.of(ACTIVATION, 0, 1)), detect(ReferenceCircuits.activation()));
    }

    @Test
    void inhibition() {
        assertEquals(List.of(Motif.of(INHIBITION, 0, 1)), detect(ReferenceCircuits.inhibition()));
    }

    @Test
    void sequentialization() {
        assertEquals(List.of(Motif.of(ACTIVATION, 0, 1), Motif.of(ACTIVATION, 1, 2),
                Motif.of(SEQUENTIALIZATION, 0, 1, 2)), detect(ReferenceCircuits.chain()));
    }

    @Test
    void mutualExclusion() {
        assertEquals(List.of(Motif.of(INHIBITION, 0, 1), Motif.of(INHIBITION, 1, 0),
                new Motif(MUTUAL_EXCLUSION, List.of(0, 1), List.of(), List.of(0, 1))),
                detect(ReferenceCircuits.mutualExclusion()));
    }

    @Test
    void synchronization() {
        assertEquals(List.of(Motif.of(ACTIVATION, 0, 1), Motif.of(ACTIVATION, 1, 0),
                Motif.of(SYNCHRONIZATION, 0, 1), new Motif(SYNCHRONIZATION, List.of(0, 1), List.of(), List.of(0))),
                detect(ReferenceCircuits.synchronization()));
    }

    @Test
    void latch() {
        assertEquals(List.of(Motif.of(LATCH, 0)), detect(ReferenceCircuits.latch()));
        assertEquals(3, MotifDetector.equilibria(1, 0, 3, 10, 0.5, 1));
    }

    @Test
    void circuitsMadeToLackMotifsHaveNone() {
        assertEquals(List.of(), detect(ReferenceCircuits.leakyMemory()), "a monostable self-excitation");
        assertEquals(1, MotifDetector.equilibria(1, 0, 1.6, 2, 0.5, 1));
        assertEquals(List.of(), detect(ReferenceCircuits.unconnected()));
    }

    @Test
    void mutualInhibitionWithoutOwnDrivesIsNoExclusionAndWeakSynapsesDoNotCount() {
        NrnCircuit undriven = new NrnCircuit.Builder(1, 2, 2)
                .synapse(0, 1, 4, 10, 0.3, -1).synapse(1, 0, 4, 10, 0.3, -1).build();
        assertEquals(List.of(Motif.of(INHIBITION, 0, 1), Motif.of(INHIBITION, 1, 0)), detect(undriven));

        NrnCircuit weakLink = new NrnCircuit.Builder(1, 2, 2)
                .sensory(0, 0, 2, 8, 0.5, 1).synapse(0, 1, 0.4, 8, 0.3, 1).build();
        assertEquals(List.of(), detect(weakLink), "0.4 is below 0.25 of the largest weight 2");
        assertEquals(List.of(Motif.of(ACTIVATION, 0, 1)),
                new MotifDetector(0.1, 10).detect(weakLink, OperatingRange.resting(weakLink)));
    }

    @Test
    void chainsAreMaximalAndTheirSignsComeFromTheRange() {
        // two chains sharing a start: 0 -> 1 -> 2 and 0 -> 3 -> 4 -> 5
        NrnCircuit.Builder b = new NrnCircuit.Builder(1, 6, 1).sensory(0, 0, 2, 8, 0.5, 1);
        int[][] links = {{0, 1}, {1, 2}, {0, 3}, {3, 4}, {4, 5}};
        for (int[] l : links) {
            b.synapse(l[0], l[1], 2, 10, 0.3, 1);
        }
        NrnCircuit c = b.build();
        List<Motif> chains = detect(c).stream().filter(m -> m.kind() == SEQUENTIALIZATION).toList();
        assertEquals(List.of(Motif.of(SEQUENTIALIZATION, 0, 1, 2), Motif.of(SEQUENTIALIZATION, 0, 3, 4, 5)), chains);
        // neuron 0 is also a shared driver of 1 and 3
        assertTrue(detect(c).contains(new Motif(SYNCHRONIZATION, List.of(1, 3), List.of(0), List.of())));
        // if every neuron worked above 1, the synapses with E = 1 would inhibit
        double[] high = {1.5, 1.5, 1.5, 1.5, 1.5, 1.5};
        List<Motif> inverted = new MotifDetector().detect(c, new OperatingRange(high, high));
        assertEquals(5, inverted.stream().filter(m -> m.kind() == INHIBITION).count());
        assertThrows(IllegalArgumentException.class, () -> new MotifDetector(1.5, 1));
    }

    /**
     * Every neuron excites every later one: 2^28 maximal chains (each from neuron 0 to neuron 29); the search
     * reports the first 50 and stops.
     */
    @Test
    void chainSearchStaysBoundedInDenseCircuits() {
        NrnCircuit.Builder b = new NrnCircuit.Builder(1, 30, 1);
        for (int j = 0; j < 30; j++) {
            for (int i = j + 1; i < 30; i++) {
                b.synapse(j, i, 1, 5, 0.5, 1);
            }
        }
        NrnCircuit c = b.build();
        long start = System.nanoTime();
        List<Motif> chains = detect(c).stream().filter(m -> m.kind() == SEQUENTIALIZATION).toList();
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "took too long");
        assertEquals(MotifDetector.DEFAULT_MAX_CHAINS, chains.size());
        assertEquals(30, chains.get(0).neurons().size());
        for (Motif m : chains) {
            assertEquals(0, m.neurons().get(0));
            assertEquals(29, m.neurons().get(m.neurons().size() - 1));
        }
        // without a chain limit the budget of path extensions ends the search
        start = System.nanoTime();
        long unlimited = new MotifDetector(0.25, Integer.MAX_VALUE).detect(c, OperatingRange.resting(c)).stream()
                .filter(m -> m.kind() == SEQUENTIALIZATION).count();
        assertTrue((System.nanoTime() - start) / 1e9 < 10, "took too long");
        assertTrue(unlimited > 1000 && unlimited < MotifDetector.MAX_PATH_EXTENSIONS, "chains: " + unlimited);
    }
}
