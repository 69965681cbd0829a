package io.github.dl4jnrn.layer;

import io.github.dl4jnrn.solver.OdeSolver;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The GPU test group: runs only with the {@code cuda} Maven profile ({@code mvn -Pcuda verify}), which sets
 * the system property {@code dl4jnrn.cuda=true}; without it the tests are skipped. It asserts that ND4J
 * really runs on CUDA (with no usable GPU ND4J would quietly fall back to the CPU) and compares, for both
 * cells and every solver, the SameDiff definition executed on the GPU with the direct execution on the CPU:
 * outputs and gradients in double precision, masked and not.
 */
@Tag("cuda")
@EnabledIfSystemProperty(named = "dl4jnrn.cuda", matches = "true", disabledReason = "GPU tests run only with -Pcuda")
class CudaBackendTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @Test
    void theBackendIsCuda() {
        assertEquals("CUDA", Backends.backendName().toUpperCase(java.util.Locale.ROOT),
                "the cuda profile is active but ND4J runs on " + Backends.describe());
        Backends.checkSupported();
    }

    @Test
    void everyLayerAndSolverOnTheGpuEqualsTheCpu() {
        for (Fixtures.Kind kind : Fixtures.Kind.values()) {
            for (OdeSolver solver : OdeSolver.values()) {
                OdeRecurrentLayer.Builder<?> b = Fixtures.small(kind, solver, 2).units(12).chunkLength(3);
                Nd4j.getRandom().setSeed(21);
                INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 3, 5).subi(0.5).muli(3);
                INDArray y = Nd4j.rand(DataType.DOUBLE, 3, 2, 5);
                INDArray mask = Fixtures.trailingMask(5, 5, 2, 4);
                MultiLayerNetwork cpu = DirectPathTest.network(b, ExecutionMode.AUTO);
                MultiLayerNetwork gpu = DirectPathTest.network(b, ExecutionMode.SAMEDIFF);
                DirectPathTest.assertSameGradients(cpu, gpu, x, y, null, kind + " " + solver + " on the GPU");
                DirectPathTest.assertSameGradients(cpu, gpu, x, y, mask, kind + " " + solver + " masked on the GPU");
            }
        }
    }
}
