package io.github.dl4jnrn.reduction;

/**
 * A NeuralODE with one hidden layer, {@code dx/dt = phi(x W0 + b0) W1 + b1}, rewritten as a leak-free
 * {@link SynapticParameters synaptic network} over the augmented state {@code (x, z)} with
 * {@code z = x W0 + b0} (the hidden pre-activations):
 * <pre>
 *   dx_i/dt = b1_i        + sum_g W1_gi      phi(z_g)
 *   dz_h/dt = (b1 W0)_h   + sum_g (W1 W0)_gh phi(z_g)
 * </pre>
 * Every synapse starts at a hidden neuron {@code z_g} with steepness 1 and midpoint 0; the state neurons
 * {@code x} come first and are the outputs. Started from {@link #initialState(double[])}, the network follows
 * the NeuralODE exactly, and so does any explicit Runge-Kutta discretisation with the same steps, because
 * those methods commute with the affine map {@code x -> x W0 + b0}.
 *
 * @param network      the synaptic network, {@code n + H} neurons, no inputs, leak 0
 * @param hiddenWeight {@code W0}, {@code [n][H]}
 * @param hiddenBias   {@code b0}, length {@code H}
 */
public record AugmentedNeuralOde(SynapticParameters network, double[][] hiddenWeight, double[] hiddenBias) {

    /**
     * @param x0 the NeuralODE's initial state, length {@code n}
     * @return the augmented initial state {@code (x0, x0 W0 + b0)}
     */
    public double[] initialState(double[] x0) {
        int n = hiddenWeight.length;
        if (x0.length != n) {
            throw new IllegalArgumentException("x0 must have " + n + " values but has " + x0.length);
        }
        int hidden = hiddenBias.length;
        double[] s = new double[n + hidden];
        System.arraycopy(x0, 0, s, 0, n);
        for (int h = 0; h < hidden; h++) {
            double z = hiddenBias[h];
            for (int i = 0; i < n; i++) {
                z += x0[i] * hiddenWeight[i][h];
            }
            s[n + h] = z;
        }
        return s;
    }
}
