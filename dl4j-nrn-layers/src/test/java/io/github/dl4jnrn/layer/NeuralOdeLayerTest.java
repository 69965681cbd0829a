package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.DenseFieldKernel;
import io.github.dl4jnrn.solver.OdeSolver;
import io.github.dl4jnrn.solver.SplitVectorField;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NeuralODE and residual-stack layers: exact solutions, an independent ND4J implementation, the SameDiff
 * definition, gradient checks in double precision for every solver (MultiLayerNetwork and ComputationGraph,
 * a dense layer before so the input gradient is checked too), a ResNet equal to Euler steps of a NeuralODE
 * with tied weights, configuration errors and serialization round trips.
 */
class NeuralOdeLayerTest {

    @TempDir
    File dir;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    static MultiLayerNetwork network(ContinuousDepthLayer layer, int nIn, boolean denseBefore, IUpdater updater) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(12345)
                .dataType(DataType.DOUBLE).updater(updater).list();
        if (denseBefore) {
            list.layer(new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build());
        }
        list.layer(layer).layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                .activation(Activation.IDENTITY).build());
        MultiLayerNetwork net = new MultiLayerNetwork(list.setInputType(InputType.feedForward(nIn)).build());
        net.init();
        return net;
    }

    static ComputationGraph graph(ContinuousDepthLayer layer, int nIn) {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(12345)
                .dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder().addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), "in")
                .addLayer("ode", layer, "dense")
                .addLayer("out", new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2)
                        .activation(Activation.IDENTITY).build(), "ode")
                .setOutputs("out").setInputTypes(InputType.feedForward(nIn)).build();
        ComputationGraph g = new ComputationGraph(conf);
        g.init();
        return g;
    }

    private static NeuralOdeLayer ode(OdeSolver solver, int unfolds) {
        return new NeuralOdeLayer.Builder().hiddenLayers(4).activation(Activation.TANH).solver(solver)
                .unfolds(unfolds).horizon(0.7).build();
    }

    /** @return the output of layer {@code index} of a network */
    private static INDArray layerOutput(MultiLayerNetwork net, int index, INDArray x) {
        return net.feedForwardToLayer(index, x, false).get(index + 1);
    }

    // ---------------------------------------------------------------- exact values

    /** x' = -x, x(0) = 1, one step of 0.1: the values of MODEL.md; the fused step is Euler for this field. */
    @ParameterizedTest
    @EnumSource(OdeSolver.class)
    void linearDecayOneStep(OdeSolver solver) {
        NeuralOdeLayer layer = new NeuralOdeLayer.Builder().hiddenLayers().solver(solver).unfolds(1).horizon(0.1)
                .build();
        MultiLayerNetwork net = network(layer, 1, false, new NoOp());
        net.getLayer(0).setParam(DenseFieldKernel.weightKey("", 0), Nd4j.createFromArray(new double[][] {{-1}}));
        double expected = switch (solver) {
            case EULER, FUSED -> 0.9;
            case HEUN, MIDPOINT -> 0.905;
            case RK4 -> 0.9048375;
        };
        double actual = layerOutput(net, 0, Nd4j.createFromArray(new double[][] {{1}})).getDouble(0, 0);
        assertEquals(expected, actual, 1e-12, solver.name());
    }

    /** RK4 on a linear system with many steps approaches the exact rotation. */
    @Test
    void rotationMatchesMatrixExponential() {
        NeuralOdeLayer layer = new NeuralOdeLayer.Builder().hiddenLayers().solver(OdeSolver.RK4).unfolds(40)
                .horizon(2).build();
        MultiLayerNetwork net = network(layer, 2, false, new NoOp());
        // x W with W = [[0, -1], [1, 0]]: dx0/dt = x1, dx1/dt = -x0
        net.getLayer(0).setParam(DenseFieldKernel.weightKey("", 0),
                Nd4j.createFromArray(new double[][] {{0, -1}, {1, 0}}));
        INDArray out = layerOutput(net, 0, Nd4j.createFromArray(new double[][] {{1, 0}}));
        assertEquals(Math.cos(2), out.getDouble(0, 0), 1e-7);
        assertEquals(-Math.sin(2), out.getDouble(0, 1), 1e-7);
    }

    // ---------------------------------------------------------------- independent implementations

    /** The layer against the same computation in ND4J ops integrated by OdeSolver, and against defineLayer. */
    @ParameterizedTest
    @EnumSource(OdeSolver.class)
    void matchesIndependentImplementationAndSameDiffDefinition(OdeSolver solver) {
        NeuralOdeLayer layer = new NeuralOdeLayer.Builder().hiddenLayers(5, 3).activation(Activation.SIGMOID)
                .solver(solver).unfolds(3).horizon(1.3).build();
        MultiLayerNetwork net = network(layer, 3, false, new NoOp());
        Map<String, INDArray> params = net.getLayer(0).paramTable();
        for (INDArray p : params.values()) {
            p.assign(Nd4j.rand(DataType.DOUBLE, p.shape()).subi(0.5));
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 3).subi(0.5).muli(2);
        INDArray actual = layerOutput(net, 0, x);

        for (int b = 0; b < 4; b++) {
            double[] expected = solver.integrate(nd4jField(params, 3), x.getRow(b).toDoubleVector(), 1.3, 3);
            double[] plain = layer.integrate(params, x.getRow(b).toDoubleVector());
            for (int i = 0; i < 3; i++) {
                assertEquals(expected[i], actual.getDouble(b, i), 1e-12);
                assertEquals(expected[i], plain[i], 1e-12);
            }
        }

        SameDiff sd = SameDiff.create();
        SDVariable in = sd.constant("x", x);
        Map<String, SDVariable> vars = new HashMap<>();
        params.forEach((k, v) -> vars.put(k, sd.constant(k, v.dup())));
        INDArray definition = layer.defineLayer(sd, in, vars, null).eval();
        assertTrue(definition.equalsWithEps(actual, 1e-12), "SameDiff definition differs");
    }

    /** {@code f(x) = sigmoid(sigmoid(x W0 + b0) W1 + b1) W2 + b2} in ND4J ops, with rate zero. */
    private static SplitVectorField<double[]> nd4jField(Map<String, INDArray> p, int layers) {
        return new SplitVectorField<>() {
            @Override
            public double[] gain(double[] state) {
                INDArray h = Nd4j.createFromArray(new double[][] {state});
                for (int l = 0; l < layers; l++) {
                    h = h.mmul(p.get("weight" + l)).addRowVector(p.get("bias" + l));
                    h = l < layers - 1 ? Transforms.sigmoid(h, true) : h;
                }
                return h.toDoubleVector();
            }

            @Override
            public double[] rate(double[] state) {
                return new double[state.length];
            }

            @Override
            public double[] derivative(double[] state) {
                return gain(state);
            }
        };
    }

    // ---------------------------------------------------------------- gradients

    @ParameterizedTest
    @EnumSource(OdeSolver.class)
    void gradientCheckMultiLayerNetworkAndGraph(OdeSolver solver) {
        Nd4j.getRandom().setSeed(42);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2).subi(0.5).muli(2);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2);
        MultiLayerNetwork net = network(ode(solver, 2), 2, true, new NoOp());
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)), solver + " MultiLayerNetwork");
        ComputationGraph g = graph(ode(solver, 2), 2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)), solver + " ComputationGraph");
    }

    @Test
    void gradientCheckResidualStack() {
        Nd4j.getRandom().setSeed(43);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 2).subi(0.5).muli(2);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2);
        ResidualStackLayer stack = new ResidualStackLayer.Builder().blocks(3).stepSize(0.5).hiddenLayers(3, 2)
                .activation(Activation.SOFTSIGN).build();
        MultiLayerNetwork net = network(stack, 2, true, new NoOp());
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)), "ResidualStack MultiLayerNetwork");
        ComputationGraph g = graph(new ResidualStackLayer.Builder().blocks(2).hiddenLayers(3).build(), 2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig().net(g)
                .inputs(new INDArray[] {x}).labels(new INDArray[] {y})
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)), "ResidualStack ComputationGraph");
    }

    // ---------------------------------------------------------------- ResNet = Euler

    /** A residual stack whose blocks all hold the NeuralODE's weights, step T/N, equals N Euler unfolds. */
    @Test
    void residualStackWithTiedWeightsEqualsEulerNeuralOde() {
        int blocks = 5;
        double horizon = 2.0;
        MultiLayerNetwork ode = network(new NeuralOdeLayer.Builder().hiddenLayers(6).solver(OdeSolver.EULER)
                .unfolds(blocks).horizon(horizon).build(), 3, false, new NoOp());
        MultiLayerNetwork res = network(new ResidualStackLayer.Builder().hiddenLayers(6).blocks(blocks)
                .stepSize(horizon / blocks).build(), 3, false, new NoOp());
        Map<String, INDArray> odeParams = ode.getLayer(0).paramTable();
        for (int b = 0; b < blocks; b++) {
            for (Map.Entry<String, INDArray> e : odeParams.entrySet()) {
                res.getLayer(0).setParam("block" + b + e.getKey(), e.getValue().dup());
            }
        }
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 3).subi(0.5).muli(4);
        INDArray a = layerOutput(ode, 0, x);
        INDArray b = layerOutput(res, 0, x);
        assertTrue(a.equalsWithEps(b, 1e-12), "ResNet differs from Euler NeuralODE");
        assertTrue(a.sub(x).norm2Number().doubleValue() > 0.1, "the test must move the state");

        // untied weights change the result: the blocks are really separate
        res.getLayer(0).setParam("block2bias1", Nd4j.ones(DataType.DOUBLE, 1, 3));
        assertTrue(layerOutput(res, 0, x).sub(a).norm2Number().doubleValue() > 1e-3);
    }

    /** The MODEL.md case f(x) = tanh(0.5 x), x(0) = 1, three blocks of h = 1. */
    @Test
    void residualStackKnownValues() {
        MultiLayerNetwork res = network(new ResidualStackLayer.Builder().hiddenLayers(1).blocks(3).build(), 1, false,
                new NoOp());
        for (int b = 0; b < 3; b++) {
            res.getLayer(0).setParam("block" + b + "weight0", Nd4j.createFromArray(new double[][] {{0.5}}));
            res.getLayer(0).setParam("block" + b + "weight1", Nd4j.createFromArray(new double[][] {{1}}));
        }
        assertEquals(2.86486621337407, layerOutput(res, 0, Nd4j.createFromArray(new double[][] {{1}}))
                .getDouble(0, 0), 1e-12);
    }

    // ---------------------------------------------------------------- configuration

    @Test
    void badSettingsAreRejectedWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new NeuralOdeLayer.Builder().unfolds(0).build());
        assertEquals("NeuralOdeLayer: unfolds must be at least 1 but was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NeuralOdeLayer.Builder().horizon(-1).build());
        assertThrows(IllegalArgumentException.class, () -> new NeuralOdeLayer.Builder().horizon(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> new NeuralOdeLayer.Builder().solver(null).build());
        e = assertThrows(IllegalArgumentException.class, () -> new NeuralOdeLayer.Builder().hiddenLayers(4, 0)
                .build());
        assertTrue(e.getMessage().contains("hidden layer width must be at least 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ResidualStackLayer.Builder().name("res")
                .blocks(0).build());
        assertEquals("ResidualStackLayer 'res': blocks must be at least 1 but was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ResidualStackLayer.Builder().stepSize(0).build());
        e = assertThrows(IllegalArgumentException.class, () -> new NeuralOdeLayer.Builder()
                .activation(Activation.CUBE).build());
        assertTrue(e.getMessage().contains("activation must be one of"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new NeuralNetConfiguration.Builder().list()
                .layer(new NeuralOdeLayer.Builder().build()).setInputType(InputType.recurrent(3)).build());
    }

    // ---------------------------------------------------------------- serialization

    @Test
    void jsonAndModelSerializerRoundTrips() throws IOException {
        ContinuousDepthLayer[] layers = {
            new NeuralOdeLayer.Builder().name("ode").hiddenLayers(4, 3).activation(Activation.SOFTPLUS)
                    .solver(OdeSolver.MIDPOINT).unfolds(3).horizon(0.8).build(),
            new ResidualStackLayer.Builder().name("res").hiddenLayers(2).blocks(3).stepSize(0.25).build()};
        for (ContinuousDepthLayer layer : layers) {
            MultiLayerNetwork net = network(layer, 3, true, new Adam(0.05));
            MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
            MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(conf.toJson());
            assertEquals(conf, back);
            assertEquals(layer, back.getConf(1).getLayer());
            ComputationGraphConfiguration g = graph(layer, 3).getConfiguration();
            assertEquals(g, ComputationGraphConfiguration.fromJson(g.toJson()));

            DataSet ds = new DataSet(Nd4j.rand(DataType.DOUBLE, 6, 3), Nd4j.rand(DataType.DOUBLE, 6, 2));
            Fixtures.assertSaveLoadContinues(net, ds, new File(dir, layer.getLayerName() + ".zip"));

            ComputationGraph cg = graph(layer, 3);
            File cgFile = new File(dir, layer.getLayerName() + "-graph.zip");
            ModelSerializer.writeModel(cg, cgFile, true);
            assertEquals(cg.outputSingle(ds.getFeatures()),
                    ModelSerializer.restoreComputationGraph(cgFile, true).outputSingle(ds.getFeatures()));
        }
    }

    /** A FLOAT network computes the same as a DOUBLE one, to float precision. */
    @Test
    void floatNetworkMatchesDouble() {
        MultiLayerNetwork d = network(ode(OdeSolver.HEUN, 3), 2, true, new NoOp());
        MultiLayerNetwork f = new MultiLayerNetwork(d.getLayerWiseConfigurations().clone());
        f.getLayerWiseConfigurations().setDataType(DataType.FLOAT);
        f.init(d.params().castTo(DataType.FLOAT), true);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 4, 2);
        INDArray yd = d.output(x);
        INDArray yf = f.output(x.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, yf.dataType());
        assertTrue(yd.castTo(DataType.FLOAT).equalsWithEps(yf, 1e-5), yd + " vs " + yf);
    }

    /** Training reduces the loss: the gradients point the right way in a real fit. */
    @Test
    void trainingReducesTheLoss() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 32, 2).subi(0.5).muli(2);
        INDArray y = Transforms.sin(x.mul(2), true);
        MultiLayerNetwork net = network(ode(OdeSolver.RK4, 2), 2, true, new Adam(0.03));
        DataSet ds = new DataSet(x, y);
        double before = net.score(ds);
        for (int i = 0; i < 60; i++) {
            net.fit(ds);
        }
        assertTrue(net.score(ds) < 0.5 * before, "score " + before + " -> " + net.score(ds));
    }
}
