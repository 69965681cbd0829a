package io.github.dl4jnrn.layer;

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
import java.util.Objects;

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
 * the {@link io.github.dl4jnrn.wiring.Wiring wiring} have no effect and receive zero gradient. With
 * packed synapses (the default for a wiring that leaves synapses out; see {@link Builder#packedSynapses(boolean)})
 * each of the eight synapse parameters is instead a {@code [1, count]} row holding only the synapses present,
 * in row-major order of its dense matrix, so the parameter count reflects the real synapses; the cell computes
 * on the dense matrices scattered from these rows.
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

    /** True or false as set; null (default) to pack exactly when the wiring leaves synapses out. */
    protected Boolean packedSynapses;

    protected NrnLayer(Builder b) {
        super(b);
        this.packedSynapses = b.packedSynapses;
        validate();
    }

    @Override
    protected void validate() {
        super.validate();
        if (Boolean.TRUE.equals(packedSynapses) && nIn > 0) {
            PackedSynapses packing = new PackedSynapses(synapses());
            require(packing.sensoryCount() >= 1 && packing.recurrentCount() >= 1, "packedSynapses needs at least"
                    + " one sensory and one recurrent synapse but the wiring has " + packing.sensoryCount() + " and "
                    + packing.recurrentCount());
        }
    }

    /** @return the packing of the synapse parameters, or null if they are stored dense */
    private PackedSynapses packing() {
        return storesPackedSynapses() ? new PackedSynapses(synapses()) : null;
    }

    /**
     * @return whether the synapse parameters hold only the synapses present ({@code [1, count]} each): as set
     *         with {@link Builder#packedSynapses(boolean)}, or by default exactly when the wiring leaves a
     *         synapse out and keeps at least one sensory and one recurrent synapse (known once nIn is)
     */
    public boolean storesPackedSynapses() {
        if (packedSynapses != null) {
            return packedSynapses;
        }
        if (nIn <= 0) {
            return false;
        }
        Synapses s = synapses();
        boolean sparse = s.sensoryCount() < s.inputs() * s.units() || s.recurrentCount() < s.units() * s.units();
        return sparse && s.sensoryCount() >= 1 && s.recurrentCount() >= 1;
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        int f = featureCount();
        int n = units;
        long[] sensory = {f, n};
        long[] recurrent = {n, n};
        if (storesPackedSynapses()) {
            PackedSynapses packing = nIn > 0 ? packing() : null;
            sensory = new long[] {1, packing == null ? 0 : packing.sensoryCount()};
            recurrent = new long[] {1, packing == null ? 0 : packing.recurrentCount()};
        }
        params.addWeightParam(INPUT_WEIGHT, 1, f);
        params.addWeightParam(SENSORY_WEIGHT, sensory);
        params.addWeightParam(RECURRENT_WEIGHT, recurrent);
        params.addWeightParam(LEAK_CONDUCTANCE, 1, n);
        params.addWeightParam(OUTPUT_WEIGHT, 1, nOut);
        params.addBiasParam(INPUT_BIAS, 1, f);
        params.addBiasParam(SENSORY_STEEPNESS, sensory);
        params.addBiasParam(SENSORY_MIDPOINT, sensory);
        params.addBiasParam(SENSORY_REVERSAL, sensory);
        params.addBiasParam(RECURRENT_STEEPNESS, recurrent);
        params.addBiasParam(RECURRENT_MIDPOINT, recurrent);
        params.addBiasParam(RECURRENT_REVERSAL, recurrent);
        params.addBiasParam(LEAK_POTENTIAL, 1, n);
        params.addBiasParam(CAPACITANCE, 1, n);
        params.addBiasParam(OUTPUT_BIAS, 1, nOut);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        PackedSynapses packing = packing();
        if (packing == null) {
            initializeDense(params);
            return;
        }
        Map<String, INDArray> dense = new LinkedHashMap<>(params);
        int f = featureCount();
        for (String key : PackedSynapses.SENSORY_KEYS) {
            dense.put(key, Nd4j.zeros(params.get(key).dataType(), f, units));
        }
        for (String key : PackedSynapses.RECURRENT_KEYS) {
            dense.put(key, Nd4j.zeros(params.get(key).dataType(), units, units));
        }
        initializeDense(dense);
        Map<String, INDArray> packed = packing.pack(dense);
        for (String key : PackedSynapses.SENSORY_KEYS) {
            params.get(key).assign(packed.get(key));
        }
        for (String key : PackedSynapses.RECURRENT_KEYS) {
            params.get(key).assign(packed.get(key));
        }
    }

    private void initializeDense(Map<String, INDArray> params) {
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
        PackedSynapses packing = packing();
        return new NrnCellGraph(sd, packing == null ? params : packing.dense(sd, params), positivity, synapses(),
                (int) nOut);
    }

    @Override
    public CellKernel kernel(Map<String, INDArray> params) {
        PackedSynapses packing = packing();
        if (packing == null) {
            return new NrnKernel(params, positivity, synapses());
        }
        return new PackedKernel(new NrnKernel(packing.dense(params), positivity, synapses()), packing);
    }

    @Override
    public NrnCell plainCell(Map<String, INDArray> params) {
        PackedSynapses packing = packing();
        return new NrnCell(NrnParameters.fromStored(packing == null ? params : packing.dense(params), positivity,
                synapses()));
    }

    /** @return the packing setting: true, false, or null for automatic ({@link #storesPackedSynapses()}) */
    public Boolean getPackedSynapses() {
        return packedSynapses;
    }

    public void setPackedSynapses(Boolean packedSynapses) {
        this.packedSynapses = packedSynapses;
    }

    @Override
    public boolean equals(Object o) {
        return super.equals(o) && o instanceof NrnLayer l && Objects.equals(packedSynapses, l.packedSynapses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), packedSynapses);
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

        protected Boolean packedSynapses;

        /**
         * @param packedSynapses true to store only the synapses present in the wiring: each synapse parameter
         *                       becomes one {@code [1, count]} row (present synapses in row-major order of the
         *                       dense {@code [source, target]} matrix), so {@code numParams()} counts real
         *                       synapses only; false for dense {@code [nIn, units]} and {@code [units, units]}
         *                       matrices with absent synapses masked. Unset (default): packed exactly when the
         *                       wiring leaves a synapse out and keeps at least one synapse of each kind
         */
        public Builder packedSynapses(boolean packedSynapses) {
            this.packedSynapses = packedSynapses;
            return this;
        }

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
