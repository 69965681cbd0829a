package io.github.dl4jnrn.examples;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * A generated task family of growing difficulty: reproduce {@code M} input-dependent dynamics. Dynamics
 * {@code m} is the planar linear ODE {@code dx/dt = A_m x} with {@code A_m = [[-lambda_m, -theta_m],
 * [theta_m, -lambda_m]]} (a decay at rate {@code lambda_m} in U(0.1, 1.5) and a rotation at angular speed
 * {@code theta_m} in U(-2, 2), drawn once from the task's seed). A sample is a code {@code c_m} (the M codes
 * evenly spaced in [-1, 1]; 0 for M = 1) and a start {@code x0} uniform in [-1, 1]^2; its target is the flow at
 * time 1, {@code x(1) = e^-lambda_m R(theta_m) x0}. Features {@code [c, x0_1, x0_2]}, labels {@code x(1)}.
 *
 * <p>With {@code M = 1} the map is linear; each further dynamics adds a rate and an angle the model must tie to
 * its code, so more models need more parameters as {@code M} grows.
 */
final class FlowTask {

    private final int m;
    private final double[] rate;
    private final double[] angle;

    /**
     * @param dynamics the number {@code M} of dynamics, at least 1
     * @param seed     the seed of the dynamics' rates and angles
     */
    FlowTask(int dynamics, long seed) {
        if (dynamics < 1) {
            throw new IllegalArgumentException("the number of dynamics must be at least 1 but was " + dynamics);
        }
        this.m = dynamics;
        Random r = new Random(seed);
        rate = new double[dynamics];
        angle = new double[dynamics];
        for (int i = 0; i < dynamics; i++) {
            rate[i] = 0.1 + 1.4 * r.nextDouble();
            angle[i] = -2 + 4 * r.nextDouble();
        }
    }

    /** @return the code of dynamics {@code i} */
    double code(int i) {
        return m == 1 ? 0 : -1 + 2.0 * i / (m - 1);
    }

    /**
     * @param samples the number of samples
     * @param seed    the seed of the samples
     * @return features {@code [samples, 3]} and labels {@code [samples, 2]} in double precision
     */
    DataSet generate(int samples, long seed) {
        Random r = new Random(seed);
        double[][] x = new double[samples][3];
        double[][] y = new double[samples][2];
        for (int s = 0; s < samples; s++) {
            int i = r.nextInt(m);
            double a = 2 * r.nextDouble() - 1;
            double b = 2 * r.nextDouble() - 1;
            double decay = Math.exp(-rate[i]);
            x[s][0] = code(i);
            x[s][1] = a;
            x[s][2] = b;
            y[s][0] = decay * (Math.cos(angle[i]) * a - Math.sin(angle[i]) * b);
            y[s][1] = decay * (Math.sin(angle[i]) * a + Math.cos(angle[i]) * b);
        }
        return new DataSet(Nd4j.createFromArray(x).castTo(DataType.DOUBLE), Nd4j.createFromArray(y)
                .castTo(DataType.DOUBLE));
    }
}
