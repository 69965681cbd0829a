package io.github.dl4jnrn.layer;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.environment.Nd4jEnvironment;

import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The backend check on environment information as ND4J's CPU and CUDA backends report it. */
class BackendsTest {

    private static Properties cuda(Map<String, Object>... devices) {
        Properties env = new Properties();
        env.put(Nd4jEnvironment.BACKEND_KEY, "CUDA");
        env.put(Nd4jEnvironment.CUDA_NUM_GPUS_KEY, devices.length);
        env.put(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY, List.of(devices));
        return env;
    }

    private static Map<String, Object> gpu(String name, long major, long minor) {
        return Map.of(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY, name, Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY, major,
                Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY, minor, Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY,
                80L << 30);
    }

    @Test
    void theCpuBackendPasses() {
        Properties env = new Properties();
        env.put(Nd4jEnvironment.BACKEND_KEY, "CPU");
        assertDoesNotThrow(() -> Backends.check(env));
        assertTrue(Backends.devices(env).isEmpty());
        // the backend of this test JVM
        assertEquals("CPU", Backends.backendName());
        assertDoesNotThrow(Backends::checkSupported);
    }

    @Test
    void gpusUpToAmperePass() {
        Properties env = cuda(gpu("NVIDIA A100", 8, 0), gpu("NVIDIA A10", 8, 6));
        assertDoesNotThrow(() -> Backends.check(env));
        assertEquals(86, Backends.devices(env).get(1).computeCapability());
        assertEquals(80L << 30, Backends.devices(env).get(0).totalMemory());
    }

    @Test
    void aNewerGpuFailsWithAClearMessage() {
        Properties env = cuda(gpu("NVIDIA A10", 8, 6), gpu("NVIDIA H100 80GB HBM3", 9, 0));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Backends.check(env));
        assertTrue(e.getMessage().contains("GPU 1 (NVIDIA H100 80GB HBM3, compute capability 9.0"), e.getMessage());
        assertTrue(e.getMessage().contains("3.7 to 8.6"), e.getMessage());
        assertTrue(e.getMessage().contains("CPU backend"), e.getMessage());
    }
}
