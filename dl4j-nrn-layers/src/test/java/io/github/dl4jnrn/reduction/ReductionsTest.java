package io.github.dl4jnrn.reduction;

import io.github.dl4jnrn.cell.Cell;
import io.github.dl4jnrn.cell.CellIntegrator;
import io.github.dl4jnrn.cell.NrnCell;
import io.github.dl4jnrn.cell.NrnParameters;
import io.github.dl4jnrn.layer.NeuralOdeLayer;
import io.github.dl4jnrn.layer.ResidualStackLayer;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each conversion of {@link Reductions} against the source model's outputs: the exact ones to 1e-9 in double
 * precision, the NRN limit with its error falling about tenfold per tenfold {@code k}, and the exact form of
 * the NRN's remainder term.
 */
class ReductionsTest {

    private static final double EXACT = 1e-9;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    // ---------------------------------------------------------------- fixtures

    private static double[][] uniform(Random r, int rows, int cols, double lo, double hi) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = lo + (hi - lo) * r.nextDouble();
            }
        }
        return m;
    }

    /** A tanh synaptic network (a CT-RNN in per-synapse form) with sensory synapses and leaks. */
    static SynapticParameters randomNetwork(long seed, int inputs, int units, int outputs, boolean leaky) {
        Random r = new Random(seed);
        double[] leak = leaky ? uniform(r, 1, units, 0.5, 2)[0] : new double[units];
        return new SynapticParameters(SynapseFunction.TANH,
                uniform(r, inputs, units, -1, 1), uniform(r, inputs, units, 0.5, 3), uniform(r, inputs, units, -.5, .5),
                uniform(r, units, units, -1, 1), uniform(r, units, units, 0.5, 3), uniform(r, units, units, -.5, .5),
                uniform(r, 1, units, -0.5, 0.5)[0], leak, uniform(r, 1, outputs, 0.5, 2)[0],
                uniform(r, 1, outputs, -1, 1)[0]);
    }

    private static double maxDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int t = 0; t < a.length; t++) {
            for (int o = 0; o < a[t].length; o++) {
                max = Math.max(max, Math.abs(a[t][o] - b[t][o]));
            }
        }
        return max;
    }

    private static MultiLayerNetwork network(Layer layer, InputType input) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(5)
                .dataType(DataType.DOUBLE).updater(new Adam(0.05)).list().layer(layer)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .setInputType(input).build());
        net.init();
        return net;
    }

    private static INDArray layerOutput(MultiLayerNetwork net, INDArray x) {
        return net.feedForwardToLayer(0, x, false).get(1);
    }

    private static void randomise(MultiLayerNetwork net, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (INDArray p : net.getLayer(0).paramTable().values()) {
            p.assign(Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.5).muli(2));
        }
    }

    // ---------------------------------------------------------------- tanh / sigmoid

    @Test
    void tanhAndSigmoidFormsGiveTheSameOutputs() {
        SynapticParameters tanh = randomNetwork(1, 2, 4, 2, true);
        SynapticParameters sigmoid = Reductions.sigmoidForm(tanh);
        assertEquals(SynapseFunction.SIGMOID, sigmoid.function());
        assertEquals(2 * tanh.recurrentWeight()[1][2], sigmoid.recurrentWeight()[1][2], 1e-15);

        double[][] inputs = uniform(new Random(2), 6, 2, -1, 1);
        CellIntegrator integrator = new CellIntegrator(OdeSolver.RK4, 4);
        double[][] a = integrator.run(new SynapticCell(tanh), inputs).outputs();
        double[][] b = integrator.run(new SynapticCell(sigmoid), inputs).outputs();
        assertTrue(maxDifference(a, b) < EXACT, "difference " + maxDifference(a, b));
        assertTrue(Math.abs(a[5][0]) > 1e-3, "the outputs must not be trivially zero");

        SynapticParameters back = Reductions.tanhForm(sigmoid);
        assertEquals(SynapseFunction.TANH, back.function());
        for (int i = 0; i < tanh.units(); i++) {
            assertEquals(tanh.bias()[i], back.bias()[i], 1e-12);
            assertEquals(tanh.sensorySteepness()[1][i], back.sensorySteepness()[1][i], 1e-12);
        }
    }

    // ---------------------------------------------------------------- NeuralODE -> synaptic network

    @ParameterizedTest
    @EnumSource(OdeSolver.class)
    void neuralOdeIsAnAugmentedSynapticNetwork(OdeSolver solver) {
        for (Activation activation : new Activation[] {Activation.TANH, Activation.SIGMOID}) {
            double horizon = 1.5;
            int unfolds = 3;
            MultiLayerNetwork net = network(new NeuralOdeLayer.Builder().hiddenLayers(4).activation(activation)
                    .solver(solver).unfolds(unfolds).horizon(horizon).build(), InputType.feedForward(3));
            randomise(net, 11);
            INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3).subi(0.5).muli(2);
            INDArray expected = layerOutput(net, x);

            AugmentedNeuralOde aug = Reductions.synapticNetwork(net.getLayer(0));
            assertEquals(7, aug.network().units());
            CellIntegrator integrator = new CellIntegrator(solver, unfolds);
            for (SynapticParameters form : new SynapticParameters[] {aug.network(),
                Reductions.sigmoidForm(aug.network())}) {
                for (int b = 0; b < 3; b++) {
                    double[] start = aug.initialState(x.getRow(b).toDoubleVector());
                    double[] out = integrator.run(new SynapticCell(form), new double[1][0], new double[] {horizon},
                            null, start).outputs()[0];
                    for (int i = 0; i < 3; i++) {
                        assertEquals(expected.getDouble(b, i), out[i], EXACT, solver + " " + activation);
                    }
                }
            }
            assertTrue(expected.sub(x).norm2Number().doubleValue() > 0.1, "the field must move the state");
        }
    }

    @Test
    void synapticNetworkNeedsOneSynapticHiddenLayer() {
        MultiLayerNetwork deep = network(new NeuralOdeLayer.Builder().hiddenLayers(3, 3).build(),
                InputType.feedForward(2));
        assertThrows(IllegalArgumentException.class, () -> Reductions.synapticNetwork(deep.getLayer(0)));
        MultiLayerNetwork relu = network(new NeuralOdeLayer.Builder().hiddenLayers(3).activation(Activation.RELU)
                .build(), InputType.feedForward(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reductions.synapticNetwork(relu.getLayer(0)));
        assertTrue(e.getMessage().contains("RELU"), e.getMessage());
    }

    // ---------------------------------------------------------------- NeuralODE <-> ResNet

    @Test
    void trainedNeuralOdeAndResidualStackConvertExactly() {
        MultiLayerNetwork ode = network(new NeuralOdeLayer.Builder().hiddenLayers(5).solver(OdeSolver.EULER)
                .unfolds(4).horizon(1.2).build(), InputType.feedForward(3));
        Nd4j.getRandom().setSeed(3);
        DataSet ds = new DataSet(Nd4j.rand(DataType.DOUBLE, 8, 3), Nd4j.rand(DataType.DOUBLE, 8, 2));
        for (int i = 0; i < 5; i++) {
            ode.fit(ds);
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3).subi(0.5).muli(2);
        INDArray expected = layerOutput(ode, x);

        ConvertedLayer res = Reductions.residualStack(ode.getLayer(0));
        ResidualStackLayer stackConf = (ResidualStackLayer) res.configuration();
        assertEquals(4, stackConf.getBlocks());
        assertEquals(0.3, stackConf.getStepSize(), 1e-15);
        MultiLayerNetwork stack = network(stackConf, InputType.feedForward(3));
        res.applyTo(stack.getLayer(0));
        assertTrue(expected.equalsWithEps(layerOutput(stack, x), EXACT), "ResNet differs from the NeuralODE");

        ConvertedLayer back = Reductions.neuralOde(stack.getLayer(0));
        MultiLayerNetwork ode2 = network(back.configuration(), InputType.feedForward(3));
        back.applyTo(ode2.getLayer(0));
        assertTrue(expected.equalsWithEps(layerOutput(ode2, x), EXACT), "NeuralODE differs from the ResNet");

        MultiLayerNetwork untied = network(new ResidualStackLayer.Builder().hiddenLayers(5).blocks(3).build(),
                InputType.feedForward(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Reductions.neuralOde(untied.getLayer(0)));
        assertTrue(e.getMessage().contains("not tied"), e.getMessage());
        MultiLayerNetwork rk4 = network(new NeuralOdeLayer.Builder().solver(OdeSolver.RK4).build(),
                InputType.feedForward(3));
        assertThrows(IllegalArgumentException.class, () -> Reductions.residualStack(rk4.getLayer(0)));
    }

    // ---------------------------------------------------------------- synaptic network -> NRN

    /** The remainder of the multiplicative term, exactly as documented. */
    @Test
    void nrnFieldDiffersByExactlyTheMultiplicativeRemainder() {
        for (boolean leaky : new boolean[] {true, false}) {
            SynapticParameters p = randomNetwork(4, 2, 3, 2, leaky);
            SynapticParameters q = Reductions.sigmoidForm(p);
            double k = 37;
            NrnParameters nrn = Reductions.nrn(p, k);
            Random r = new Random(5);
            double[] u = uniform(r, 1, 2, -1, 1)[0];
            double[] x = uniform(r, 1, 3, -2, 2)[0];
            double[] fNrn = new NrnCell(nrn).field(u).derivative(x);
            double[] fSyn = new SynapticCell(p).field(u).derivative(x);
            for (int i = 0; i < 3; i++) {
                double c = leaky ? 0 : 1;
                for (int j = 0; j < 3; j++) {
                    double z = q.recurrentSteepness()[j][i] * (x[j] - q.recurrentMidpoint()[j][i]);
                    c += Math.abs(q.recurrentWeight()[j][i]) * SynapseFunction.SIGMOID.value(z);
                }
                for (int m = 0; m < 2; m++) {
                    double z = q.sensorySteepness()[m][i] * (u[m] - q.sensoryMidpoint()[m][i]);
                    c += Math.abs(q.sensoryWeight()[m][i]) * SynapseFunction.SIGMOID.value(z);
                }
                assertEquals(-x[i] * c / k, fNrn[i] - fSyn[i], EXACT, "neuron " + i + (leaky ? "" : " leak-free"));
                assertTrue(Math.abs(fNrn[i] - fSyn[i]) > 1e-4, "the remainder must be visible at k = 37");
            }
        }
    }

    @Test
    void nrnOutputsApproachTheSourceLikeOneOverK() {
        SynapticParameters ctrnn = randomNetwork(6, 2, 4, 2, true);
        double[][] inputs = uniform(new Random(7), 5, 2, -1, 1);
        assertConvergesLikeOneOverK(new SynapticCell(ctrnn), k -> new NrnCell(Reductions.nrn(ctrnn, k)), inputs,
                null, null);

        // the leak-free case: a NeuralODE's synaptic network, from its augmented initial state
        MultiLayerNetwork net = network(new NeuralOdeLayer.Builder().hiddenLayers(3).solver(OdeSolver.RK4)
                .unfolds(8).horizon(1).build(), InputType.feedForward(2));
        randomise(net, 8);
        AugmentedNeuralOde aug = Reductions.synapticNetwork(net.getLayer(0));
        double[] start = aug.initialState(new double[] {0.4, -0.3});
        assertConvergesLikeOneOverK(new SynapticCell(aug.network()),
                k -> new NrnCell(Reductions.nrn(aug.network(), k)), new double[1][0], new double[] {1}, start);
    }

    private static void assertConvergesLikeOneOverK(Cell source, java.util.function.DoubleFunction<Cell> nrn,
                                                    double[][] inputs, double[] elapsed, double[] start) {
        CellIntegrator integrator = new CellIntegrator(OdeSolver.RK4, 8);
        double[] initial = start == null ? new double[source.units()] : start;
        double[][] expected = integrator.run(source, inputs, elapsed, null, initial).outputs();
        double previous = Double.NaN;
        for (double k = 10; k <= 1e4; k *= 10) {
            double error = maxDifference(expected, integrator.run(nrn.apply(k), inputs, elapsed, null, initial)
                    .outputs());
            if (!Double.isNaN(previous)) {
                double ratio = previous / error;
                assertTrue(ratio > 7 && ratio < 14, "error ratio " + ratio + " at k = " + k);
            }
            previous = error;
        }
        assertTrue(previous < 1e-3, "error " + previous + " at k = 1e4");
    }

    @Test
    void nrnLayerComputesTheNrnParameters() {
        NrnParameters p = Reductions.nrn(randomNetwork(9, 2, 3, 2, true), 20);
        ConvertedLayer converted = Reductions.nrnLayer(p, OdeSolver.RK4, 3);
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .list().layer(converted.configuration())
                .layer(new org.deeplearning4j.nn.conf.layers.RnnOutputLayer.Builder(LossFunctions.LossFunction.MSE)
                        .nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.recurrent(2)).build());
        net.init();
        converted.applyTo(net.getLayer(0));
        double[][] inputs = uniform(new Random(10), 4, 2, -1, 1);
        INDArray x = Nd4j.create(DataType.DOUBLE, 1, 2, 4);
        for (int t = 0; t < 4; t++) {
            for (int k = 0; k < 2; k++) {
                x.putScalar(0, k, t, inputs[t][k]);
            }
        }
        INDArray actual = net.feedForwardToLayer(0, x, false).get(1);
        double[][] expected = new CellIntegrator(OdeSolver.RK4, 3).run(new NrnCell(p), inputs).outputs();
        for (int t = 0; t < 4; t++) {
            for (int o = 0; o < 2; o++) {
                assertEquals(expected[t][o], actual.getDouble(0, o, t), EXACT);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> Reductions.nrn(randomNetwork(1, 1, 2, 1, true), 0));
    }
}
