package io.github.dl4jnrn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * {@code setParam} for the layers' runtimes: DL4J M2.1's SameDiff layer runtime checks the key and the shape
 * but never assigns the value, so {@code layer.setParam(key, value)} would silently do nothing.
 */
final class ParamAssignment {

    private ParamAssignment() {
    }

    /**
     * Assigns a value into a parameter of a layer's table (a view of the network's flat parameters).
     *
     * @param layer the layer's description, for messages
     * @throws IllegalArgumentException if the key is unknown or the shape differs
     */
    static void assign(String layer, Map<String, INDArray> paramTable, String key, INDArray value) {
        INDArray p = paramTable.get(key);
        if (p == null) {
            throw new IllegalArgumentException(layer + ": no parameter '" + key + "'; parameters are "
                    + paramTable.keySet());
        }
        if (!Arrays.equals(p.shape(), value.shape())) {
            throw new IllegalArgumentException(layer + ": parameter '" + key + "' has shape "
                    + Arrays.toString(p.shape()) + " but the value has shape " + Arrays.toString(value.shape()));
        }
        p.assign(value);
    }
}
