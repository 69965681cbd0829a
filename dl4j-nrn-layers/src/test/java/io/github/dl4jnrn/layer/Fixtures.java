package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.Cell;
import io.github.dl4jnrn.cell.CellIntegrator;
import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.RnnOutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.util.Map;

/** Networks and reference computations shared by the layer tests. */
final class Fixtures {

    private Fixtures() {
    }

    /** The two cells. */
    enum Kind {
        NRN, CTRNN;

        OdeRecurrentLayer.Builder<?> builder() {
            return this == NRN ? new NrnLayer.Builder() : new CtRnnLayer.Builder();
        }
    }

    /** A small layer builder: 2 outputs, 3 neurons, chunks of 2 steps so that sequences span chunks. */
    static OdeRecurrentLayer.Builder<?> small(Kind kind, OdeSolver solver, int unfolds) {
        return kind.builder().nOut(2).units(3).solver(solver).unfolds(unfolds).chunkLength(2);
    }

    /**
     * @return the builder set to store synapse parameters as dense matrices with absent synapses masked (for an
     *         NRN; a CT-RNN always does), for tests that look into those matrices
     */
    static OdeRecurrentLayer.Builder<?> dense(OdeRecurrentLayer.Builder<?> b) {
        return b instanceof NrnLayer.Builder nrn ? nrn.packedSynapses(false) : b;
    }

    /**
     * A network: optionally a dense layer before the ODE layer, the ODE layer, and an output layer
     * (RnnOutputLayer for sequences, OutputLayer for the last step).
     */
    static MultiLayerNetwork network(OdeRecurrentLayer layer, int nIn, boolean denseBefore, DataType type,
                                     IUpdater updater, RNNFormat format) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder().seed(12345).dataType(type)
                .updater(updater).list();
        if (denseBefore) {
            list.layer(new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build());
        }
        list.layer(layer);
        list.layer(outputLayer(layer));
        MultiLayerConfiguration conf = list.setInputType(InputType.recurrent(nIn, format)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static MultiLayerNetwork network(OdeRecurrentLayer layer, int nIn) {
        return network(layer, nIn, false, DataType.DOUBLE, new NoOp(), RNNFormat.NCW);
    }

    static org.deeplearning4j.nn.conf.layers.Layer outputLayer(OdeRecurrentLayer layer) {
        if (layer.isReturnSequences()) {
            return new RnnOutputLayer.Builder().nOut(2).activation(Activation.IDENTITY)
                    .lossFunction(LossFunctions.LossFunction.MSE).dataFormat(layer.getRnnDataFormat()).build();
        }
        return new OutputLayer.Builder().nOut(2).activation(Activation.IDENTITY)
                .lossFunction(LossFunctions.LossFunction.MSE).build();
    }

    /** The same as {@link #network} as a ComputationGraph. */
    static ComputationGraph graph(OdeRecurrentLayer layer, int nIn, boolean denseBefore) {
        ComputationGraphConfiguration.GraphBuilder b = new NeuralNetConfiguration.Builder().seed(12345)
                .dataType(DataType.DOUBLE).updater(new NoOp()).graphBuilder().addInputs("in");
        String last = "in";
        if (denseBefore) {
            b.addLayer("dense", new DenseLayer.Builder().nOut(3).activation(Activation.TANH).build(), last);
            last = "dense";
        }
        b.addLayer("ode", layer, last).addLayer("out", outputLayer(layer), "ode").setOutputs("out")
                .setInputTypes(InputType.recurrent(nIn));
        ComputationGraph g = new ComputationGraph(b.build());
        g.init();
        return g;
    }

    /** @return a mask with the given number of present steps per example, trailing steps absent */
    static INDArray trailingMask(int steps, int... lengths) {
        INDArray m = Nd4j.zeros(DataType.DOUBLE, lengths.length, steps);
        for (int b = 0; b < lengths.length; b++) {
            for (int t = 0; t < lengths[b]; t++) {
                m.putScalar(b, t, 1);
            }
        }
        return m;
    }

    /**
     * Runs the plain cell of an ODE layer of a network over each example, as the reference for the layer.
     *
     * @param input   {@code [minibatch, nIn, T]} (NCW), the layer's own input
     * @param mask    {@code [minibatch, T]} or null
     * @return the sequence outputs {@code [minibatch, nOut, T]}, masked steps holding the state
     */
    static double[][][] plainOutputs(Layer layer, INDArray input, INDArray mask) {
        OdeRecurrentLayer conf = (OdeRecurrentLayer) layer.conf().getLayer();
        Map<String, INDArray> params = layer.paramTable();
        Cell cell = conf.plainCell(params);
        CellIntegrator integrator = new CellIntegrator(conf.getSolver(), conf.getUnfolds());
        int minibatch = (int) input.size(0);
        int steps = (int) input.size(2);
        int features = conf.featureCount();
        double[][][] out = new double[minibatch][][];
        for (int b = 0; b < minibatch; b++) {
            double[][] x = new double[steps][features];
            double[] elapsed = conf.isElapsedTimeInput() ? new double[steps] : null;
            boolean[] present = new boolean[steps];
            for (int t = 0; t < steps; t++) {
                for (int k = 0; k < features; k++) {
                    x[t][k] = input.getDouble(b, k, t);
                }
                if (elapsed != null) {
                    elapsed[t] = input.getDouble(b, features, t);
                }
                present[t] = mask == null || mask.getDouble(b, t) != 0;
            }
            double[][] y = integrator.run(cell, x, elapsed, present, new double[cell.units()]).outputs();
            out[b] = new double[cell.outputSize()][steps];
            for (int t = 0; t < steps; t++) {
                for (int o = 0; o < cell.outputSize(); o++) {
                    out[b][o][t] = y[t][o];
                }
            }
        }
        return out;
    }

    /** @return the largest absolute difference between an NCW array and a plain reference */
    static double maxDifference(INDArray actual, double[][][] expected, INDArray mask) {
        double max = 0;
        for (int b = 0; b < expected.length; b++) {
            for (int o = 0; o < expected[b].length; o++) {
                for (int t = 0; t < expected[b][o].length; t++) {
                    double e = mask == null || mask.getDouble(b, t) != 0 ? expected[b][o][t] : 0;
                    max = Math.max(max, Math.abs(actual.getDouble(b, o, t) - e));
                }
            }
        }
        return max;
    }

    /**
     * Trains once, saves with ModelSerializer (updater included), restores, and checks that the restored network
     * has the same parameters and outputs and continues training identically.
     *
     * @return the restored network
     */
    static MultiLayerNetwork assertSaveLoadContinues(MultiLayerNetwork net, org.nd4j.linalg.dataset.DataSet ds,
                                                     java.io.File file) throws java.io.IOException {
        net.fit(ds);
        org.deeplearning4j.util.ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = org.deeplearning4j.util.ModelSerializer.restoreMultiLayerNetwork(file, true);
        org.junit.jupiter.api.Assertions.assertEquals(net.params(), restored.params());
        org.junit.jupiter.api.Assertions.assertEquals(net.output(ds.getFeatures()), restored.output(ds.getFeatures()));
        INDArray before = net.params().dup();
        net.fit(ds);
        restored.fit(ds);
        org.junit.jupiter.api.Assertions.assertNotEquals(before, net.params());
        org.junit.jupiter.api.Assertions.assertTrue(net.params().equalsWithEps(restored.params(), 1e-12),
                "training diverged after restore");
        return restored;
    }
}
