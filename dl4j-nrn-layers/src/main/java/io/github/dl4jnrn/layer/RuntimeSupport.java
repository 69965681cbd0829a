package io.github.dl4jnrn.layer;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * What the layers' runtimes share around their parameters: {@code setParam} (DL4J M2.1's SameDiff layer runtime
 * checks the key and the shape but never assigns the value, so {@code layer.setParam(key, value)} would
 * silently do nothing) and the wiring of a new runtime layer into its network.
 */
final class RuntimeSupport {

    private RuntimeSupport() {
    }

    /**
     * Attaches a new runtime layer to its network: index, parameter views (initialised if asked), configuration
     * and listeners; first checks that the backend can run the layers ({@link Backends#checkSupported()}).
     *
     * @return the layer
     */
    static <L extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer> L attach(L layer,
            org.deeplearning4j.nn.conf.NeuralNetConfiguration conf,
            java.util.Collection<org.deeplearning4j.optimize.api.TrainingListener> listeners, int index,
            INDArray paramsView, boolean initializeParams, org.deeplearning4j.nn.api.ParamInitializer initializer) {
        Backends.checkSupported();
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer.init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        layer.setListeners(listeners);
        return layer;
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
