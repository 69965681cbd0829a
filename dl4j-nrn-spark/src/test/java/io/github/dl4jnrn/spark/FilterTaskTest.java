package io.github.dl4jnrn.spark;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated task solves its ODE, is reproducible, and rejects bad settings with clear messages. */
class FilterTaskTest {

    /** The labels are the low-pass filter's ODE integrated with the input held over each step (RK4, 1000 steps). */
    @Test
    void labelsSolveTheFilterOde() {
        double tau = 2.5;
        DataSet ds = new FilterTask(30, tau).generate(3, 5, DataType.DOUBLE);
        int n = 1000;
        double h = 1.0 / n;
        for (int e = 0; e < 3; e++) {
            double y = 0;
            for (int t = 0; t < 30; t++) {
                double u = ds.getFeatures().getDouble(e, 0, t);
                for (int k = 0; k < n; k++) {
                    double k1 = (u - y) / tau;
                    double k2 = (u - (y + h / 2 * k1)) / tau;
                    double k3 = (u - (y + h / 2 * k2)) / tau;
                    double k4 = (u - (y + h * k3)) / tau;
                    y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
                }
                assertEquals(y, ds.getLabels().getDouble(e, 0, t), 1e-10);
                assertTrue(Math.abs(u) <= 1);
            }
        }
    }

    @Test
    void sameSeedSameDataAndMinibatchesCoverIt() {
        FilterTask task = new FilterTask(8, 3);
        DataSet a = task.generate(10, 1, DataType.FLOAT);
        assertEquals(a.getFeatures(), task.generate(10, 1, DataType.FLOAT).getFeatures());
        List<DataSet> batches = task.minibatches(10, 1, DataType.FLOAT, 4);
        assertEquals(3, batches.size());
        assertArrayEquals(new long[] {2, 1, 8}, batches.get(2).getFeatures().shape());
        assertEquals(a.getLabels(), Nd4j.concat(0, batches.stream().map(DataSet::getLabels).toArray(INDArray[]::new)));
    }

    @Test
    void errorOfPerfectAndZeroPredictions() {
        DataSet ds = new FilterTask(5, 1).generate(4, 2, DataType.DOUBLE);
        assertEquals(0, FilterTask.meanSquaredError(ds.getLabels(), ds), 0);
        double meanSquare = ds.getLabels().mul(ds.getLabels()).meanNumber().doubleValue();
        assertEquals(meanSquare, FilterTask.meanSquaredError(ds.getLabels().mul(0), ds), 1e-15);
    }

    @Test
    void badSettingsAreRejected() {
        assertMessage("steps must be at least 1 but was 0", () -> new FilterTask(0, 1));
        assertMessage("timeConstant must be positive and finite but was -1.0", () -> new FilterTask(5, -1));
        assertMessage("examples must be at least 1 but was 0",
                () -> new FilterTask(5, 1).generate(0, 1, DataType.FLOAT));
        assertMessage("minibatch must be at least 1 but was 0",
                () -> new FilterTask(5, 1).minibatches(4, 1, DataType.FLOAT, 0));
        DataSet ds = new FilterTask(5, 1).generate(2, 1, DataType.FLOAT);
        assertMessage("predictions must have the labels' shape [2, 1, 5] but had [2, 5]",
                () -> FilterTask.meanSquaredError(Nd4j.zeros(2, 5), ds));
    }

    static void assertMessage(String message, Runnable action) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, action::run).getMessage());
    }
}
