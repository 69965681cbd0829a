package io.github.dl4jnrn.cell;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vector implementation of the NRN kernel's synapse loops equals the scalar one, forward and backward
 * (and, in single precision, forward to float rounding),
 * on rows that fill whole SIMD vectors and rows with a remainder, with absent synapses; and the test JVM,
 * which runs with the vector API module, selects it.
 */
class SynapseRowsTest {

    private static final int[] LENGTHS = {1, 7, 8, 16, 37, 53};

    /** The build runs its tests with the module, unless asked for the scalar loops ({@code -Ddl4jnrn.vector=false}). */
    @Test
    void theVectorImplementationIsSelectedWhenTheModuleIsPresent() {
        if ("false".equals(System.getProperty(SynapseRows.PROPERTY))) {
            assertInstanceOf(SynapseRows.Scalar.class, SynapseRows.selected());
            return;
        }
        assertTrue(SynapseRows.vectorApiPresent(), "the test JVM must run with --add-modules=jdk.incubator.vector");
        assertInstanceOf(VectorSynapseRows.class, SynapseRows.selected());
    }

    /** Random arrays of {@code rows x n} synapses, a third of them absent (w = wE = 0). */
    private static SynapseRows.Arrays synapses(int rows, int n, SplittableRandom random) {
        SynapseRows.Arrays p = SynapseRows.Arrays.zeros(rows * n);
        for (int idx = 0; idx < rows * n; idx++) {
            p.sigma()[idx] = random.nextDouble(-8, 8);
            p.mu()[idx] = random.nextDouble(-1, 1);
            boolean present = random.nextInt(3) != 0;
            p.w()[idx] = present ? random.nextDouble(0.001, 1) : 0;
            p.wE()[idx] = p.w()[idx] * (random.nextBoolean() ? 1 : -1) * random.nextDouble(0.5, 1.5);
        }
        return p;
    }

    private static double[] values(int n, double lo, double hi, SplittableRandom random) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = random.nextDouble(lo, hi);
        }
        return v;
    }

    @Test
    void forwardAndBackwardEqualTheScalarLoops() {
        org.junit.jupiter.api.Assumptions.assumeTrue(SynapseRows.vectorApiPresent(), "needs the vector API module");
        SynapseRows scalar = SynapseRows.scalar();
        SynapseRows vector = new VectorSynapseRows();
        SplittableRandom random = new SplittableRandom(5);
        for (int n : LENGTHS) {
            int rows = 3;
            SynapseRows.Arrays p = synapses(rows, n, random);
            double[] x = values(rows, -3, 3, random);
            double[] dGain = values(n, -1, 1, random);
            double[] dRate = values(n, -1, 1, random);
            double[][] gain = {values(n, 0, 1, random), null};
            gain[1] = gain[0].clone();
            double[][] rate = {values(n, 0, 1, random), null};
            rate[1] = rate[0].clone();
            double[][] act = {new double[rows * n], new double[rows * n]};
            SynapseRows.Arrays[] g = {SynapseRows.Arrays.zeros(rows * n), SynapseRows.Arrays.zeros(rows * n)};
            double[][] dx = {new double[rows], new double[rows]};
            SynapseRows[] impl = {scalar, vector};
            for (int k = 0; k < 2; k++) {
                impl[k].forwardAll(x, p, null, n, gain[k], rate[k], act[k]);
                for (int j = 0; j < rows; j++) {
                    dx[k][j] = impl[k].backward(x[j], p, j * n, n, act[k], dGain, dRate, g[k]);
                }
            }
            String at = "row length " + n;
            assertClose(gain[0], gain[1], at + ": gain");
            assertClose(rate[0], rate[1], at + ": rate");
            assertClose(dx[0], dx[1], at + ": input gradient");

            assertClose(g[0].sigma(), g[1].sigma(), at + ": steepness gradient");
            assertClose(g[0].mu(), g[1].mu(), at + ": midpoint gradient");
            for (int idx = 0; idx < rows * n; idx++) {
                if (p.w()[idx] != 0) {
                    // absent synapses' conductance gradients are dropped by the kernel; present ones must agree
                    assertEquals(act[0][idx], act[1][idx], 1e-15, at + ": activation " + idx);
                    assertEquals(g[0].w()[idx], g[1].w()[idx], 1e-14, at + ": conductance gradient " + idx);
                    assertEquals(g[0].wE()[idx], g[1].wE()[idx], 1e-14, at + ": wE gradient " + idx);
                } else {
                    assertEquals(0, g[1].sigma()[idx], at + ": absent synapse's steepness gradient " + idx);
                    assertEquals(0, g[1].mu()[idx], at + ": absent synapse's midpoint gradient " + idx);
                }
            }

            // single precision: the sums of the activations to float rounding
            double[] gainSingle = new double[n];
            double[] rateSingle = new double[n];
            vector.forwardAll(x, p, SynapseRows.FloatArrays.of(p), n, gainSingle, rateSingle, null);
            double[] gainDouble = new double[n];
            double[] rateDouble = new double[n];
            scalar.forwardAll(x, p, null, n, gainDouble, rateDouble, null);
            for (int i = 0; i < n; i++) {
                assertEquals(gainDouble[i], gainSingle[i], 1e-5 * (1 + Math.abs(gainDouble[i])), at + ": gain " + i);
                assertEquals(rateDouble[i], rateSingle[i], 1e-5 * (1 + Math.abs(rateDouble[i])), at + ": rate " + i);
            }
            // asked for activations, it computes in double precision
            double[] gainKept = new double[n];
            double[] rateKept = new double[n];
            double[] actKept = new double[rows * n];
            vector.forwardAll(x, p, SynapseRows.FloatArrays.of(p), n, gainKept, rateKept, actKept);
            assertClose(gainDouble, gainKept, at + ": gain, activations kept");
            for (int idx = 0; idx < rows * n; idx++) {
                if (p.w()[idx] != 0) {
                    assertEquals(act[0][idx], actKept[idx], 1e-15, at + ": activation kept " + idx);
                }
            }
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-13 * (1 + Math.abs(expected[i])), what + " at " + i);
        }
    }
}
