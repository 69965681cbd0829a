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
 * <p>A training forward pass keeps what the backward pass needs: by default the state at the start of
 * every unfold of every step ({@code minibatch x T x unfolds x units} values). With a checkpoint interval
 * {@code c > 0} it keeps only the state every {@code c} steps, and the backward pass recomputes each
 * interval's states from its checkpoint before going back through it: {@code minibatch x (T / c + c x
 * unfolds) x units} values, for one more forward pass of compute. Gradients are the same either way.
 *
 * <p>Arrays are flat, in NCW order: features {@code [b][k][t]} at {@code (b * features + k) * steps + t},
 * elapsed times {@code [b][t]} at {@code b * steps + t} (0 on absent steps), outputs likewise; states
 * {@code [b][i]} at {@code b * units + i}.
 */
final class DirectSequence {

    private final CellKernel kernel;
    private final KernelStep step;
    private final int unfolds;
    private final int checkpoint;
    private final int minibatch;
    private final int steps;
    private final int f;
    private final int n;
    private final int o;

    /** Per example, what a training forward pass kept: the whole trace, or one state per interval. */
    private Trace[] traces;
    private double[][][] checkpoints;

    /** The states after the last step of the last forward pass. */
    private double[] finalStates;

    /**
     * @param kernel     the cell's kernel
     * @param solver     the solver
     * @param unfolds    solver steps per time step
     * @param checkpoint 0 to keep every state for the backward pass, or the number of steps between kept
     *                   states (the rest is recomputed)
     * @param minibatch  the number of examples
     * @param steps      the number of time steps
     */
    DirectSequence(CellKernel kernel, OdeSolver solver, int unfolds, int checkpoint, int minibatch, int steps) {
        this.kernel = kernel;
        this.step = new KernelStep(kernel, solver);
        this.unfolds = unfolds;
        this.checkpoint = checkpoint;
        this.minibatch = minibatch;
        this.steps = steps;
        this.f = kernel.inputSize();
        this.n = kernel.units();
        this.o = kernel.outputSize();
    }

    /**
     * The states of one example over a range of steps: after each step, and at the start of each unfold.
     * Index {@code t - from}.
     */
    private record Trace(int from, double[][] after, double[][][] starts) {

        Trace(int from, int to) {
            this(from, new double[to - from][], new double[to - from][][]);
        }
    }

    /**
     * @param features   the features
     * @param elapsed    the elapsed times
     * @param start      the initial states {@code [minibatch * units]}, or null for zero states
     * @param keepStates true to keep what {@link #backward} needs
     * @return the outputs at every step
     */
    double[] forward(double[] features, double[] elapsed, double[] start, boolean keepStates) {
        double[] outputs = new double[minibatch * o * steps];
        double[] last = new double[minibatch * n];
        Trace[] kept = keepStates && checkpoint == 0 ? new Trace[minibatch] : null;
        double[][][] marks = keepStates && checkpoint > 0 ? new double[minibatch][][] : null;
        forEachBlock((b, grads) -> {
            double[] x = new double[n];
            if (start != null) {
                System.arraycopy(start, b * n, x, 0, n);
            }
            Trace trace = kept == null ? null : (kept[b] = new Trace(0, steps));
            if (marks != null) {
                marks[b] = new double[(steps + checkpoint - 1) / checkpoint][];
            }
            double[] y = new double[o];
            for (int t = 0; t < steps; t++) {
                if (marks != null && t % checkpoint == 0) {
                    marks[b][t / checkpoint] = x;
                }
                x = advance(features, elapsed, b, t, x, trace);
                kernel.output(x, y);
                for (int m = 0; m < o; m++) {
                    outputs[(b * o + m) * steps + t] = y[m];
                }
            }
            System.arraycopy(x, 0, last, b * n, n);
        });
        traces = kept;
        checkpoints = marks;
        finalStates = last;
        return outputs;
    }

    /** @return the states after the last step of the last forward pass, {@code [minibatch * units]} */
    double[] finalStates() {
        return finalStates;
    }

    private double[] input(double[] features, int b, int t) {
        double[] u = new double[f];
        for (int k = 0; k < f; k++) {
            u[k] = features[(b * f + k) * steps + t];
        }
        return u;
    }

    /** Advances one example by one time step, recording its states in {@code trace} if given. */
    private double[] advance(double[] features, double[] elapsed, int b, int t, double[] x, Trace trace) {
        double dt = elapsed[b * steps + t];
        double[] state = x;
        if (dt != 0) {
            CellKernel.StepTerms terms = kernel.stepTerms(input(features, b, t));
            double h = dt / unfolds;
            double[][] starts = trace == null ? null : new double[unfolds][];
            for (int k = 0; k < unfolds; k++) {
                if (starts != null) {
                    starts[k] = state;
                }
                state = step.forward(terms, state, h);
            }
            if (trace != null) {
                trace.starts[t - trace.from] = starts;
            }
        }
        if (trace != null) {
            trace.after[t - trace.from] = state;
        }
        return state;
    }

    /** The gradients of a backward pass. */
    record Gradients(CellKernel.Gradients parameters, double[] features, double[] elapsed) {
    }

    /**
     * Backpropagates output errors through the sequence; needs a forward pass with {@code keepStates}. The
     * initial states are constants: no gradient flows into them.
     *
     * @param features the features
     * @param elapsed  the elapsed times
     * @param epsilon  the loss gradient with respect to the outputs (same layout as the outputs)
     * @return parameter gradients (as the cell uses them), feature and elapsed-time gradients
     */
    Gradients backward(double[] features, double[] elapsed, double[] epsilon) {
        if (traces == null && checkpoints == null) {
            throw new IllegalStateException("backward needs a forward pass that kept its states");
        }
        double[] dFeatures = new double[features.length];
        double[] dElapsed = new double[elapsed.length];
        List<CellKernel.Gradients> parts = forEachBlock((b, grads) -> {
            double[] dx = new double[n];
            int interval = checkpoint == 0 ? steps : checkpoint;
            for (int from = (steps - 1) / interval * interval; from >= 0; from -= interval) {
                int to = Math.min(steps, from + interval);
                Trace trace = traces != null ? traces[b] : recompute(features, elapsed, b, from, to);
                for (int t = to - 1; t >= from; t--) {
                    dx = backStep(features, elapsed, epsilon, b, t, trace, dx, grads, dFeatures, dElapsed);
                }
            }
        });
        CellKernel.Gradients total = kernel.newGradients();
        for (CellKernel.Gradients part : parts) {
            total.add(part);
        }
        return new Gradients(total, dFeatures, dElapsed);
    }

    /** @return the trace of steps {@code [from, to)} of example {@code b}, recomputed from its checkpoint */
    private Trace recompute(double[] features, double[] elapsed, int b, int from, int to) {
        Trace trace = new Trace(from, to);
        double[] x = checkpoints[b][from / checkpoint];
        for (int t = from; t < to; t++) {
            x = advance(features, elapsed, b, t, x, trace);
        }
        return trace;
    }

    /** Takes the state gradient after step {@code t} back to before it; returns it. */
    private double[] backStep(double[] features, double[] elapsed, double[] epsilon, int b, int t, Trace trace,
                              double[] dx, CellKernel.Gradients grads, double[] dFeatures, double[] dElapsed) {
        double[] dy = new double[o];
        for (int m = 0; m < o; m++) {
            dy[m] = epsilon[(b * o + m) * steps + t];
        }
        kernel.outputBackward(trace.after[t - trace.from], dy, dx, grads);
        double dt = elapsed[b * steps + t];
        if (dt == 0) {
            return dx;
        }
        double[] u = input(features, b, t);
        CellKernel.StepTerms terms = kernel.stepTerms(u);
        double h = dt / unfolds;
        double dh = 0;
        double[][] starts = trace.starts[t - trace.from];
        for (int k = unfolds - 1; k >= 0; k--) {
            double[] dStart = new double[n];
            dh += step.backward(terms, starts[k], h, dx, dStart, grads);
            dx = dStart;
        }
        double[] du = new double[f];
        kernel.stepTermsBackward(u, terms, du, grads);
        for (int k = 0; k < f; k++) {
            dFeatures[(b * f + k) * steps + t] = du[k];
        }
        dElapsed[b * steps + t] = dh / unfolds;
        return dx;
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
