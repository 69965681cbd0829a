package io.github.dl4jnrn.inspect;

import io.github.dl4jnrn.cell.NrnParameters;

import java.util.ArrayList;
import java.util.List;

/**
 * One synapse of a circuit as learned: where it goes, its parameters, its sign and its strength.
 *
 * @param sensory   true for a synapse from an input, false for one between neurons
 * @param source    the input (if sensory) or neuron it comes from
 * @param target    the neuron it reaches
 * @param weight    maximal conductance w, non-negative
 * @param steepness sigmoid steepness sigma
 * @param midpoint  sigmoid midpoint mu: the source potential at which the synapse is half open
 * @param reversal  reversal potential E
 * @param sign      excitatory, inhibitory or shunting against the target's operating range
 * @param strength  {@code weight * |E - m|} with {@code m} the middle of the target's range: the current the
 *                  fully open synapse delivers there
 */
public record SynapseInfo(boolean sensory, int source, int target, double weight, double steepness,
                          double midpoint, double reversal, SynapseSign sign, double strength) {

    /**
     * Lists every synapse present in a circuit's wiring, sensory synapses first (by input, then target), then
     * the synapses between neurons (by source, then target).
     *
     * @param circuit the circuit
     * @param range   each neuron's operating range
     * @return the synapses
     */
    public static List<SynapseInfo> of(NrnCircuit circuit, OperatingRange range) {
        if (range.low().length != circuit.units()) {
            throw new IllegalArgumentException("synapses: operating range for " + range.low().length
                    + " neurons but the circuit has " + circuit.units());
        }
        NrnParameters p = circuit.parameters();
        List<SynapseInfo> out = new ArrayList<>();
        for (int k = 0; k < circuit.inputs(); k++) {
            for (int i = 0; i < circuit.units(); i++) {
                if (circuit.synapses().sensory(k, i) != 0) {
                    out.add(make(true, k, i, p.sensoryWeight()[k][i], p.sensorySteepness()[k][i],
                            p.sensoryMidpoint()[k][i], p.sensoryReversal()[k][i], range));
                }
            }
        }
        for (int j = 0; j < circuit.units(); j++) {
            for (int i = 0; i < circuit.units(); i++) {
                if (circuit.synapses().recurrent(j, i) != 0) {
                    out.add(make(false, j, i, p.recurrentWeight()[j][i], p.recurrentSteepness()[j][i],
                            p.recurrentMidpoint()[j][i], p.recurrentReversal()[j][i], range));
                }
            }
        }
        return out;
    }

    private static SynapseInfo make(boolean sensory, int source, int target, double w, double sigma, double mu,
                                    double e, OperatingRange range) {
        SynapseSign sign = SynapseSign.of(e, range.lowOf(target), range.highOf(target));
        return new SynapseInfo(sensory, source, target, w, sigma, mu, e, sign,
                w * Math.abs(e - range.middle(target)));
    }
}
