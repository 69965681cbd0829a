package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.SplitVectorField;
import org.nd4j.linalg.activations.Activation;

import java.util.EnumSet;
import java.util.Set;

/**
 * The continuous-time recurrent neural network cell on plain arrays:
 * <pre>
 *   dx/dt = -x / tau + f(W^T x + U^T u + b)
 * </pre>
 * with signed weights ({@code W[j][i]} from neuron {@code j} to neuron {@code i}), one positive time
 * constant per neuron and the activation {@code f}; split as {@code gain = f(...)}, {@code rate = 1/tau}.
 * The outputs are the first {@code outputs} neurons through an affine output map.
 */
public final class CtRnnCell implements Cell {

    /** The activations the CT-RNN cells support, in plain arrays and in SameDiff graphs alike. */
    public static final Set<Activation> SUPPORTED_ACTIVATIONS = EnumSet.of(Activation.TANH, Activation.SIGMOID,
            Activation.RELU, Activation.IDENTITY, Activation.SOFTPLUS, Activation.SOFTSIGN);

    private final CtRnnParameters p;

    /**
     * @param parameters the parameters as the cell uses them
     * @throws IllegalArgumentException if the activation is not {@link #SUPPORTED_ACTIVATIONS supported}
     */
    public CtRnnCell(CtRnnParameters parameters) {
        checkActivation(parameters.activation());
        this.p = parameters;
    }

    /**
     * @param activation an activation
     * @throws IllegalArgumentException if it is not one of {@link #SUPPORTED_ACTIVATIONS}
     */
    public static void checkActivation(Activation activation) {
        if (!SUPPORTED_ACTIVATIONS.contains(activation)) {
            throw new IllegalArgumentException("activation must be one of " + SUPPORTED_ACTIVATIONS + " but was "
                    + activation);
        }
    }

    /** @return the parameters */
    public CtRnnParameters parameters() {
        return p;
    }

    @Override
    public int inputSize() {
        return p.inputs();
    }

    @Override
    public int units() {
        return p.units();
    }

    @Override
    public int outputSize() {
        return p.outputs();
    }

    @Override
    public SplitVectorField<double[]> field(double[] input) {
        int n = units();
        double[] drive = p.bias().clone();
        for (int k = 0; k < input.length; k++) {
            for (int i = 0; i < n; i++) {
                drive[i] += p.inputWeight()[k][i] * input[k];
            }
        }
        double[] rate = new double[n];
        for (int i = 0; i < n; i++) {
            rate[i] = 1 / p.timeConstant()[i];
        }
        return new SplitVectorField<>() {
            @Override
            public double[] gain(double[] x) {
                double[] pre = drive.clone();
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        pre[i] += p.recurrentWeight()[j][i] * x[j];
                    }
                }
                for (int i = 0; i < n; i++) {
                    pre[i] = activate(p.activation(), pre[i]);
                }
                return pre;
            }

            @Override
            public double[] rate(double[] x) {
                return rate.clone();
            }

            @Override
            public double[] derivative(double[] x) {
                double[] d = gain(x);
                for (int i = 0; i < n; i++) {
                    d[i] -= rate[i] * x[i];
                }
                return d;
            }
        };
    }

    @Override
    public double[] output(double[] state) {
        return PlainMath.affineOutput(p.outputWeight(), p.outputBias(), state);
    }

    /**
     * @param activation one of {@link #SUPPORTED_ACTIVATIONS}
     * @param pre        the argument {@code z}
     * @param value      {@code f(z)}
     * @return the derivative {@code f'(z)}
     */
    static double slope(Activation activation, double pre, double value) {
        return switch (activation) {
            case TANH -> 1 - value * value;
            case SIGMOID -> value * (1 - value);
            case RELU -> pre > 0 ? 1 : 0;
            case IDENTITY -> 1;
            case SOFTPLUS -> NrnCell.sigmoid(pre);
            case SOFTSIGN -> 1 / ((1 + Math.abs(pre)) * (1 + Math.abs(pre)));
            default -> throw new IllegalArgumentException("unsupported activation " + activation);
        };
    }

    static double activate(Activation activation, double z) {
        return switch (activation) {
            case TANH -> Math.tanh(z);
            case SIGMOID -> NrnCell.sigmoid(z);
            case RELU -> Math.max(0, z);
            case IDENTITY -> z;
            case SOFTPLUS -> Positivity.SOFTPLUS.apply(z);
            case SOFTSIGN -> z / (1 + Math.abs(z));
            default -> throw new IllegalArgumentException("unsupported activation " + activation);
        };
    }
}
