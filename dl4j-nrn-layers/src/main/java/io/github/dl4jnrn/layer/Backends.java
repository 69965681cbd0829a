package io.github.dl4jnrn.layer;

import org.nd4j.linalg.api.environment.Nd4jEnvironment;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The ND4J backend the layers run on, and the check that it can run them.
 *
 * <p>DL4J 1.0.0-M2.1's CUDA binaries hold machine code for GPUs of compute capability 3.7 to 8.6 (Kepler
 * to Ampere) and no PTX, so on a newer GPU (Hopper, 9.0, and later) every kernel launch fails deep inside
 * training with "no kernel image is available". The layers therefore check the devices once, when the first
 * of them is instantiated in a network, and fail at once with a message that says so. On the CPU backend
 * the check passes without looking further.
 */
public final class Backends {

    /** The highest compute capability, times ten, that DL4J 1.0.0-M2.1's CUDA binaries run on. */
    public static final int MAX_COMPUTE_CAPABILITY = 86;

    private static volatile boolean checked;

    private Backends() {
    }

    /** One device of the backend. */
    public record Device(int index, String name, int major, int minor, long totalMemory) {

        /** @return the compute capability times ten, e.g. 86 for 8.6 */
        public int computeCapability() {
            return major * 10 + minor;
        }

        @Override
        public String toString() {
            return "GPU " + index + " (" + name + ", compute capability " + major + "." + minor + ", "
                    + totalMemory / (1L << 20) + " MiB)";
        }
    }

    /** @return the backend's name as ND4J reports it, e.g. {@code CPU} or {@code CUDA} */
    public static String backendName() {
        return backendName(Nd4j.getExecutioner().getEnvironmentInformation());
    }

    /** @return the GPUs of the CUDA backend; empty on another backend */
    public static List<Device> devices() {
        return devices(Nd4j.getExecutioner().getEnvironmentInformation());
    }

    /** @return a line naming the backend and its devices */
    public static String describe() {
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        List<Device> devices = devices(env);
        return "ND4J backend " + backendName(env) + (devices.isEmpty() ? ", " + Runtime.getRuntime()
                .availableProcessors() + " CPU cores" : ", " + devices);
    }

    /**
     * Checks, once per JVM, that the active backend can run the layers.
     *
     * @throws IllegalStateException on the CUDA backend, if a GPU's compute capability is above
     *                               {@link #MAX_COMPUTE_CAPABILITY}
     */
    public static void checkSupported() {
        if (!checked) {
            check(Nd4j.getExecutioner().getEnvironmentInformation());
            checked = true;
        }
    }

    /** The check of {@link #checkSupported()} on given environment information. */
    static void check(Properties env) {
        for (Device d : devices(env)) {
            if (d.computeCapability() > MAX_COMPUTE_CAPABILITY) {
                throw new IllegalStateException("dl4j-nrn: " + d + " is too new for DL4J 1.0.0-M2.1, whose CUDA "
                        + "binaries run only on GPUs of compute capability 3.7 to 8.6 (Kepler to Ampere); every "
                        + "GPU kernel would fail with \"no kernel image is available\". Run on the CPU backend "
                        + "(nd4j-native, the default without -Pcuda) or on a GPU of compute capability 8.6 or lower "
                        + "(select one with CUDA_VISIBLE_DEVICES).");
            }
        }
    }

    static String backendName(Properties env) {
        Object name = env.get(Nd4jEnvironment.BACKEND_KEY);
        return name == null ? "unknown" : name.toString();
    }

    static List<Device> devices(Properties env) {
        List<Device> out = new ArrayList<>();
        if (!"CUDA".equalsIgnoreCase(backendName(env))) {
            return out;
        }
        Object list = env.get(Nd4jEnvironment.CUDA_DEVICE_INFORMATION_KEY);
        if (list instanceof List<?> devices) {
            for (int i = 0; i < devices.size(); i++) {
                if (devices.get(i) instanceof Map<?, ?> d) {
                    out.add(new Device(i, String.valueOf(d.get(Nd4jEnvironment.CUDA_DEVICE_NAME_KEY)),
                            (int) number(d, Nd4jEnvironment.CUDA_DEVICE_MAJOR_VERSION_KEY),
                            (int) number(d, Nd4jEnvironment.CUDA_DEVICE_MINOR_VERSION_KEY),
                            number(d, Nd4jEnvironment.CUDA_TOTAL_MEMORY_KEY)));
                }
            }
        }
        return out;
    }

    private static long number(Map<?, ?> device, String key) {
        Object v = device.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }
}
