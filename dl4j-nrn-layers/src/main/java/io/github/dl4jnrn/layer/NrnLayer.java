package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.Cell;
import io.github.dl4jnrn.cell.CellGraph;
import io.github.dl4jnrn.cell.CellKernel;
import io.github.dl4jnrn.cell.NrnKernel;
import io.github.dl4jnrn.cell.NrnCell;
import io.github.dl4jnrn.cell.NrnCellGraph;
import io.github.dl4jnrn.cell.NrnParameters;
import io.github.dl4jnrn.wiring.Synapses;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;

import static io.github.dl4jnrn.cell.NrnParameters.CAPACITANCE;
import static io.github.dl4jnrn.cell.NrnParameters.INPUT_BIAS;
import static io.github.dl4jnrn.cell.NrnParameters.INPUT_WEIGHT;
import static io.github.dl4jnrn.cell.NrnParameters.LEAK_CONDUCTANCE;
import static io.github.dl4jnrn.cell.NrnParameters.LEAK_POTENTIAL;
import static io.github.dl4jnrn.cell.NrnParameters.OUTPUT_BIAS;
import static io.github.dl4jnrn.cell.NrnParameters.OUTPUT_WEIGHT;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_MIDPOINT;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_REVERSAL;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_STEEPNESS;
import static io.github.dl4jnrn.cell.NrnParameters.RECURRENT_WEIGHT;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_MIDPOINT;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_REVERSAL;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_STEEPNESS;
import static io.github.dl4jnrn.cell.NrnParameters.SENSORY_WEIGHT;

/**
 * A recurrent layer of neural regulatory network (NRN) neurons: nonspiking neurons whose graded
 * nonlinearity sits in the synapses and whose synaptic currents scale with the receiving neuron's distance
 * to each synapse's reversal potential, so that every neuron's time constant adapts to the input. Each
 * neuron {@code i} obeys
 * <pre>
 *   C_i dx_i/dt = gL_i (eL_i - x_i)
 *               + sum_j  w_ji  s(sigma_ji  (x_j  - mu_ji))  (E_ji  - x_i)
 *               + sum_k  w'_ki s(sigma'_ki (u'_k - mu'_ki)) (E'_ki - x_i)
 * </pre>
 * with {@code s} the logistic sigmoid and {@code u' = a * u + c} an affine map of each input. The outputs
 * are the first {@code nOut} neurons (the motor neurons) through an affine map.
 *
 * <p>Parameters and their initial values, as the cell uses them (with {@link
 * io.github.dl4jnrn.cell.Positivity#SOFTPLUS} the stored values of C, gL, w and w' are their inverse
 * softplus):
 * <table>
 *   <caption>Parameters</caption>
 *   <tr><th>key</th><th>shape</th><th>initial</th><th>constraint</th></tr>
 *   <tr><td>inputWeight, inputBias</td><td>[1, nIn]</td><td>1, 0</td><td></td></tr>
 *   <tr><td>sensoryWeight (w')</td><td>[nIn, units]</td><td>U(0.001, 1)</td><td>&gt;= 0</td></tr>
 *   <tr><td>sensorySteepness (sigma')</td><td>[nIn, units]</td><td>U(3, 8)</td><td></td></tr>
 *   <tr><td>sensoryMidpoint (mu')</td><td>[nIn, units]</td><td>U(0.3, 0.8)</td><td></td></tr>
 *   <tr><td>sensoryReversal (E')</td><td>[nIn, units]</td><td>polarity of the wiring, +1 or -1</td><td></td></tr>
 *   <tr><td>recurrentWeight (w)</td><td>[units, units]</td><td>U(0.001, 1)</td><td>&gt;= 0</td></tr>
 *   <tr><td>recurrentSteepness, recurrentMidpoint</td><td>[units, units]</td><td>U(3, 8), U(0.3, 0.8)</td>
 *       <td></td></tr>
 *   <tr><td>recurrentReversal (E)</td><td>[units, units]</td><td>polarity of the wiring</td><td></td></tr>
 *   <tr><td>leakConductance (gL)</td><td>[1, units]</td><td>U(0.001, 1)</td><td>&gt;= 0</td></tr>
 *   <tr><td>leakPotential (eL)</td><td>[1, units]</td><td>U(-0.2, 0.2)</td><td></td></tr>
 *   <tr><td>capacitance (C)</td><td>[1, units]</td><td>U(0.4, 0.6)</td><td>&gt;= 0.001</td></tr>
 *   <tr><td>outputWeight, outputBias</td><td>[1, nOut]</td><td>1, 0</td><td></td></tr>
 * </table>
 * (With elapsed-time input, "nIn" above means {@code nIn - 1}.) The conductances and the input and output
 * scales are weight parameters for regularization; the others are bias parameters. Synapses absent from
 * the {@link io.github.dl4jnrn.wiring.Wiring wiring} have no effect and receive zero gradient.
 *
 * <p>Defaults: {@link io.github.dl4jnrn.solver.OdeSolver#FUSED} solver with 6 unfolds, fully connected
 * wiring, softplus positivity. See {@link OdeRecurrentLayer} for inputs, masks and elapsed time.
 *
 * <pre>{@code
 * new NrnLayer.Builder().nOut(4).units(16).solver(OdeSolver.FUSED).unfolds(6).build()
 * }</pre>
 */
public class NrnLayer extends OdeRecurrentLayer {

    private static final long serialVersionUID = 1L;

    /** Lower bound of the capacitance under {@link io.github.dl4jnrn.cell.Positivity#CLIP}. */
    public static final double MIN_CAPACITANCE = 1e-3;

    protected NrnLayer() {
        // for JSON
    }

    protected NrnLayer(Builder b) {
        super(b);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        int f = featureCount();
        int n = units;
        params.addWeightParam(INPUT_WEIGHT, 1, f);
        params.addWeightParam(SENSORY_WEIGHT, f, n);
        params.addWeightParam(RECURRENT_WEIGHT, n, n);
        params.addWeightParam(LEAK_CONDUCTANCE, 1, n);
        params.addWeightParam(OUTPUT_WEIGHT, 1, nOut);
        params.addBiasParam(INPUT_BIAS, 1, f);
        params.addBiasParam(SENSORY_STEEPNESS, f, n);
        params.addBiasParam(SENSORY_MIDPOINT, f, n);
        params.addBiasParam(SENSORY_REVERSAL, f, n);
        params.addBiasParam(RECURRENT_STEEPNESS, n, n);
        params.addBiasParam(RECURRENT_MIDPOINT, n, n);
        params.addBiasParam(RECURRENT_REVERSAL, n, n);
        params.addBiasParam(LEAK_POTENTIAL, 1, n);
        params.addBiasParam(CAPACITANCE, 1, n);
        params.addBiasParam(OUTPUT_BIAS, 1, nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        Synapses s = synapses();
        params.get(INPUT_WEIGHT).assign(1);
        params.get(INPUT_BIAS).assign(0);
        uniform(params.get(SENSORY_WEIGHT), 0.001, 1, true);
        uniform(params.get(SENSORY_STEEPNESS), 3, 8, false);
        uniform(params.get(SENSORY_MIDPOINT), 0.3, 0.8, false);
        params.get(SENSORY_REVERSAL).assign(polarity(s.sensoryMatrix(), params.get(SENSORY_REVERSAL)));
        uniform(params.get(RECURRENT_WEIGHT), 0.001, 1, true);
        uniform(params.get(RECURRENT_STEEPNESS), 3, 8, false);
        uniform(params.get(RECURRENT_MIDPOINT), 0.3, 0.8, false);
        params.get(RECURRENT_REVERSAL).assign(polarity(s.recurrentMatrix(), params.get(RECURRENT_REVERSAL)));
        uniform(params.get(LEAK_CONDUCTANCE), 0.001, 1, true);
        uniform(params.get(LEAK_POTENTIAL), -0.2, 0.2, false);
        uniform(params.get(CAPACITANCE), 0.4, 0.6, true);
        params.get(OUTPUT_WEIGHT).assign(1);
        params.get(OUTPUT_BIAS).assign(0);
    }

    private static INDArray polarity(int[][] m, INDArray like) {
        return Nd4j.createFromArray(m).castTo(like.dataType());
    }

    @Override
    public CellGraph defineCell(SameDiff sd, Map<String, SDVariable> params) {
        return new NrnCellGraph(sd, params, positivity, synapses(), (int) nOut);
    }

    @Override
    public CellKernel kernel(Map<String, INDArray> params) {
        return new NrnKernel(params, positivity, synapses());
    }

    @Override
    public Cell plainCell(Map<String, INDArray> params) {
        return new NrnCell(NrnParameters.fromStored(params, positivity, synapses()));
    }

    @Override
    protected Map<String, Double> positiveParameterBounds() {
        Map<String, Double> bounds = new LinkedHashMap<>();
        bounds.put(SENSORY_WEIGHT, 0.0);
        bounds.put(RECURRENT_WEIGHT, 0.0);
        bounds.put(LEAK_CONDUCTANCE, 0.0);
        bounds.put(CAPACITANCE, MIN_CAPACITANCE);
        return bounds;
    }

    /** Builder of {@link NrnLayer}. */
    public static class Builder extends OdeRecurrentLayer.Builder<Builder> {

        /**
         * @return the layer
         * @throws IllegalArgumentException if a setting breaks its rule
         */
        @Override
        @SuppressWarnings("unchecked")
        public NrnLayer build() {
            return new NrnLayer(this);
        }
    }
}
