package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.SplitVectorField;
import io.github.dl4jnrn.wiring.Synapses;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;

import java.util.Map;

import static io.github.dl4jnrn.cell.CtRnnParameters.BIAS;
import static io.github.dl4jnrn.cell.CtRnnParameters.INPUT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.OUTPUT_BIAS;
import static io.github.dl4jnrn.cell.CtRnnParameters.OUTPUT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.RECURRENT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.TIME_CONSTANT;

/** The CT-RNN cell of {@link CtRnnCell} defined in a SameDiff graph. */
public final class CtRnnCellGraph implements CellGraph {

    private final SameDiff sd;
    private final Map<String, SDVariable> p;
    private final DataType type;
    private final int units;
    private final int outputs;
    private final Activation activation;
    private final SDVariable inputWeight;
    private final SDVariable recurrentWeight;
    private final SDVariable rate;

    /**
     * @param sd         the graph
     * @param stored     the stored parameters as graph variables, keyed by {@link CtRnnParameters}' constants
     * @param positivity how the time constants are stored
     * @param synapses   which connections exist
     * @param outputs    the number of output neurons
     * @param activation the activation, one of {@link CtRnnCell#SUPPORTED_ACTIVATIONS}
     */
    public CtRnnCellGraph(SameDiff sd, Map<String, SDVariable> stored, Positivity positivity, Synapses synapses,
                          int outputs, Activation activation) {
        CtRnnCell.checkActivation(activation);
        this.sd = sd;
        this.p = stored;
        this.type = stored.get(BIAS).dataType();
        this.units = synapses.units();
        this.outputs = outputs;
        this.activation = activation;
        SDVariable in = stored.get(INPUT_WEIGHT);
        SDVariable rec = stored.get(RECURRENT_WEIGHT);
        if (!GraphSupport.isComplete(synapses)) {
            in = in.mul(GraphSupport.sensoryMask(sd, synapses, type));
            rec = rec.mul(GraphSupport.recurrentMask(sd, synapses, type));
        }
        this.inputWeight = in;
        this.recurrentWeight = rec;
        this.rate = positivity.apply(stored.get(TIME_CONSTANT)).rdiv(1.0);
    }

    @Override
    public SplitVectorField<SDVariable> field(SDVariable input) {
        SDVariable drive = input.mmul(inputWeight).add(p.get(BIAS));
        return new SplitVectorField<>() {
            @Override
            public SDVariable gain(SDVariable x) {
                return activation.asSameDiff(sd, x.mmul(recurrentWeight).add(drive));
            }

            @Override
            public SDVariable rate(SDVariable x) {
                return rate;
            }

            @Override
            public SDVariable derivative(SDVariable x) {
                return gain(x).sub(x.mul(rate));
            }
        };
    }

    @Override
    public SDVariable output(SDVariable state) {
        SDVariable motor = GraphSupport.motorNeurons(sd, state, units, outputs, type);
        return motor.mul(p.get(OUTPUT_WEIGHT)).add(p.get(OUTPUT_BIAS));
    }
}
