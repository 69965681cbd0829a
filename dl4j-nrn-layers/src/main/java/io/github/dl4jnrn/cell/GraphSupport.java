package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.wiring.Synapses;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Constants shared by the cell graphs: synapse masks and the motor-neuron selection. */
final class GraphSupport {

    private GraphSupport() {
    }

    /** @return a constant {@code [inputs, units]} matrix, 1 where a sensory synapse exists */
    static SDVariable sensoryMask(SameDiff sd, Synapses synapses, DataType type) {
        return mask(sd, synapses.sensoryMatrix(), type);
    }

    /** @return a constant {@code [units, units]} matrix, 1 where a synapse between neurons exists */
    static SDVariable recurrentMask(SameDiff sd, Synapses synapses, DataType type) {
        return mask(sd, synapses.recurrentMatrix(), type);
    }

    private static SDVariable mask(SameDiff sd, int[][] polarity, DataType type) {
        return sd.constant(Transforms.abs(Nd4j.createFromArray(polarity).castTo(type)));
    }

    /** @return true if every synapse exists, so no mask is needed */
    static boolean isComplete(Synapses synapses) {
        int n = synapses.units();
        return synapses.sensoryCount() == synapses.inputs() * n && synapses.recurrentCount() == n * n;
    }

    /**
     * @return the first {@code outputs} columns of a {@code [minibatch, units]} state, as a product with a
     *         constant selection matrix (robust to the dynamic minibatch size)
     */
    static SDVariable motorNeurons(SameDiff sd, SDVariable state, int units, int outputs, DataType type) {
        if (outputs == units) {
            return state;
        }
        INDArray select = Nd4j.zeros(type, units, outputs);
        for (int i = 0; i < outputs; i++) {
            select.putScalar(i, i, 1.0);
        }
        return state.mmul(sd.constant(select));
    }
}
