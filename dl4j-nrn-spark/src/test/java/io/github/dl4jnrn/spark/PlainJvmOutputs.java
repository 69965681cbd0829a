package io.github.dl4jnrn.spark;

import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.io.IOException;

/**
 * Run in a JVM without Spark on its class path: restores a model saved with {@link ModelSerializer} and
 * writes its outputs for the given features. Arguments: {@code MLN|GRAPH model.zip features.bin outputs.bin}.
 */
public final class PlainJvmOutputs {

    private PlainJvmOutputs() {
    }

    /** @param args the model type, the model file, the features file, the outputs file to write */
    public static void main(String[] args) throws IOException {
        boolean onSpark;
        try {
            Class.forName("org.apache.spark.SparkContext");
            onSpark = true;
        } catch (ClassNotFoundException e) {
            onSpark = false;
        }
        if (onSpark) {
            throw new IllegalStateException("Spark is on the class path of what should be a plain JVM");
        }
        File model = new File(args[1]);
        INDArray features = Nd4j.readBinary(new File(args[2]));
        INDArray outputs = args[0].equals("GRAPH")
                ? ModelSerializer.restoreComputationGraph(model, false).outputSingle(features)
                : ModelSerializer.restoreMultiLayerNetwork(model, false).output(features);
        Nd4j.saveBinary(outputs, new File(args[3]));
    }

}
