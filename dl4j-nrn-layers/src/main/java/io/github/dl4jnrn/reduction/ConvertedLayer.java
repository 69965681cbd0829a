package io.github.dl4jnrn.reduction;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;
import java.util.Map;

/**
 * The result of a conversion: a layer configuration to put into a network and the parameter values that make it
 * compute what the source computed.
 *
 * @param configuration the layer configuration (its {@code nIn} set)
 * @param parameters    parameter values keyed like the layer's parameter table
 */
public record ConvertedLayer(org.deeplearning4j.nn.conf.layers.Layer configuration, Map<String, INDArray> parameters) {

    /**
     * Copies the parameters into a layer of a network built with {@link #configuration()} (assigned directly:
     * DL4J M2.1's SameDiff layers do not assign in {@code setParam}).
     *
     * @param layer the target layer
     * @throws IllegalArgumentException if the layer lacks a parameter or a shape differs
     */
    public void applyTo(Layer layer) {
        Map<String, INDArray> table = layer.paramTable();
        for (Map.Entry<String, INDArray> e : parameters.entrySet()) {
            INDArray target = table.get(e.getKey());
            if (target == null || !Arrays.equals(target.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException("layer has no parameter '" + e.getKey() + "' of shape "
                        + Arrays.toString(e.getValue().shape()) + "; its parameters are " + table.keySet());
            }
            target.assign(e.getValue());
        }
    }
}
