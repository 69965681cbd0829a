package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;

import java.util.Objects;

/**
 * A NeuralODE layer: the input is the initial state {@code x(0)} ({@code [minibatch, nIn]}) of
 * <pre>
 *   dx/dt = f(x),   t from 0 to the horizon T
 * </pre>
 * and the output is {@code x(T)}, computed with {@link #getUnfolds() unfolds} steps of size {@code T / unfolds}
 * of the configured {@link OdeSolver}; {@code f} is a stack of dense layers
 * ({@link io.github.dl4jnrn.cell.DenseFieldKernel}) whose weights are shared by every step. The output has the
 * input's size: put dense layers around it to change widths.
 *
 * <p>Every solver works; {@link OdeSolver#FUSED} treats the decay implicitly, and this field has none (its rate
 * is zero), so here it computes exactly explicit Euler. With explicit Euler and {@code unfolds = N} the layer is
 * a {@link ResidualStackLayer} of {@code N} blocks with tied weights and step size {@code T / N}
 * ({@link io.github.dl4jnrn.reduction.Reductions#residualStack}).
 *
 * <p>Defaults: {@link OdeSolver#RK4}, 4 unfolds, horizon 1, one hidden layer of 16, tanh.
 */
public class NeuralOdeLayer extends ContinuousDepthLayer {

    private static final long serialVersionUID = 1L;

    /** Default solver steps from 0 to the horizon. */
    public static final int DEFAULT_UNFOLDS = 4;

    protected OdeSolver solver = OdeSolver.RK4;
    protected int unfolds = DEFAULT_UNFOLDS;
    protected double horizon = 1;

    protected NeuralOdeLayer() {
        // for JSON
    }

    protected NeuralOdeLayer(Builder b) {
        super(b);
        this.solver = b.solver;
        this.unfolds = b.unfolds;
        this.horizon = b.horizon;
        validate();
    }

    @Override
    protected void validate() {
        super.validate();
        require(solver != null, "solver must not be null");
        require(unfolds >= 1, "unfolds must be at least 1 but was " + unfolds);
        require(horizon > 0 && Double.isFinite(horizon), "horizon must be positive and finite but was " + horizon);
    }

    @Override
    public int fieldCount() {
        return 1;
    }

    @Override
    public String fieldPrefix(int b) {
        return "";
    }

    @Override
    public int steps() {
        return unfolds;
    }

    @Override
    public int fieldOfStep(int k) {
        return 0;
    }

    @Override
    public double stepSize() {
        return horizon / unfolds;
    }

    @Override
    public OdeSolver stepSolver() {
        return solver;
    }

    public OdeSolver getSolver() {
        return solver;
    }

    public void setSolver(OdeSolver solver) {
        this.solver = solver;
    }

    public int getUnfolds() {
        return unfolds;
    }

    public void setUnfolds(int unfolds) {
        this.unfolds = unfolds;
    }

    /** @return the integration horizon {@code T} */
    public double getHorizon() {
        return horizon;
    }

    public void setHorizon(double horizon) {
        this.horizon = horizon;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NeuralOdeLayer l) || !super.equals(o)) {
            return false;
        }
        return solver == l.solver && unfolds == l.unfolds && Double.compare(horizon, l.horizon) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), solver, unfolds, horizon);
    }

    @Override
    public String toString() {
        return describe() + "(nIn=" + nIn + ", hiddenLayers=" + java.util.Arrays.toString(hiddenLayers)
                + ", activation=" + activation + ", solver=" + solver + ", unfolds=" + unfolds + ", horizon="
                + horizon + ")";
    }

    /** Builder of {@link NeuralOdeLayer}. */
    public static class Builder extends ContinuousDepthLayer.Builder<Builder> {

        private OdeSolver solver = OdeSolver.RK4;
        private int unfolds = DEFAULT_UNFOLDS;
        private double horizon = 1;

        /** @param solver the solver (default {@link OdeSolver#RK4}) */
        public Builder solver(OdeSolver solver) {
            this.solver = solver;
            return this;
        }

        /** @param unfolds solver steps from 0 to the horizon, at least 1 (default 4) */
        public Builder unfolds(int unfolds) {
            this.unfolds = unfolds;
            return this;
        }

        /** @param horizon the end time {@code T}, positive and finite (default 1) */
        public Builder horizon(double horizon) {
            this.horizon = horizon;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public NeuralOdeLayer build() {
            return new NeuralOdeLayer(this);
        }
    }
}
