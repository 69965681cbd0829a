package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;

import java.util.Objects;

/**
 * A residual stack (ResNet) as a continuous-depth layer: {@link #getBlocks() blocks} residual blocks
 * <pre>
 *   x_{k+1} = x_k + h f_k(x_k),   k = 0 .. blocks-1
 * </pre>
 * each block with its own dense stack {@code f_k} ({@link io.github.dl4jnrn.cell.DenseFieldKernel}, untied
 * weights under the key prefix {@code block<k>}, as in {@code block2weight0}): explicit Euler with step
 * {@code h} ({@link #getStepSize() stepSize}, 1 for the classic ResNet) and one field per step. The input is
 * {@code x_0}, the output {@code x_blocks}, both {@code [minibatch, nIn]}.
 *
 * <p>With all blocks' weights equal it is a {@link NeuralOdeLayer} with explicit Euler, {@code blocks} unfolds
 * and horizon {@code blocks * h}.
 *
 * <p>Defaults: 4 blocks, step size 1, one hidden layer of 16, tanh.
 */
public class ResidualStackLayer extends ContinuousDepthLayer {

    private static final long serialVersionUID = 1L;

    /** Default number of residual blocks. */
    public static final int DEFAULT_BLOCKS = 4;

    protected int blocks = DEFAULT_BLOCKS;
    protected double stepSize = 1;

    protected ResidualStackLayer() {
        // for JSON
    }

    protected ResidualStackLayer(Builder b) {
        super(b);
        this.blocks = b.blocks;
        this.stepSize = b.stepSize;
        validate();
    }

    @Override
    protected void validate() {
        super.validate();
        require(blocks >= 1, "blocks must be at least 1 but was " + blocks);
        require(stepSize > 0 && Double.isFinite(stepSize), "stepSize must be positive and finite but was "
                + stepSize);
    }

    @Override
    public int fieldCount() {
        return blocks;
    }

    /** @return {@code block<b>} (DL4J's updater splits parameter keys at underscores, so the keys have none) */
    @Override
    public String fieldPrefix(int b) {
        return "block" + b;
    }

    @Override
    public int steps() {
        return blocks;
    }

    @Override
    public int fieldOfStep(int k) {
        return k;
    }

    @Override
    public double stepSize() {
        return stepSize;
    }

    @Override
    public OdeSolver stepSolver() {
        return OdeSolver.EULER;
    }

    public int getBlocks() {
        return blocks;
    }

    public void setBlocks(int blocks) {
        this.blocks = blocks;
    }

    /** @return the residual scale {@code h} */
    public double getStepSize() {
        return stepSize;
    }

    public void setStepSize(double stepSize) {
        this.stepSize = stepSize;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ResidualStackLayer l) || !super.equals(o)) {
            return false;
        }
        return blocks == l.blocks && Double.compare(stepSize, l.stepSize) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), blocks, stepSize);
    }

    @Override
    public String toString() {
        return describe() + "(nIn=" + nIn + ", hiddenLayers=" + java.util.Arrays.toString(hiddenLayers)
                + ", activation=" + activation + ", blocks=" + blocks + ", stepSize=" + stepSize + ")";
    }

    /** Builder of {@link ResidualStackLayer}. */
    public static class Builder extends ContinuousDepthLayer.Builder<Builder> {

        private int blocks = DEFAULT_BLOCKS;
        private double stepSize = 1;

        /** @param blocks the number of residual blocks, at least 1 (default 4) */
        public Builder blocks(int blocks) {
            this.blocks = blocks;
            return this;
        }

        /** @param stepSize the residual scale {@code h}, positive and finite (default 1) */
        public Builder stepSize(double stepSize) {
            this.stepSize = stepSize;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ResidualStackLayer build() {
            return new ResidualStackLayer(this);
        }
    }
}
