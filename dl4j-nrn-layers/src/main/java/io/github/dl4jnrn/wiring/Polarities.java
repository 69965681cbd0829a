package io.github.dl4jnrn.wiring;

import java.util.SplittableRandom;

/** Seeded draws shared by the generated wirings. */
final class Polarities {

    private Polarities() {
    }

    /** @return +1 (excitatory) with probability 2/3, otherwise -1 (inhibitory) */
    static int draw(SplittableRandom random) {
        return random.nextInt(3) == 0 ? -1 : 1;
    }

    /**
     * Chooses {@code k} distinct indices of {@code 0..n-1} (a partial Fisher-Yates shuffle).
     *
     * @return the chosen indices, in the order drawn
     */
    static int[] choose(int n, int k, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = new int[k];
        System.arraycopy(all, 0, out, 0, k);
        return out;
    }

    /** @return the roles of a wiring without layers: the first {@code outputs} neurons motor, the rest inter */
    static NeuronRole[] motorFirst(int units, int outputs) {
        if (outputs < 1 || outputs > units) {
            throw new IllegalArgumentException("wiring: outputs must be between 1 and the number of neurons ("
                    + units + ") but was " + outputs);
        }
        NeuronRole[] roles = new NeuronRole[units];
        for (int i = 0; i < units; i++) {
            roles[i] = i < outputs ? NeuronRole.MOTOR : NeuronRole.INTER;
        }
        return roles;
    }
}
