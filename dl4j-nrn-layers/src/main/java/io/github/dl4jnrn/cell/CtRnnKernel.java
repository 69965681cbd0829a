package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.wiring.Synapses;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.github.dl4jnrn.cell.CtRnnParameters.BIAS;
import static io.github.dl4jnrn.cell.CtRnnParameters.INPUT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.OUTPUT_BIAS;
import static io.github.dl4jnrn.cell.CtRnnParameters.OUTPUT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.RECURRENT_WEIGHT;
import static io.github.dl4jnrn.cell.CtRnnParameters.TIME_CONSTANT;
import static io.github.dl4jnrn.cell.NrnKernel.derivative;
import static io.github.dl4jnrn.cell.NrnKernel.flat;
import static io.github.dl4jnrn.cell.NrnKernel.row;

/**
 * The CT-RNN cell of {@link CtRnnCell} as a {@link CellKernel}: {@code gain = f(W^T x + U^T u + b)},
 * {@code rate = 1 / tau}, with their vector-Jacobian products on flat arrays.
 */
public final class CtRnnKernel implements CellKernel {

    private final int f;
    private final int n;
    private final int o;
    private final Activation activation;
    private final double[] u;
    private final double[] uMask;
    private final double[] w;
    private final double[] wMask;
    private final double[] bias;
    private final double[] tau;
    private final double[] dTauDStored;
    private final double[] outW;
    private final double[] outB;
    private final long[] inputShape;
    private final long[] recurrentShape;

    /** The step's drive {@code U^T u + b} and its accumulated gradient. */
    private record Terms(double[] drive, double[] dDrive) implements StepTerms {
    }

    /** Gradients with respect to the parameters as the cell uses them ({@code rate} for the time constants). */
    private static final class Grads implements Gradients {
        final double[] u;
        final double[] w;
        final double[] bias;
        final double[] rate;
        final double[] outW;
        final double[] outB;

        Grads(int f, int n, int o) {
            u = new double[f * n];
            w = new double[n * n];
            bias = new double[n];
            rate = new double[n];
            outW = new double[o];
            outB = new double[o];
        }

        @Override
        public void add(Gradients other) {
            Grads g = (Grads) other;
            PlainMath.addAll(new double[][] {u, w, bias, rate, outW, outB},
                    new double[][] {g.u, g.w, g.bias, g.rate, g.outW, g.outB});
        }
    }

    /**
     * @param stored     the layer's stored parameters, keyed by {@link CtRnnParameters}' constants
     * @param positivity how the time constants are stored
     * @param synapses   which connections exist
     * @param activation the activation, one of {@link CtRnnCell#SUPPORTED_ACTIVATIONS}
     */
    public CtRnnKernel(Map<String, INDArray> stored, Positivity positivity, Synapses synapses, Activation activation) {
        CtRnnCell.checkActivation(activation);
        this.activation = activation;
        f = synapses.inputs();
        n = synapses.units();
        o = (int) stored.get(OUTPUT_WEIGHT).length();
        inputShape = stored.get(INPUT_WEIGHT).shape();
        recurrentShape = stored.get(RECURRENT_WEIGHT).shape();
        uMask = presence(synapses.sensoryMatrix());
        wMask = presence(synapses.recurrentMatrix());
        u = flat(stored.get(INPUT_WEIGHT));
        w = flat(stored.get(RECURRENT_WEIGHT));
        for (int i = 0; i < u.length; i++) {
            u[i] *= uMask[i];
        }
        for (int i = 0; i < w.length; i++) {
            w[i] *= wMask[i];
        }
        bias = flat(stored.get(BIAS));
        double[] tauStored = flat(stored.get(TIME_CONSTANT));
        tau = new double[n];
        dTauDStored = new double[n];
        for (int i = 0; i < n; i++) {
            tau[i] = positivity.apply(tauStored[i]);
            dTauDStored[i] = derivative(positivity, tauStored[i]);
        }
        outW = flat(stored.get(OUTPUT_WEIGHT));
        outB = flat(stored.get(OUTPUT_BIAS));
    }

    private static double[] presence(int[][] polarity) {
        int cols = polarity[0].length;
        double[] m = new double[polarity.length * cols];
        for (int idx = 0; idx < m.length; idx++) {
            m[idx] = Math.abs(polarity[idx / cols][idx % cols]);
        }
        return m;
    }

    @Override
    public int inputSize() {
        return f;
    }

    @Override
    public int units() {
        return n;
    }

    @Override
    public int outputSize() {
        return o;
    }

    @Override
    public StepTerms stepTerms(double[] input) {
        double[] drive = bias.clone();
        for (int k = 0; k < f; k++) {
            double uk = input[k];
            int row = k * n;
            for (int i = 0; i < n; i++) {
                drive[i] += uk * u[row + i];
            }
        }
        return new Terms(drive, new double[n]);
    }

    private double[] preActivation(Terms t, double[] x) {
        double[] pre = t.drive.clone();
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            int row = j * n;
            for (int i = 0; i < n; i++) {
                pre[i] += xj * w[row + i];
            }
        }
        return pre;
    }

    @Override
    public int scratchSize() {
        return n;
    }

    @Override
    public void split(StepTerms stepTerms, double[] x, double[] gain, double[] rate, double[] scratch) {
        double[] pre = preActivation((Terms) stepTerms, x);
        if (scratch != null) {
            System.arraycopy(pre, 0, scratch, 0, n);
        }
        for (int i = 0; i < n; i++) {
            gain[i] = CtRnnCell.activate(activation, pre[i]);
            rate[i] = 1 / tau[i];
        }
    }

    @Override
    public void splitBackward(StepTerms stepTerms, double[] x, double[] gain, double[] rate, double[] scratch,
                              double[] dGain, double[] dRate, double[] dx, Gradients gradients) {
        Terms t = (Terms) stepTerms;
        Grads g = (Grads) gradients;
        double[] pre = scratch;
        double[] dPre = new double[n];
        for (int i = 0; i < n; i++) {
            dPre[i] = dGain[i] * slope(pre[i], gain[i]);
            t.dDrive[i] += dPre[i];
            g.rate[i] += dRate[i];
        }
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            int row = j * n;
            double dxj = 0;
            for (int i = 0; i < n; i++) {
                g.w[row + i] += xj * dPre[i];
                dxj += w[row + i] * dPre[i];
            }
            dx[j] += dxj;
        }
    }

    /** @return the derivative of the activation at {@code pre}, whose value is {@code value} */
    private double slope(double pre, double value) {
        return CtRnnCell.slope(activation, pre, value);
    }

    @Override
    public void stepTermsBackward(double[] input, StepTerms stepTerms, double[] du, Gradients gradients) {
        Terms t = (Terms) stepTerms;
        Grads g = (Grads) gradients;
        for (int i = 0; i < n; i++) {
            g.bias[i] += t.dDrive[i];
        }
        for (int k = 0; k < f; k++) {
            double uk = input[k];
            int row = k * n;
            double duk = 0;
            for (int i = 0; i < n; i++) {
                g.u[row + i] += uk * t.dDrive[i];
                duk += u[row + i] * t.dDrive[i];
            }
            du[k] += duk;
        }
        Arrays.fill(t.dDrive, 0);
    }

    @Override
    public void output(double[] x, double[] y) {
        System.arraycopy(PlainMath.affineOutput(outW, outB, x), 0, y, 0, o);
    }

    @Override
    public void outputBackward(double[] x, double[] dy, double[] dx, Gradients gradients) {
        Grads g = (Grads) gradients;
        PlainMath.affineOutputBackward(outW, x, dy, g.outW, g.outB, dx);
    }

    @Override
    public Gradients newGradients() {
        return new Grads(f, n, o);
    }

    @Override
    public Map<String, INDArray> storedGradients(Gradients gradients) {
        Grads g = (Grads) gradients;
        double[] du = g.u.clone();
        double[] dw = g.w.clone();
        for (int i = 0; i < du.length; i++) {
            du[i] *= uMask[i];
        }
        for (int i = 0; i < dw.length; i++) {
            dw[i] *= wMask[i];
        }
        double[] dTau = new double[n];
        for (int i = 0; i < n; i++) {
            dTau[i] = -g.rate[i] / (tau[i] * tau[i]) * dTauDStored[i];
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        out.put(INPUT_WEIGHT, Nd4j.createFromArray(du).reshape(inputShape));
        out.put(RECURRENT_WEIGHT, Nd4j.createFromArray(dw).reshape(recurrentShape));
        out.put(BIAS, row(g.bias));
        out.put(TIME_CONSTANT, row(dTau));
        out.put(OUTPUT_WEIGHT, row(g.outW));
        out.put(OUTPUT_BIAS, row(g.outB));
        return out;
    }
}
