package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.Positivity;
import io.github.dl4jnrn.inspect.NrnCircuit;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AdjacencyWiring;
import io.github.dl4jnrn.wiring.AutoNcpWiring;
import io.github.dl4jnrn.wiring.Synapses;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.File;
import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * NRN layers with packed synapse parameters: only real synapses are parameters, and the layer computes exactly
 * what the dense layer with the same synapse values computes, with the same gradients for those synapses.
 */
class PackedSynapsesTest {

    private static final AutoNcpWiring WIRING = new AutoNcpWiring(6, 2, 0.5, 3);
    private static final List<String> SYNAPSE_KEYS = List.of("sensoryWeight", "sensorySteepness",
            "sensoryMidpoint", "sensoryReversal", "recurrentWeight", "recurrentSteepness", "recurrentMidpoint",
            "recurrentReversal");

    @TempDir
    File dir;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    private static NrnLayer layer(boolean packed, ExecutionMode mode) {
        return layer(packed, mode, 2);
    }

    private static NrnLayer layer(boolean packed, ExecutionMode mode, int unfolds) {
        return new NrnLayer.Builder().nOut(2).units(6).unfolds(unfolds).chunkLength(2).solver(OdeSolver.FUSED)
                .wiring(WIRING).executionMode(mode).packedSynapses(packed).build();
    }

    /** @return the present entries of a dense matrix in row-major order, as the packing promises */
    private static double[] presentEntries(INDArray dense, int[][] polarity) {
        double[] out = new double[count(polarity)];
        int s = 0;
        for (int r = 0; r < polarity.length; r++) {
            for (int c = 0; c < polarity[r].length; c++) {
                if (polarity[r][c] != 0) {
                    out[s++] = dense.getDouble(r, c);
                }
            }
        }
        return out;
    }

    private static int count(int[][] polarity) {
        int n = 0;
        for (int[] row : polarity) {
            for (int p : row) {
                n += p != 0 ? 1 : 0;
            }
        }
        return n;
    }

    private static int[][] polarity(Synapses s, String key) {
        return key.startsWith("sensory") ? s.sensoryMatrix() : s.recurrentMatrix();
    }

    @Test
    void parametersAreTheRealSynapsesOnly() {
        MultiLayerNetwork dense = Fixtures.network(layer(false, ExecutionMode.AUTO), 2);
        MultiLayerNetwork packed = Fixtures.network(layer(true, ExecutionMode.AUTO), 2);
        Synapses s = ((OdeRecurrentLayer) packed.getLayer(0).conf().getLayer()).synapses();
        int f = 2;
        int n = 6;
        assertEquals(2 * f + 4 * f * n + 4 * n * n + 3 * n + 2 * 2, dense.getLayer(0).numParams());
        assertEquals(2 * f + 4 * s.sensoryCount() + 4 * s.recurrentCount() + 3 * n + 2 * 2,
                packed.getLayer(0).numParams());
        assertTrue(packed.getLayer(0).numParams() < dense.getLayer(0).numParams() - 60);
        assertArrayEquals(new long[] {1, s.recurrentCount()},
                packed.getLayer(0).paramTable().get("recurrentReversal").shape());
        // polarity sets the initial reversal potentials of the present synapses
        double[] e = packed.getLayer(0).paramTable().get("recurrentReversal").toDoubleVector();
        int[][] p = s.recurrentMatrix();
        int k = 0;
        for (int r = 0; r < n; r++) {
            for (int c = 0; c < n; c++) {
                if (p[r][c] != 0) {
                    assertEquals(p[r][c], e[k++], 0.0);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void packedLayerComputesWhatTheDenseLayerComputes(ExecutionMode mode) {
        MultiLayerNetwork dense = Fixtures.network(layer(false, mode), 2);
        MultiLayerNetwork packed = Fixtures.network(layer(true, mode), 2);
        Synapses s = ((OdeRecurrentLayer) dense.getLayer(0).conf().getLayer()).synapses();
        for (String key : dense.getLayer(0).paramTable().keySet()) {
            INDArray from = dense.getLayer(0).paramTable().get(key);
            INDArray to = packed.getLayer(0).paramTable().get(key);
            to.assign(SYNAPSE_KEYS.contains(key) ? Nd4j.createFromArray(presentEntries(from, polarity(s, key)))
                    .reshape(to.shape()) : from);
        }
        packed.getLayer(1).setParams(dense.getLayer(1).params().dup());

        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 5);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2, 5);
        assertTrue(dense.output(x).equalsWithEps(packed.output(x), 1e-12), mode + " outputs");

        for (MultiLayerNetwork net : new MultiLayerNetwork[] {dense, packed}) {
            net.setInput(x);
            net.setLabels(y);
            net.computeGradientAndScore();
        }
        assertEquals(dense.score(), packed.score(), 1e-12);
        Gradient gd = dense.gradient();
        Gradient gp = packed.gradient();
        for (String key : dense.getLayer(0).paramTable().keySet()) {
            INDArray d = gd.getGradientFor("0_" + key);
            INDArray p = gp.getGradientFor("0_" + key);
            double[] expected = SYNAPSE_KEYS.contains(key) ? presentEntries(d, polarity(s, key)) : d.toDoubleVector();
            assertArrayEquals(expected, p.toDoubleVector(), 1e-10, mode + " gradient of " + key);
        }
    }

    @ParameterizedTest
    @EnumSource(ExecutionMode.class)
    void gradientCheck(ExecutionMode mode) {
        Nd4j.getRandom().setSeed(12);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 3).subi(0.5).muli(2);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, 3);
        INDArray mask = Fixtures.trailingMask(3, 3, 2);
        MultiLayerNetwork net = Fixtures.network(layer(true, mode, 1), 2, true, DataType.DOUBLE,
                new org.nd4j.linalg.learning.config.NoOp(), RNNFormat.NCW);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .inputMask(mask).labelMask(mask).subset(true).maxPerParam(4)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)), mode + " packed gradient check");
    }

    @Test
    void roundTripsKeepThePackingAndCircuitsReadIt() throws IOException {
        NrnLayer layer = new NrnLayer.Builder().nOut(2).units(6).unfolds(2).wiring(WIRING)
                .positivity(Positivity.CLIP).packedSynapses(true).build();
        MultiLayerNetwork net = Fixtures.network(layer, 2, false, DataType.DOUBLE, new Adam(0.05), RNNFormat.NCW);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2, 4);
        DataSet ds = new DataSet(x, Nd4j.rand(DataType.DOUBLE, 3, 2, 4));
        INDArray before = net.params().dup();
        net.fit(ds);
        assertNotEquals(before, net.params());

        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        assertEquals(net.getLayerWiseConfigurations(), back);
        assertTrue(((NrnLayer) back.getConf(0).getLayer()).storesPackedSynapses());
        assertNotEquals(layer, layer(false, ExecutionMode.AUTO));

        File file = new File(dir, "packed.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.params(), restored.params());
        assertEquals(net.output(x), restored.output(x));

        NrnCircuit circuit = NrnCircuit.of(restored.getLayer(0));
        Synapses s = circuit.synapses();
        double[] packedWeights = restored.getLayer(0).paramTable().get("recurrentWeight").toDoubleVector();
        int k = 0;
        for (int j = 0; j < 6; j++) {
            for (int i = 0; i < 6; i++) {
                double w = circuit.parameters().recurrentWeight()[j][i];
                assertEquals(s.recurrent(j, i) == 0 ? 0 : Math.max(packedWeights[k++], 0), w, 0.0, j + "->" + i);
            }
        }
    }

    @Test
    void packingNeedsSynapsesOfBothKinds() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Fixtures.network(
                new NrnLayer.Builder().nOut(1).units(2).packedSynapses(true)
                        .wiring(new AdjacencyWiring(new int[][] {{1, 0}}, new int[][] {{0, 0}, {0, 0}})).build(), 1));
        assertTrue(e.getMessage().contains("packedSynapses needs at least one sensory and one recurrent synapse but"
                + " the wiring has 1 and 0"), e.getMessage());
    }

    @Test
    void byDefaultASparseWiringIsPackedAndAFullOneDense() {
        MultiLayerNetwork sparse = Fixtures.network(new NrnLayer.Builder().nOut(2).units(6).wiring(WIRING).build(), 2);
        NrnLayer sparseConf = (NrnLayer) sparse.getLayer(0).conf().getLayer();
        assertTrue(sparseConf.storesPackedSynapses());
        io.github.dl4jnrn.wiring.Synapses s = sparseConf.synapses();
        // per neuron: gL, eL, C; per input: input scale and shift; per output: output scale and shift
        long expected = 4L * (s.sensoryCount() + s.recurrentCount()) + 3 * 6 + 2 * 2 + 2 * 2;
        assertEquals(expected, sparse.getLayer(0).numParams());

        MultiLayerNetwork full = Fixtures.network(new NrnLayer.Builder().nOut(2).units(6).build(), 2);
        assertTrue(!((NrnLayer) full.getLayer(0).conf().getLayer()).storesPackedSynapses());
        assertEquals(4L * (2 * 6 + 6 * 6) + 3 * 6 + 2 * 2 + 2 * 2, full.getLayer(0).numParams());

        // no recurrent synapse at all: dense, without the error an explicit packedSynapses(true) gives
        MultiLayerNetwork none = Fixtures.network(new NrnLayer.Builder().nOut(1).units(2)
                .wiring(new AdjacencyWiring(new int[][] {{1, 0}}, new int[][] {{0, 0}, {0, 0}})).build(), 1);
        assertTrue(!((NrnLayer) none.getLayer(0).conf().getLayer()).storesPackedSynapses());
    }
}
