package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.Cell;
import io.github.dl4jnrn.cell.CellGraph;
import io.github.dl4jnrn.cell.CellKernel;
import io.github.dl4jnrn.cell.CtRnnKernel;
import io.github.dl4jnrn.cell.CtRnnCell;
import io.github.dl4jnrn.cell.CtRnnCellGraph;
import io.github.dl4jnrn.cell.CtRnnParameters;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;
import java.util.Objects;

import static io.github.dl4jnrn.cell.CtRnnParameters.BIAS;
import static io.github.dl4jnrn.cell.CtRnnParameters.INPUT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.OUTPUT_BIAS;
import static io.github.dl4jnrn.cell.CtRnnParameters.OUTPUT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.RECURRENT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.TIME_CONSTANT;

/**
 * A continuous-time recurrent neural network (CT-RNN) layer:
 * <pre>
 *   dx/dt = -x / tau + f(W^T x + U^T u + b)
 * </pre>
 * with signed weights, a learned positive time constant per neuron and a configurable activation {@code f}
 * (default tanh; one of {@link CtRnnCell#SUPPORTED_ACTIVATIONS}). The outputs are the first {@code nOut}
 * neurons through an affine map.
 *
 * <p>Parameters: {@code inputWeight} U {@code [nIn, units]} and {@code recurrentWeight} W
 * {@code [units, units]} from the configured weight initialisation (default Xavier); {@code bias} b
 * {@code [1, units]}, 0; {@code timeConstant} tau {@code [1, units]}, U(0.5, 2), at least 0.001;
 * {@code outputWeight}, {@code outputBias} {@code [1, nOut]}, 1 and 0. The wiring's zero entries remove
 * connections; its polarities are not used (CT-RNN weights carry their own sign).
 *
 * <p>Defaults: {@link io.github.dl4jnrn.solver.OdeSolver#FUSED} (the decay implicit) with 6 unfolds.
 */
public class CtRnnLayer extends OdeRecurrentLayer {

    private static final long serialVersionUID = 1L;

    /** Lower bound of the time constants under {@link io.github.dl4jnrn.cell.Positivity#CLIP}. */
    public static final double MIN_TIME_CONSTANT = 1e-3;

    protected Activation activation = Activation.TANH;

    protected CtRnnLayer() {
        // for JSON
    }

    protected CtRnnLayer(Builder b) {
        super(b);
        this.activation = b.activation;
        require(activation != null && CtRnnCell.SUPPORTED_ACTIVATIONS.contains(activation),
                "activation must be one of " + CtRnnCell.SUPPORTED_ACTIVATIONS + " but was " + activation);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        params.addWeightParam(INPUT_WEIGHT, featureCount(), units);
        params.addWeightParam(RECURRENT_WEIGHT, units, units);
        params.addWeightParam(OUTPUT_WEIGHT, 1, nOut);
        params.addBiasParam(BIAS, 1, units);
        params.addBiasParam(TIME_CONSTANT, 1, units);
        params.addBiasParam(OUTPUT_BIAS, 1, nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        WeightInit init = weightInit == null ? WeightInit.XAVIER : weightInit;
        INDArray in = params.get(INPUT_WEIGHT);
        INDArray rec = params.get(RECURRENT_WEIGHT);
        init.getWeightInitFunction().init(featureCount(), units, in.shape(), 'c', in);
        init.getWeightInitFunction().init(units, units, rec.shape(), 'c', rec);
        params.get(BIAS).assign(0);
        uniform(params.get(TIME_CONSTANT), 0.5, 2, true);
        params.get(OUTPUT_WEIGHT).assign(1);
        params.get(OUTPUT_BIAS).assign(0);
    }

    @Override
    public CellGraph defineCell(SameDiff sd, Map<String, SDVariable> params) {
        return new CtRnnCellGraph(sd, params, positivity, synapses(), (int) nOut, activation);
    }

    @Override
    public CellKernel kernel(Map<String, INDArray> params) {
        return new CtRnnKernel(params, positivity, synapses(), activation);
    }

    @Override
    public Cell plainCell(Map<String, INDArray> params) {
        return new CtRnnCell(CtRnnParameters.fromStored(params, positivity, synapses(), activation));
    }

    @Override
    protected Map<String, Double> positiveParameterBounds() {
        return Map.of(TIME_CONSTANT, MIN_TIME_CONSTANT);
    }

    /** @return the activation f */
    public Activation getActivation() {
        return activation;
    }

    public void setActivation(Activation activation) {
        this.activation = activation;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof CtRnnLayer l && activation == l.activation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), activation);
    }

    /** Builder of {@link CtRnnLayer}. */
    public static class Builder extends OdeRecurrentLayer.Builder<Builder> {

        protected Activation activation = Activation.TANH;

        /** @param activation the activation f (default tanh) */
        public Builder activation(Activation activation) {
            this.activation = activation;
            return this;
        }

        /**
         * @return the layer
         * @throws IllegalArgumentException if a setting breaks its rule
         */
        @Override
        @SuppressWarnings("unchecked")
        public CtRnnLayer build() {
            return new CtRnnLayer(this);
        }
    }
}
