package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.cell.CellKernel;
import io.github.dl4jnrn.cell.KernelStep;
import io.github.dl4jnrn.solver.OdeSolver;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The direct execution of a cell over a minibatch of sequences on plain arrays, forward and backward, with
 * the arithmetic of the SameDiff definition. Examples are independent, so the minibatch is split into
 * blocks run in parallel (one per available processor), each accumulating its own gradients, summed in
 * block order so that results do not depend on scheduling.
 *
 * <p>Arrays are flat, in NCW order: features {@code [b][k][t]} at {@code (b * features + k) * steps + t},
 * elapsed times {@code [b][t]} at {@code b * steps + t} (0 on absent steps), outputs likewise.
 */
final class DirectSequence {

    private final CellKernel kernel;
    private final KernelStep step;
    private final int unfolds;
    private final int minibatch;
    private final int steps;
    private final int f;
    private final int n;
    private final int o;

    /** States after each step of each example, kept by a training forward pass: {@code [b][t][units]}. */
    private double[][][] states;

    /** States at the start of each unfold, kept by a training forward pass: {@code [b][t][unfold][units]}. */
    private double[][][][] starts;

    DirectSequence(CellKernel kernel, OdeSolver solver, int unfolds, int minibatch, int steps) {
        this.kernel = kernel;
        this.step = new KernelStep(kernel, solver);
        this.unfolds = unfolds;
        this.minibatch = minibatch;
        this.steps = steps;
        this.f = kernel.inputSize();
        this.n = kernel.units();
        this.o = kernel.outputSize();
    }

    /**
     * @param features    the features
     * @param elapsed     the elapsed times
     * @param keepStates  true to keep the states for {@link #backward}
     * @return the outputs at every step
     */
    double[] forward(double[] features, double[] elapsed, boolean keepStates) {
        double[] outputs = new double[minibatch * o * steps];
        double[][][] kept = keepStates ? new double[minibatch][steps][] : null;
        double[][][][] keptStarts = keepStates ? new double[minibatch][steps][][] : null;
        forEachBlock((b, grads) -> {
            double[] x = new double[n];
            double[] y = new double[o];
            for (int t = 0; t < steps; t++) {
                x = advance(features, elapsed, b, t, x, keptStarts == null ? null : keptStarts[b]);
                if (kept != null) {
                    kept[b][t] = x;
                }
                kernel.output(x, y);
                for (int m = 0; m < o; m++) {
                    outputs[(b * o + m) * steps + t] = y[m];
                }
            }
        });
        states = kept;
        starts = keptStarts;
        return outputs;
    }

    private double[] input(double[] features, int b, int t) {
        double[] u = new double[f];
        for (int k = 0; k < f; k++) {
            u[k] = features[(b * f + k) * steps + t];
        }
        return u;
    }

    /** Advances one example by one time step, recording the unfolds' start states if {@code keep} is given. */
    private double[] advance(double[] features, double[] elapsed, int b, int t, double[] x, double[][][] keep) {
        double dt = elapsed[b * steps + t];
        if (dt == 0) {
            return x;
        }
        CellKernel.StepTerms terms = kernel.stepTerms(input(features, b, t));
        double h = dt / unfolds;
        double[] state = x;
        if (keep != null) {
            keep[t] = new double[unfolds][];
        }
        for (int k = 0; k < unfolds; k++) {
            if (keep != null) {
                keep[t][k] = state;
            }
            state = step.forward(terms, state, h);
        }
        return state;
    }

    /** The gradients of a backward pass. */
    record Gradients(CellKernel.Gradients parameters, double[] features, double[] elapsed) {
    }

    /**
     * Backpropagates output errors through the sequence; needs the states of a forward pass with
     * {@code keepStates}.
     *
     * @param features the features
     * @param elapsed  the elapsed times
     * @param epsilon  the loss gradient with respect to the outputs (same layout as the outputs)
     * @return parameter gradients (as the cell uses them), feature and elapsed-time gradients
     */
    Gradients backward(double[] features, double[] elapsed, double[] epsilon) {
        if (states == null) {
            throw new IllegalStateException("backward needs a forward pass that kept its states");
        }
        double[] dFeatures = new double[features.length];
        double[] dElapsed = new double[elapsed.length];
        List<CellKernel.Gradients> parts = forEachBlock((b, grads) -> {
            double[] dx = new double[n];
            double[] dy = new double[o];
            for (int t = steps - 1; t >= 0; t--) {
                for (int m = 0; m < o; m++) {
                    dy[m] = epsilon[(b * o + m) * steps + t];
                }
                kernel.outputBackward(states[b][t], dy, dx, grads);
                double dt = elapsed[b * steps + t];
                if (dt == 0) {
                    continue;
                }
                double[] u = input(features, b, t);
                CellKernel.StepTerms terms = kernel.stepTerms(u);
                double h = dt / unfolds;
                double dh = 0;
                for (int k = unfolds - 1; k >= 0; k--) {
                    double[] dStart = new double[n];
                    dh += step.backward(terms, starts[b][t][k], h, dx, dStart, grads);
                    dx = dStart;
                }
                double[] du = new double[f];
                kernel.stepTermsBackward(u, terms, du, grads);
                for (int k = 0; k < f; k++) {
                    dFeatures[(b * f + k) * steps + t] = du[k];
                }
                dElapsed[b * steps + t] = dh / unfolds;
            }
        });
        CellKernel.Gradients total = kernel.newGradients();
        for (CellKernel.Gradients part : parts) {
            total.add(part);
        }
        return new Gradients(total, dFeatures, dElapsed);
    }

    /** Work on one example, accumulating gradients into its block's buffer. */
    private interface ExampleTask {
        void run(int example, CellKernel.Gradients grads);
    }

    /**
     * Runs a task over every example, in contiguous blocks run in parallel.
     *
     * @return each block's gradient buffer, in block order
     */
    private List<CellKernel.Gradients> forEachBlock(ExampleTask task) {
        int blocks = Math.max(1, Math.min(minibatch, Runtime.getRuntime().availableProcessors()));
        return IntStream.range(0, blocks).parallel().mapToObj(block -> {
            CellKernel.Gradients grads = kernel.newGradients();
            for (int b = block * minibatch / blocks; b < (block + 1) * minibatch / blocks; b++) {
                task.run(b, grads);
            }
            return grads;
        }).collect(Collectors.toList());
    }
}
