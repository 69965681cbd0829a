package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.CellKernel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * A cell kernel built on dense synapse parameters whose stored gradients are returned packed
 * ({@link PackedSynapses}); every other call goes to the dense kernel unchanged.
 */
final class PackedKernel implements CellKernel {

    private final CellKernel dense;
    private final PackedSynapses packing;

    PackedKernel(CellKernel dense, PackedSynapses packing) {
        this.dense = dense;
        this.packing = packing;
    }

    @Override
    public int inputSize() {
        return dense.inputSize();
    }

    @Override
    public int units() {
        return dense.units();
    }

    @Override
    public int outputSize() {
        return dense.outputSize();
    }

    @Override
    public StepTerms stepTerms(double[] input) {
        return dense.stepTerms(input);
    }

    @Override
    public void split(StepTerms terms, double[] x, double[] gain, double[] rate, double[] scratch) {
        dense.split(terms, x, gain, rate, scratch);
    }

    @Override
    public int scratchSize() {
        return dense.scratchSize();
    }

    @Override
    public void splitBackward(StepTerms terms, double[] x, double[] gain, double[] rate, double[] scratch,
                              double[] dGain, double[] dRate, double[] dx, Gradients grads) {
        dense.splitBackward(terms, x, gain, rate, scratch, dGain, dRate, dx, grads);
    }

    @Override
    public void stepTermsBackward(double[] input, StepTerms terms, double[] du, Gradients grads) {
        dense.stepTermsBackward(input, terms, du, grads);
    }

    @Override
    public void output(double[] x, double[] y) {
        dense.output(x, y);
    }

    @Override
    public void outputBackward(double[] x, double[] dy, double[] dx, Gradients grads) {
        dense.outputBackward(x, dy, dx, grads);
    }

    @Override
    public Gradients newGradients() {
        return dense.newGradients();
    }

    @Override
    public Map<String, INDArray> storedGradients(Gradients grads) {
        return packing.pack(dense.storedGradients(grads));
    }
}
