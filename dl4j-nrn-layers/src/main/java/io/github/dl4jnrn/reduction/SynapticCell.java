package io.github.dl4jnrn.reduction;

import io.github.dl4jnrn.cell.Cell;
import io.github.dl4jnrn.solver.SplitVectorField;

/**
 * The {@link SynapticParameters synaptic network} as a plain {@link Cell}, split as {@code gain = bias + synaptic
 * terms}, {@code rate = leak}; run it with {@link io.github.dl4jnrn.cell.CellIntegrator}. Immutable.
 */
public final class SynapticCell implements Cell {

    private final SynapticParameters p;

    /** @param parameters the network */
    public SynapticCell(SynapticParameters parameters) {
        this.p = parameters;
    }

    /** @return the network's parameters */
    public SynapticParameters parameters() {
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
                drive[i] += p.sensoryWeight()[k][i]
                        * p.function().value(p.sensorySteepness()[k][i] * (input[k] - p.sensoryMidpoint()[k][i]));
            }
        }
        double[] rate = p.leak();
        return new SplitVectorField<>() {
            @Override
            public double[] gain(double[] x) {
                double[] g = drive.clone();
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < n; i++) {
                        g[i] += p.recurrentWeight()[j][i] * p.function().value(p.recurrentSteepness()[j][i]
                                * (x[j] - p.recurrentMidpoint()[j][i]));
                    }
                }
                return g;
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
        double[] out = new double[p.outputs()];
        for (int o = 0; o < out.length; o++) {
            out[o] = p.outputWeight()[o] * state[o] + p.outputBias()[o];
        }
        return out;
    }
}
