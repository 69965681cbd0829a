package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.wiring.Synapses;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_MIDPOINT;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_REVERSAL;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_STEEPNESS;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_WEIGHT;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_MIDPOINT;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_REVERSAL;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_STEEPNESS;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_WEIGHT;

/**
 * The NRN's synapse parameters stored packed: one {@code [1, count]} array per synapse parameter holding only
 * the synapses present in the wiring, in row-major order of the dense {@code [source, target]} matrix. Converts
 * packed parameter tables to the dense tables the cells read (absent synapses 0, which the cells mask), and
 * dense gradients back to packed ones, on arrays and in SameDiff graphs.
 */
final class PackedSynapses {

    /** The sensory synapse parameters, dense {@code [inputs, units]}. */
    static final List<String> SENSORY_KEYS = List.of(SENSORY_WEIGHT, SENSORY_STEEPNESS, SENSORY_MIDPOINT,
            SENSORY_REVERSAL);
    /** The recurrent synapse parameters, dense {@code [units, units]}. */
    static final List<String> RECURRENT_KEYS = List.of(RECURRENT_WEIGHT, RECURRENT_STEEPNESS, RECURRENT_MIDPOINT,
            RECURRENT_REVERSAL);

    private final int inputs;
    private final int units;
    private final int[] sensory;
    private final int[] recurrent;

    /** @param synapses which synapses exist */
    PackedSynapses(Synapses synapses) {
        inputs = synapses.inputs();
        units = synapses.units();
        sensory = present(synapses.sensoryMatrix());
        recurrent = present(synapses.recurrentMatrix());
    }

    private static int[] present(int[][] m) {
        int cols = m[0].length;
        return java.util.stream.IntStream.range(0, m.length * cols).filter(c -> m[c / cols][c % cols] != 0)
                .toArray();
    }

    /** @return the number of sensory synapses present */
    int sensoryCount() {
        return sensory.length;
    }

    /** @return the number of recurrent synapses present */
    int recurrentCount() {
        return recurrent.length;
    }

    /** @return the packed shape of a parameter key, or null if it is not a synapse parameter */
    long[] packedShape(String key) {
        if (SENSORY_KEYS.contains(key)) {
            return new long[] {1, sensory.length};
        }
        return RECURRENT_KEYS.contains(key) ? new long[] {1, recurrent.length} : null;
    }

    /** @return a copy of the table with every packed synapse parameter scattered to its dense matrix */
    Map<String, INDArray> dense(Map<String, INDArray> packed) {
        Map<String, INDArray> out = new LinkedHashMap<>(packed);
        for (String key : SENSORY_KEYS) {
            out.put(key, scatter(packed.get(key), sensory, inputs));
        }
        for (String key : RECURRENT_KEYS) {
            out.put(key, scatter(packed.get(key), recurrent, units));
        }
        return out;
    }

    private INDArray scatter(INDArray packed, int[] index, int rows) {
        double[] values = packed.dup('c').reshape(packed.length()).toDoubleVector();
        double[] flat = new double[rows * units];
        for (int s = 0; s < index.length; s++) {
            flat[index[s]] = values[s];
        }
        return Nd4j.createFromArray(flat).reshape(rows, units).castTo(packed.dataType());
    }

    /** @return a copy of the table with every dense synapse parameter gathered to its packed row */
    Map<String, INDArray> pack(Map<String, INDArray> dense) {
        Map<String, INDArray> out = new LinkedHashMap<>(dense);
        for (String key : SENSORY_KEYS) {
            out.put(key, gather(dense.get(key), sensory));
        }
        for (String key : RECURRENT_KEYS) {
            out.put(key, gather(dense.get(key), recurrent));
        }
        return out;
    }

    private static INDArray gather(INDArray dense, int[] index) {
        double[] flat = dense.dup('c').reshape(dense.length()).toDoubleVector();
        double[] values = new double[index.length];
        for (int s = 0; s < index.length; s++) {
            values[s] = flat[index[s]];
        }
        return Nd4j.createFromArray(values).reshape(1, index.length).castTo(dense.dataType());
    }

    /**
     * In a graph: the dense synapse parameters as {@code reshape(packed mmul S)}, with {@code S} the constant
     * 0/1 matrix {@code [count, rows * units]} that places each synapse, so gradients flow to the packed arrays.
     *
     * @return a copy of the table with dense graph variables for the synapse parameters
     */
    Map<String, SDVariable> dense(SameDiff sd, Map<String, SDVariable> packed) {
        Map<String, SDVariable> out = new LinkedHashMap<>(packed);
        for (String key : SENSORY_KEYS) {
            out.put(key, scatter(sd, packed.get(key), sensory, inputs));
        }
        for (String key : RECURRENT_KEYS) {
            out.put(key, scatter(sd, packed.get(key), recurrent, units));
        }
        return out;
    }

    private SDVariable scatter(SameDiff sd, SDVariable packed, int[] index, int rows) {
        INDArray placement = Nd4j.zeros(packed.dataType(), index.length, (long) rows * units);
        for (int s = 0; s < index.length; s++) {
            placement.putScalar(s, index[s], 1);
        }
        return packed.mmul(sd.constant(placement)).reshape(rows, units);
    }
}
