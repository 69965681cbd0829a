package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.SplitVectorField;
import io.github.dl4jnrn.wiring.Synapses;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

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
 * The NRN cell of {@link NrnCell} defined in a SameDiff graph. Transformed parameters (positivity, synapse
 * masks, products such as {@code w E}) are computed once per graph; sensory terms once per time step; only
 * the recurrent synapses are evaluated per solver stage.
 */
public final class NrnCellGraph implements CellGraph {

    private final SameDiff sd;
    private final Map<String, SDVariable> p;
    private final DataType type;
    private final int units;
    private final int outputs;

    private final SDVariable sensoryWeight;
    private final SDVariable sensoryCurrent;
    private final SDVariable recurrentWeight;
    private final SDVariable recurrentCurrent;
    private final SDVariable leakConductance;
    private final SDVariable leakCurrent;
    private final SDVariable capacitance;

    /**
     * @param sd         the graph
     * @param stored     the stored parameters as graph variables, keyed by {@link NrnParameters}' constants
     * @param positivity how the positive parameters are stored
     * @param synapses   which synapses exist
     * @param outputs    the number of motor neurons
     */
    public NrnCellGraph(SameDiff sd, Map<String, SDVariable> stored, Positivity positivity, Synapses synapses,
                        int outputs) {
        this.sd = sd;
        this.p = stored;
        this.type = stored.get(CAPACITANCE).dataType();
        this.units = synapses.units();
        this.outputs = outputs;

        SDVariable sw = positivity.apply(stored.get(SENSORY_WEIGHT));
        SDVariable rw = positivity.apply(stored.get(RECURRENT_WEIGHT));
        if (!GraphSupport.isComplete(synapses)) {
            sw = sw.mul(GraphSupport.sensoryMask(sd, synapses, type));
            rw = rw.mul(GraphSupport.recurrentMask(sd, synapses, type));
        }
        this.sensoryWeight = sw;
        this.sensoryCurrent = sw.mul(stored.get(SENSORY_REVERSAL));
        this.recurrentWeight = rw;
        this.recurrentCurrent = rw.mul(stored.get(RECURRENT_REVERSAL));
        this.leakConductance = positivity.apply(stored.get(LEAK_CONDUCTANCE));
        this.leakCurrent = leakConductance.mul(stored.get(LEAK_POTENTIAL));
        this.capacitance = positivity.apply(stored.get(CAPACITANCE));
    }

    @Override
    public SplitVectorField<SDVariable> field(SDVariable input) {
        SDVariable mapped = input.mul(p.get(INPUT_WEIGHT)).add(p.get(INPUT_BIAS));
        SDVariable activation = synapseActivation(mapped, p.get(SENSORY_STEEPNESS), p.get(SENSORY_MIDPOINT));
        SDVariable current = sd.sum(activation.mul(sensoryCurrent), 1).add(leakCurrent);
        SDVariable conductance = sd.sum(activation.mul(sensoryWeight), 1).add(leakConductance);
        return new Field(current, conductance);
    }

    @Override
    public SDVariable output(SDVariable state) {
        SDVariable motor = GraphSupport.motorNeurons(sd, state, units, outputs, type);
        return motor.mul(p.get(OUTPUT_WEIGHT)).add(p.get(OUTPUT_BIAS));
    }

    /** @return {@code s(sigma (v_source - mu))} as {@code [minibatch, sources, targets]} */
    private SDVariable synapseActivation(SDVariable source, SDVariable steepness, SDVariable midpoint) {
        SDVariable v = sd.expandDims(source, 2);
        return sd.nn.sigmoid(v.sub(midpoint).mul(steepness));
    }

    /** The field under one input. */
    private final class Field implements SplitVectorField<SDVariable> {

        private final SDVariable currentConst;
        private final SDVariable conductanceConst;

        Field(SDVariable currentConst, SDVariable conductanceConst) {
            this.currentConst = currentConst;
            this.conductanceConst = conductanceConst;
        }

        @Override
        public Split<SDVariable> split(SDVariable x) {
            SDVariable activation = synapseActivation(x, p.get(RECURRENT_STEEPNESS), p.get(RECURRENT_MIDPOINT));
            SDVariable current = sd.sum(activation.mul(recurrentCurrent), 1).add(currentConst);
            SDVariable conductance = sd.sum(activation.mul(recurrentWeight), 1).add(conductanceConst);
            return new Split<>(current.div(capacitance), conductance.div(capacitance));
        }

        @Override
        public SDVariable gain(SDVariable x) {
            return split(x).gain();
        }

        @Override
        public SDVariable rate(SDVariable x) {
            return split(x).rate();
        }

        @Override
        public SDVariable derivative(SDVariable x) {
            Split<SDVariable> s = split(x);
            return s.gain().sub(s.rate().mul(x));
        }
    }
}
