package io.github.dl4jnrn.cell;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.github.dl4jnrn.cell.NrnKernel.flat;

/**
 * The vector field of a NeuralODE, {@code dx/dt = f(x)}, with {@code f} a stack of dense layers, as a
 * {@link CellKernel} on plain arrays:
 * <pre>
 *   h_0 = x,   h_l = a(h_{l-1} W_l + b_l)  for l = 1 .. L-1,   f(x) = h_{L-1} W_L + b_L
 * </pre>
 * with {@code a} the hidden layers' activation and the last layer linear, so that {@code f} ranges over all of
 * {@code R^n}. With no hidden layer, {@code f(x) = x W_1 + b_1}, a linear ODE. The field has no input and no
 * decay: split as {@code gain = f(x)}, {@code rate = 0}, so the {@link io.github.dl4jnrn.solver.OdeSolver#FUSED
 * fused step} {@code (x + h gain) / (1 + h rate)} is explicit Euler here. The outputs are the state itself.
 *
 * <p>Parameters are read from a parameter table under the keys {@link #weightKey(String, int)} ({@code
 * [in, out]}) and {@link #biasKey(String, int)} ({@code [1, out]}), the prefix telling the blocks of a
 * residual stack apart. Immutable; gradient buffers are separate objects.
 */
public final class DenseFieldKernel implements CellKernel {

    private static final StepTerms NO_TERMS = new StepTerms() {
    };

    private final String prefix;
    private final int n;
    private final int[] sizes;
    private final Activation activation;
    private final double[][] weight;
    private final double[][] bias;
    private final int scratchSize;

    /** Gradients of each layer's weight and bias, flat in the order of the stored arrays. */
    private static final class Grads implements Gradients {
        final double[][] weight;
        final double[][] bias;

        Grads(int[] sizes) {
            int layers = sizes.length - 1;
            weight = new double[layers][];
            bias = new double[layers][];
            for (int l = 0; l < layers; l++) {
                weight[l] = new double[sizes[l] * sizes[l + 1]];
                bias[l] = new double[sizes[l + 1]];
            }
        }

        @Override
        public void add(Gradients other) {
            Grads g = (Grads) other;
            PlainMath.addAll(weight, g.weight);
            PlainMath.addAll(bias, g.bias);
        }
    }

    /**
     * @param stored     the parameter table holding this field's weights and biases
     * @param prefix     the prefix of this field's keys ({@code ""} for a NeuralODE)
     * @param units      the state size {@code n}
     * @param hidden     the widths of the hidden layers, each at least 1 (may be empty)
     * @param activation the hidden layers' activation, one of {@link CtRnnCell#SUPPORTED_ACTIVATIONS}
     */
    public DenseFieldKernel(Map<String, INDArray> stored, String prefix, int units, int[] hidden,
                            Activation activation) {
        CtRnnCell.checkActivation(activation);
        this.prefix = prefix;
        this.n = units;
        this.sizes = layerSizes(units, hidden);
        this.activation = activation;
        int layers = sizes.length - 1;
        weight = new double[layers][];
        bias = new double[layers][];
        int scratch = 0;
        for (int l = 0; l < layers; l++) {
            weight[l] = flat(require(stored, weightKey(prefix, l), sizes[l] * sizes[l + 1]));
            bias[l] = flat(require(stored, biasKey(prefix, l), sizes[l + 1]));
            scratch += l < layers - 1 ? sizes[l + 1] : 0;
        }
        scratchSize = scratch;
    }

    /** @return the widths {@code n, hidden..., n} of the stack's layers, inputs first */
    public static int[] layerSizes(int units, int[] hidden) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = units;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = units;
        return sizes;
    }

    /** @return the key of layer {@code l}'s weight matrix {@code [in, out]} */
    public static String weightKey(String prefix, int l) {
        return prefix + "weight" + l;
    }

    /** @return the key of layer {@code l}'s bias {@code [1, out]} */
    public static String biasKey(String prefix, int l) {
        return prefix + "bias" + l;
    }

    private static INDArray require(Map<String, INDArray> stored, String key, long length) {
        INDArray a = stored.get(key);
        if (a == null || a.length() != length) {
            throw new IllegalArgumentException("parameter table needs '" + key + "' with " + length + " values but has "
                    + (a == null ? "none" : a.length() + " values") + "; keys: " + stored.keySet());
        }
        return a;
    }

    /**
     * Defines the same field in a SameDiff graph.
     *
     * @param x          the state {@code [minibatch, n]}
     * @param params     the stored parameters as graph variables
     * @param prefix     the prefix of the field's keys
     * @param layers     the number of dense layers (hidden layers + 1)
     * @param activation the hidden layers' activation
     * @return {@code f(x)}, {@code [minibatch, n]}
     */
    public static SDVariable define(SameDiff sd, SDVariable x, Map<String, SDVariable> params, String prefix,
                                    int layers, Activation activation) {
        SDVariable h = x;
        for (int l = 0; l < layers; l++) {
            h = h.mmul(params.get(weightKey(prefix, l))).add(params.get(biasKey(prefix, l)));
            if (l < layers - 1) {
                h = activation.asSameDiff(sd, h);
            }
        }
        return h;
    }

    /**
     * Evaluates {@code f(x)}.
     *
     * @param x       the state
     * @param scratch null, or an array of {@link #scratchSize()} that receives the hidden layers'
     *                pre-activations
     * @return {@code f(x)}
     */
    public double[] evaluate(double[] x, double[] scratch) {
        double[] h = x;
        int offset = 0;
        for (int l = 0; l < weight.length; l++) {
            double[] next = affine(l, h);
            if (l < weight.length - 1) {
                if (scratch != null) {
                    System.arraycopy(next, 0, scratch, offset, next.length);
                }
                offset += next.length;
                for (int m = 0; m < next.length; m++) {
                    next[m] = CtRnnCell.activate(activation, next[m]);
                }
            }
            h = next;
        }
        return h;
    }

    /** @return {@code h W_l + b_l} */
    private double[] affine(int l, double[] h) {
        int in = sizes[l];
        int out = sizes[l + 1];
        double[] next = bias[l].clone();
        for (int r = 0; r < in; r++) {
            double hr = h[r];
            if (hr == 0) {
                continue;
            }
            for (int c = 0; c < out; c++) {
                next[c] += hr * weight[l][r * out + c];
            }
        }
        return next;
    }

    @Override
    public int inputSize() {
        return 0;
    }

    @Override
    public int units() {
        return n;
    }

    @Override
    public int outputSize() {
        return n;
    }

    @Override
    public StepTerms stepTerms(double[] input) {
        return NO_TERMS;
    }

    @Override
    public void split(StepTerms terms, double[] x, double[] gain, double[] rate, double[] scratch) {
        System.arraycopy(evaluate(x, scratch), 0, gain, 0, n);
        Arrays.fill(rate, 0);
    }

    @Override
    public int scratchSize() {
        return scratchSize;
    }

    /**
     * Backpropagates {@code dGain} through the stack; {@code dRate} has no effect, the rate being constant.
     * {@code scratch} must hold what {@link #split} wrote at the same {@code x}.
     */
    @Override
    public void splitBackward(StepTerms terms, double[] x, double[] gain, double[] rate, double[] scratch,
                              double[] dGain, double[] dRate, double[] dx, Gradients gradients) {
        Grads g = (Grads) gradients;
        double[] delta = dGain.clone();
        int offset = scratchSize;
        for (int l = weight.length - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            double[] pre = l == 0 ? null : Arrays.copyOfRange(scratch, offset - in, offset);
            double[] h = l == 0 ? x : new double[in];
            for (int r = 0; l > 0 && r < in; r++) {
                h[r] = CtRnnCell.activate(activation, pre[r]);
            }
            double[] dh = new double[in];
            for (int c = 0; c < out; c++) {
                g.bias[l][c] += delta[c];
            }
            for (int r = 0; r < in; r++) {
                double sum = 0;
                for (int c = 0; c < out; c++) {
                    g.weight[l][r * out + c] += h[r] * delta[c];
                    sum += weight[l][r * out + c] * delta[c];
                }
                dh[r] = l == 0 ? sum : sum * CtRnnCell.slope(activation, pre[r], h[r]);
            }
            if (l == 0) {
                for (int m = 0; m < n; m++) {
                    dx[m] += dh[m];
                }
            }
            offset -= l == 0 ? 0 : in;
            delta = dh;
        }
    }

    @Override
    public void stepTermsBackward(double[] input, StepTerms terms, double[] du, Gradients gradients) {
        // no input
    }

    @Override
    public void output(double[] x, double[] y) {
        System.arraycopy(x, 0, y, 0, n);
    }

    @Override
    public void outputBackward(double[] x, double[] dy, double[] dx, Gradients gradients) {
        for (int m = 0; m < n; m++) {
            dx[m] += dy[m];
        }
    }

    @Override
    public Gradients newGradients() {
        return new Grads(sizes);
    }

    @Override
    public Map<String, INDArray> storedGradients(Gradients gradients) {
        Grads g = (Grads) gradients;
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (int l = 0; l < weight.length; l++) {
            out.put(weightKey(prefix, l), Nd4j.createFromArray(g.weight[l].clone()).reshape(sizes[l], sizes[l + 1]));
            out.put(biasKey(prefix, l), NrnKernel.row(g.bias[l]));
        }
        return out;
    }
}
