package io.github.dl4jnrn.cell;

import io.github.dl4jnrn.solver.SplitVectorField;

/**
 * The neural regulatory network cell on plain arrays. Each neuron {@code i} has a membrane potential
 * {@code x_i} that obeys
 * <pre>
 *   C_i dx_i/dt = gL_i (eL_i - x_i)
 *               + sum_j  w_ji  s(sigma_ji  (x_j  - mu_ji))  (E_ji  - x_i)     synapses j -&gt; i
 *               + sum_k  w'_ki s(sigma'_ki (u'_k - mu'_ki)) (E'_ki - x_i)     sensory synapses k -&gt; i
 * </pre>
 * with {@code s} the logistic sigmoid and {@code u'_k = inputWeight_k u_k + inputBias_k} the affine input
 * map. Split as {@code dx/dt = gain - rate * x}: {@code rate_i = G_i / C_i} with the total conductance
 * {@code G_i = gL_i + sum w s + sum w' s'}, and {@code gain_i = (gL_i eL_i + sum w s E + sum w' s' E') / C_i}.
 * The liquid time constant is {@code 1 / rate_i}. The outputs are the first {@code outputs} neurons (the
 * motor neurons) through the affine output map.
 *
 * <p>This class evaluates the equations with plain loops, independently of the SameDiff definition in
 * {@link NrnCellGraph}, so that each checks the other.
 */
public final class NrnCell implements Cell {

    private final NrnParameters p;

    /** @param parameters the parameters as the cell uses them */
    public NrnCell(NrnParameters parameters) {
        this.p = parameters;
    }

    /** @return the parameters */
    public NrnParameters parameters() {
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
        double[] currentConst = new double[n];
        double[] conductanceConst = new double[n];
        for (int i = 0; i < n; i++) {
            currentConst[i] = p.leakConductance()[i] * p.leakPotential()[i];
            conductanceConst[i] = p.leakConductance()[i];
        }
        for (int k = 0; k < input.length; k++) {
            double u = p.inputWeight()[k] * input[k] + p.inputBias()[k];
            for (int i = 0; i < n; i++) {
                double g = p.sensoryWeight()[k][i]
                        * sigmoid(p.sensorySteepness()[k][i] * (u - p.sensoryMidpoint()[k][i]));
                currentConst[i] += g * p.sensoryReversal()[k][i];
                conductanceConst[i] += g;
            }
        }
        return new Field(currentConst, conductanceConst);
    }

    @Override
    public double[] output(double[] state) {
        return PlainMath.affineOutput(p.outputWeight(), p.outputBias(), state);
    }

    static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    /** The field under one input: the sensory and leak terms fixed, the recurrent terms from the state. */
    private final class Field implements SplitVectorField<double[]> {

        private final double[] currentConst;
        private final double[] conductanceConst;

        Field(double[] currentConst, double[] conductanceConst) {
            this.currentConst = currentConst;
            this.conductanceConst = conductanceConst;
        }

        @Override
        public Split<double[]> split(double[] x) {
            int n = x.length;
            double[] current = currentConst.clone();
            double[] conductance = conductanceConst.clone();
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    double g = p.recurrentWeight()[j][i]
                            * sigmoid(p.recurrentSteepness()[j][i] * (x[j] - p.recurrentMidpoint()[j][i]));
                    current[i] += g * p.recurrentReversal()[j][i];
                    conductance[i] += g;
                }
            }
            for (int i = 0; i < n; i++) {
                current[i] /= p.capacitance()[i];
                conductance[i] /= p.capacitance()[i];
            }
            return new Split<>(current, conductance);
        }

        @Override
        public double[] gain(double[] x) {
            return split(x).gain();
        }

        @Override
        public double[] rate(double[] x) {
            return split(x).rate();
        }

        @Override
        public double[] derivative(double[] x) {
            Split<double[]> s = split(x);
            double[] d = new double[x.length];
            for (int i = 0; i < d.length; i++) {
                d[i] = s.gain()[i] - s.rate()[i] * x[i];
            }
            return d;
        }
    }
}
