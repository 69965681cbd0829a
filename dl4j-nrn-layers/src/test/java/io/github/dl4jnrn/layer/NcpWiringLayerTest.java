package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.wiring.AutoNcpWiring;
import io.github.dl4jnrn.wiring.NcpWiring;
import io.github.dl4jnrn.wiring.NeuronRole;
import io.github.dl4jnrn.wiring.RandomWiring;
import io.github.dl4jnrn.wiring.Synapses;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
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
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Layers with a sparse neural circuit policy wiring: absent synapses have no effect and zero gradient, the
 * gradient check passes, impossible wirings fail when the layer is built, and round trips keep the wiring.
 */
class NcpWiringLayerTest {

    private static final AutoNcpWiring WIRING = new AutoNcpWiring(6, 2, 0.5, 3);

    @TempDir
    File dir;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    /** Dense synapse storage, so that the tests can look at absent synapses' entries. */
    private static OdeRecurrentLayer layer(Fixtures.Kind kind) {
        return Fixtures.dense(kind.builder()).nOut(2).units(6).solver(OdeSolver.FUSED).unfolds(1).chunkLength(2)
                .wiring(WIRING).build();
    }

    @ParameterizedTest
    @EnumSource(Fixtures.Kind.class)
    void absentSynapsesHaveNoEffectAndZeroGradient(Fixtures.Kind kind) {
        MultiLayerNetwork net = Fixtures.network(layer(kind), 2);
        OdeRecurrentLayer conf = (OdeRecurrentLayer) net.getLayer(0).conf().getLayer();
        Synapses s = conf.synapses();
        assertTrue(s.recurrentCount() < 36 && s.sensoryCount() < 12, s.toString());
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2, 4);
        INDArray before = net.output(x);

        String sensoryKey = kind == Fixtures.Kind.NRN ? "sensoryWeight" : "inputWeight";
        INDArray sensory = net.getLayer(0).paramTable().get(sensoryKey);
        INDArray recurrent = net.getLayer(0).paramTable().get("recurrentWeight");
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 6; i++) {
                if (s.sensory(k, i) == 0) {
                    sensory.putScalar(k, i, 3.0);
                }
            }
        }
        for (int j = 0; j < 6; j++) {
            for (int i = 0; i < 6; i++) {
                if (s.recurrent(j, i) == 0) {
                    recurrent.putScalar(j, i, -4.0);
                }
            }
        }
        assertEquals(before, net.output(x), "changing absent synapses changed the output");

        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Gradient g = net.gradient();
        INDArray gs = g.getGradientFor("0_" + sensoryKey);
        INDArray gr = g.getGradientFor("0_recurrentWeight");
        double present = 0;
        for (int j = 0; j < 6; j++) {
            for (int i = 0; i < 6; i++) {
                if (s.recurrent(j, i) == 0) {
                    assertEquals(0.0, gr.getDouble(j, i), 0.0, "recurrent " + j + " -> " + i);
                } else {
                    present += Math.abs(gr.getDouble(j, i));
                }
                if (j < 2 && s.sensory(j, i) == 0) {
                    assertEquals(0.0, gs.getDouble(j, i), 0.0, "sensory " + j + " -> " + i);
                }
            }
        }
        assertTrue(present > 0, "present synapses got no gradient");

        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig()
                .net(Fixtures.network(layer(kind), 2)).input(x).labels(y).subset(true).maxPerParam(8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)), kind + " gradient check with a sparse NCP");
    }

    @Test
    void layerKnowsItsRolesAndRejectsWiringsThatDoNotFit() {
        NeuronRole[] roles = layer(Fixtures.Kind.NRN).roles();
        assertEquals(NeuronRole.MOTOR, roles[0]);
        assertEquals(NeuronRole.MOTOR, roles[1]);
        assertEquals(NeuronRole.INTER, roles[5]);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NrnLayer.Builder().nOut(3).units(6).wiring(WIRING).build());
        assertTrue(e.getMessage().startsWith("NrnLayer: "), e.getMessage());
        assertTrue(e.getMessage().contains("nOut must equal the number of motor neurons (2) but was 3"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CtRnnLayer.Builder().nOut(2).units(7)
                .wiring(new NcpWiring(2, 2, 2, 1, 1, 1, 1, 1)).build());
        assertTrue(e.getMessage().contains("units must be inter + command + motor neurons (2 + 2 + 2 = 6) but was 7"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Fixtures.network(new NrnLayer.Builder().nOut(1)
                .units(2).wiring(new RandomWiring(0.9, 1)).build(), 1));
        assertTrue(e.getMessage().contains("leaves no sensory synapse"), e.getMessage());
    }

    @Test
    void jsonAndModelSerializerRoundTripsKeepTheWiring() throws IOException {
        OdeRecurrentLayer layer = new NrnLayer.Builder().nOut(2).units(6).unfolds(2)
                .wiring(new NcpWiring(2, 2, 2, 1, 2, 3, 2, 9)).build();
        MultiLayerNetwork net = Fixtures.network(layer, 3);
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(net.getLayerWiseConfigurations().toJson());
        OdeRecurrentLayer restoredConf = (OdeRecurrentLayer) back.getConf(0).getLayer();
        assertEquals(layer.getWiring(), restoredConf.getWiring());
        assertEquals(((OdeRecurrentLayer) net.getLayer(0).conf().getLayer()).synapses(), restoredConf.synapses());

        File file = new File(dir, "ncp.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        OdeRecurrentLayer r = (OdeRecurrentLayer) restored.getLayer(0).conf().getLayer();
        assertEquals(layer.getWiring(), r.getWiring());
        assertEquals(((OdeRecurrentLayer) net.getLayer(0).conf().getLayer()).synapses(), r.synapses());
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 4);
        assertEquals(net.output(x), restored.output(x));
    }
}
