package io.github.dl4jnrn.inspect;

import io.github.dl4jnrn.cell.NrnParameters;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Finds motifs in an NRN circuit from its synapses' signs and strengths. Only <em>strong</em> synapses count:
 * those whose weight w is at least {@code relativeThreshold} times the largest weight of any synapse present
 * (sensory or between neurons). Signs come from {@link SynapseInfo} against an {@link OperatingRange};
 * shunting synapses form no motif. Sensory synapses count only as drives. With {@code exc(a, b)} and
 * {@code inh(a, b)} meaning a strong excitatory or inhibitory synapse from neuron {@code a} to neuron
 * {@code b}, the rules are:
 * <dl>
 *   <dt>{@link MotifKind#ACTIVATION}</dt><dd>{@code exc(j, i)} with {@code j != i}; neurons {@code [j, i]}.</dd>
 *   <dt>{@link MotifKind#INHIBITION}</dt><dd>{@code inh(j, i)} with {@code j != i}; neurons {@code [j, i]}.</dd>
 *   <dt>{@link MotifKind#SEQUENTIALIZATION}</dt><dd>A feed-forward activation is {@code exc(j, i)} with
 *       {@code j != i} and not {@code exc(i, j)}. A chain is a path of at least 3 distinct neurons along
 *       feed-forward activations that is maximal: no feed-forward activation leads from its last neuron to a
 *       neuron off the path, nor into its first neuron from a neuron off the path. At most
 *       {@code maxChains} chains are reported, found by depth-first search from neuron 0 upwards; the search
 *       stops after {@link #MAX_PATH_EXTENSIONS} path extensions, so in large, densely excitatory circuits the
 *       chains reported may be incomplete.</dd>
 *   <dt>{@link MotifKind#MUTUAL_EXCLUSION}</dt><dd>{@code inh(a, b)} and {@code inh(b, a)}, {@code a < b},
 *       where each of {@code a} and {@code b} has its own drive: a strong excitatory synapse from an input or
 *       from a neuron other than {@code a} and {@code b}. Neurons {@code [a, b]}, with the drives.</dd>
 *   <dt>{@link MotifKind#SYNCHRONIZATION}</dt><dd>(a) A set of at least 2 neurons connected by reciprocal
 *       activations ({@code exc(a, b)} and {@code exc(b, a)}), maximal (a connected component); or (b) the
 *       neurons other than itself that one source excites by strong synapses, if at least 2: a shared
 *       driver, input or neuron, reported as the driver.</dd>
 *   <dt>{@link MotifKind#LATCH}</dt><dd>A strong excitatory self-synapse {@code exc(i, i)} such that the
 *       neuron isolated with its leak and this synapse alone,
 *       {@code C dx/dt = gL (eL - x) + w s(sigma (x - mu)) (E - x)}, has at least three equilibria (two of
 *       them stable), found as sign changes of the right-hand side on a grid of 4000 intervals over
 *       {@code [min(eL, E), max(eL, E)]}, the interval that holds every equilibrium.</dd>
 * </dl>
 * Motifs nest: a chain also reports its activations, a mutual-exclusion pair its two inhibitions.
 */
public final class MotifDetector {

    /** Default fraction of the largest weight below which a synapse is ignored. */
    public static final double DEFAULT_RELATIVE_THRESHOLD = 0.25;
    /** Default limit on the number of chains reported. */
    public static final int DEFAULT_MAX_CHAINS = 50;

    /** Most path extensions the search for chains makes in one {@link #detect} call. */
    public static final int MAX_PATH_EXTENSIONS = 200_000;

    private static final int GRID = 4000;

    private final double relativeThreshold;
    private final int maxChains;

    /** A detector with the default threshold and chain limit. */
    public MotifDetector() {
        this(DEFAULT_RELATIVE_THRESHOLD, DEFAULT_MAX_CHAINS);
    }

    /**
     * @param relativeThreshold fraction of the largest weight a synapse needs to count, in {@code [0, 1]}
     * @param maxChains         most chains reported, at least 0
     * @throws IllegalArgumentException if a setting is out of its range
     */
    public MotifDetector(double relativeThreshold, int maxChains) {
        if (!(relativeThreshold >= 0 && relativeThreshold <= 1)) {
            throw new IllegalArgumentException("motif detector: relativeThreshold must be in [0, 1] but was "
                    + relativeThreshold);
        }
        if (maxChains < 0) {
            throw new IllegalArgumentException("motif detector: maxChains must not be negative but was " + maxChains);
        }
        this.relativeThreshold = relativeThreshold;
        this.maxChains = maxChains;
    }

    /**
     * @param circuit the circuit
     * @param range   each neuron's operating range, against which synapse signs are read
     * @return the motifs, grouped by kind in the order of {@link MotifKind}
     */
    public List<Motif> detect(NrnCircuit circuit, OperatingRange range) {
        Strong g = strongSynapses(circuit, SynapseInfo.of(circuit, range));
        int n = circuit.units();
        List<Motif> out = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                if (j != i && g.exc[j][i]) {
                    out.add(Motif.of(MotifKind.ACTIVATION, j, i));
                }
            }
        }
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                if (j != i && g.inh[j][i]) {
                    out.add(Motif.of(MotifKind.INHIBITION, j, i));
                }
            }
        }
        chains(g, n, out);
        mutualExclusions(g, circuit.inputs(), n, out);
        synchronizations(g, circuit.inputs(), n, out);
        latches(g, circuit.parameters(), n, out);
        return out;
    }

    /** The strong synapses by sign. */
    private record Strong(boolean[][] exc, boolean[][] inh, boolean[][] sensoryExc) {
    }

    private Strong strongSynapses(NrnCircuit c, List<SynapseInfo> synapses) {
        double max = 0;
        for (SynapseInfo s : synapses) {
            max = Math.max(max, s.weight());
        }
        double threshold = relativeThreshold * max;
        int n = c.units();
        Strong g = new Strong(new boolean[n][n], new boolean[n][n], new boolean[c.inputs()][n]);
        for (SynapseInfo s : synapses) {
            if (s.weight() <= 0 || s.weight() < threshold) {
                continue;
            }
            if (s.sensory()) {
                g.sensoryExc[s.source()][s.target()] = s.sign() == SynapseSign.EXCITATORY;
            } else {
                g.exc[s.source()][s.target()] = s.sign() == SynapseSign.EXCITATORY;
                g.inh[s.source()][s.target()] = s.sign() == SynapseSign.INHIBITORY;
            }
        }
        return g;
    }

    // ---------------------------------------------------------------- sequentialization

    private void chains(Strong g, int n, List<Motif> out) {
        boolean[][] ff = new boolean[n][n];
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < n; i++) {
                ff[j][i] = j != i && g.exc[j][i] && !g.exc[i][j];
            }
        }
        List<List<Integer>> found = new ArrayList<>();
        int[] budget = {MAX_PATH_EXTENSIONS};
        for (int start = 0; start < n && found.size() < maxChains && budget[0] > 0; start++) {
            List<Integer> path = new ArrayList<>();
            boolean[] onPath = new boolean[n];
            path.add(start);
            onPath[start] = true;
            extend(ff, path, onPath, found, budget);
        }
        for (List<Integer> chain : found) {
            out.add(new Motif(MotifKind.SEQUENTIALIZATION, chain, List.of(), List.of()));
        }
    }

    private void extend(boolean[][] ff, List<Integer> path, boolean[] onPath, List<List<Integer>> found,
                        int[] budget) {
        if (found.size() >= maxChains || budget[0] <= 0) {
            return;
        }
        int last = path.get(path.size() - 1);
        boolean extended = false;
        for (int next = 0; next < ff.length; next++) {
            if (ff[last][next] && !onPath[next] && budget[0]-- > 0) {
                extended = true;
                path.add(next);
                onPath[next] = true;
                extend(ff, path, onPath, found, budget);
                onPath[next] = false;
                path.remove(path.size() - 1);
            }
        }
        if (!extended && budget[0] > 0 && path.size() >= 3 && !enteredFromOutside(ff, path.get(0), onPath)
                && found.size() < maxChains) {
            found.add(List.copyOf(path));
        }
    }

    private static boolean enteredFromOutside(boolean[][] ff, int first, boolean[] onPath) {
        for (int p = 0; p < ff.length; p++) {
            if (ff[p][first] && !onPath[p]) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- mutual exclusion

    private static void mutualExclusions(Strong g, int inputs, int n, List<Motif> out) {
        for (int a = 0; a < n; a++) {
            for (int b = a + 1; b < n; b++) {
                if (!g.inh[a][b] || !g.inh[b][a]) {
                    continue;
                }
                TreeSet<Integer> neurons = new TreeSet<>();
                TreeSet<Integer> in = new TreeSet<>();
                boolean aDriven = drives(g, inputs, n, a, a, b, neurons, in);
                boolean bDriven = drives(g, inputs, n, b, a, b, neurons, in);
                if (aDriven && bDriven) {
                    out.add(new Motif(MotifKind.MUTUAL_EXCLUSION, List.of(a, b), List.copyOf(neurons),
                            List.copyOf(in)));
                }
            }
        }
    }

    /** Collects the drives of {@code target} from outside the pair; returns whether there is one. */
    private static boolean drives(Strong g, int inputs, int n, int target, int a, int b, TreeSet<Integer> neurons,
                                  TreeSet<Integer> in) {
        boolean any = false;
        for (int k = 0; k < inputs; k++) {
            if (g.sensoryExc[k][target]) {
                in.add(k);
                any = true;
            }
        }
        for (int c = 0; c < n; c++) {
            if (c != a && c != b && g.exc[c][target]) {
                neurons.add(c);
                any = true;
            }
        }
        return any;
    }

    // ---------------------------------------------------------------- synchronization

    private static void synchronizations(Strong g, int inputs, int n, List<Motif> out) {
        int[] component = new int[n];
        Arrays.fill(component, -1);
        for (int s = 0; s < n; s++) {
            if (component[s] >= 0) {
                continue;
            }
            TreeSet<Integer> group = new TreeSet<>();
            ArrayDeque<Integer> todo = new ArrayDeque<>(List.of(s));
            component[s] = s;
            while (!todo.isEmpty()) {
                int a = todo.pop();
                group.add(a);
                for (int b = 0; b < n; b++) {
                    if (b != a && component[b] < 0 && g.exc[a][b] && g.exc[b][a]) {
                        component[b] = s;
                        todo.push(b);
                    }
                }
            }
            if (group.size() >= 2) {
                out.add(new Motif(MotifKind.SYNCHRONIZATION, List.copyOf(group), List.of(), List.of()));
            }
        }
        for (int k = 0; k < inputs; k++) {
            List<Integer> targets = targets(g.sensoryExc[k], -1);
            if (targets.size() >= 2) {
                out.add(new Motif(MotifKind.SYNCHRONIZATION, targets, List.of(), List.of(k)));
            }
        }
        for (int s = 0; s < n; s++) {
            List<Integer> targets = targets(g.exc[s], s);
            if (targets.size() >= 2) {
                out.add(new Motif(MotifKind.SYNCHRONIZATION, targets, List.of(s), List.of()));
            }
        }
    }

    private static List<Integer> targets(boolean[] row, int except) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < row.length; i++) {
            if (row[i] && i != except) {
                out.add(i);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- latch

    private static void latches(Strong g, NrnParameters p, int n, List<Motif> out) {
        for (int i = 0; i < n; i++) {
            if (g.exc[i][i] && equilibria(p.leakConductance()[i], p.leakPotential()[i], p.recurrentWeight()[i][i],
                    p.recurrentSteepness()[i][i], p.recurrentMidpoint()[i][i], p.recurrentReversal()[i][i]) >= 3) {
                out.add(Motif.of(MotifKind.LATCH, i));
            }
        }
    }

    /**
     * Counts the equilibria of {@code gL (eL - x) + w s(sigma (x - mu)) (E - x)} on {@code [min(eL, E),
     * max(eL, E)]}, as sign changes (or exact zeros) on a grid.
     *
     * @return the number of equilibria found
     */
    static int equilibria(double gL, double eL, double w, double sigma, double mu, double e) {
        double lo = Math.min(eL, e);
        double hi = Math.max(eL, e);
        int count = 0;
        double previous = Double.NaN;
        for (int step = 0; step <= GRID; step++) {
            double x = lo + (hi - lo) * step / GRID;
            double f = gL * (eL - x) + w / (1 + Math.exp(-sigma * (x - mu))) * (e - x);
            if (f == 0 || !Double.isNaN(previous) && previous != 0 && Math.signum(f) != Math.signum(previous)) {
                count++;
            }
            previous = f;
        }
        return count;
    }
}
