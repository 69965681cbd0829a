package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.StateAlgebra;
import org.nd4j.autodiff.samediff.SDVariable;

import java.util.List;

/**
 * {@link io.github.dl4jnrn.solver.StateAlgebra} on SameDiff variables of shape {@code [minibatch, units]},
 * with one step size per sample ({@code [minibatch, 1]}), so that irregularly sampled sequences take steps
 * of their own length. Constants stay scalar operations so the graph keeps the network's data type.
 */
public final class SameDiffAlgebra implements StateAlgebra<SDVariable> {

    private final SDVariable stepSize;

    /** @param stepSize the step size of each sample, {@code [minibatch, 1]} */
    public SameDiffAlgebra(SDVariable stepSize) {
        this.stepSize = stepSize;
    }

    @Override
    public SDVariable increment(SDVariable y, double[] weights, List<SDVariable> slopes) {
        SDVariable sum = null;
        for (int j = 0; j < weights.length; j++) {
            if (weights[j] == 0) {
                continue;
            }
            SDVariable term = weights[j] == 1 ? slopes.get(j) : slopes.get(j).mul(weights[j]);
            sum = sum == null ? term : sum.add(term);
        }
        return sum == null ? y : y.add(sum.mul(stepSize));
    }

    @Override
    public SDVariable semiImplicit(SDVariable y, SDVariable gain, SDVariable rate) {
        return y.add(gain.mul(stepSize)).div(rate.mul(stepSize).add(1.0));
    }
}
