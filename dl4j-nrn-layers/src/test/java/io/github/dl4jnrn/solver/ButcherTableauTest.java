package io.github.dl4jnrn.solver;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ButcherTableauTest {

    @Test
    void builtInTableauxDeriveStagesNodesAndOrder() {
        assertEquals(1, ButcherTableau.EULER.stages());
        assertEquals(2, ButcherTableau.HEUN.stages());
        assertEquals(2, ButcherTableau.MIDPOINT.stages());
        assertEquals(4, ButcherTableau.RK4.stages());
        assertEquals(7, ButcherTableau.DORMAND_PRINCE.stages());
        assertArrayEquals(new double[] {0, 0.5, 0.5, 1}, ButcherTableau.RK4.c(), 1e-15);
        assertArrayEquals(new double[] {0, 0.2, 0.3, 0.8, 8.0 / 9, 1, 1}, ButcherTableau.DORMAND_PRINCE.c(), 1e-14);
        assertEquals(5, ButcherTableau.DORMAND_PRINCE.order());
        assertTrue(ButcherTableau.DORMAND_PRINCE.hasEmbedded());
        assertTrue(ButcherTableau.DORMAND_PRINCE.isFirstSameAsLast());
        assertFalse(ButcherTableau.RK4.isFirstSameAsLast());
        assertFalse(ButcherTableau.RK4.hasEmbedded());
    }

    @Test
    void accessorsReturnCopies() {
        double[] b = ButcherTableau.RK4.b();
        b[0] = 42;
        assertEquals(1.0 / 6, ButcherTableau.RK4.b()[0], 0);
    }

    @Test
    void rejectsWeightsThatDoNotSumToOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ButcherTableau("bad", 2, new double[][] {{}, {1}}, new double[] {0.5, 0.6}, null));
        assertTrue(e.getMessage().contains("sum to 1"), e.getMessage());
        assertTrue(e.getMessage().contains("1.1"), e.getMessage());
    }

    @Test
    void rejectsEmbeddedWeightsThatDoNotSumToOne() {
        assertThrows(IllegalArgumentException.class, () -> new ButcherTableau("bad", 2,
                new double[][] {{}, {1}}, new double[] {0.5, 0.5}, new double[] {1, 1}));
    }

    @Test
    void rejectsImplicitEntries() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ButcherTableau("implicit", 1, new double[][] {{0.5}}, new double[] {1}, null));
        assertTrue(e.getMessage().contains("row 0"), e.getMessage());
    }

    @Test
    void rejectsNodesThatDifferFromRowSums() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ButcherTableau.withNodes(
                "inconsistent", 2, new double[] {0, 0.5}, new double[][] {{}, {1}}, new double[] {0.5, 0.5}, null));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
        assertTrue(e.getMessage().contains("0.5"), e.getMessage());
        ButcherTableau ok = ButcherTableau.withNodes("Heun", 2, new double[] {0, 1}, new double[][] {{}, {1}},
                new double[] {0.5, 0.5}, null);
        assertEquals(2, ok.stages());
    }

    @Test
    void rejectsMismatchedSizesAndOrders() {
        assertThrows(IllegalArgumentException.class,
                () -> new ButcherTableau("rows", 1, new double[][] {{}, {1}}, new double[] {1}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ButcherTableau("order", 0, new double[][] {{}}, new double[] {1}, null));
        assertThrows(IllegalArgumentException.class,
                () -> new ButcherTableau("empty", 1, new double[][] {}, new double[] {}, null));
    }
}
