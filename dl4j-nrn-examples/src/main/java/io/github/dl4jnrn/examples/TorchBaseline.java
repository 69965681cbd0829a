package io.github.dl4jnrn.examples;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The PyTorch baseline of the benchmark: runs {@code benchmarks/torch_nrn.py}, the NRN cell with the fused
 * solver written with PyTorch as the Python reference implementation writes it, as child processes of the same
 * run (one with one thread, one with every core) that time one iteration per request, so that the harness can
 * interleave them with its own measurements.
 */
final class TorchBaseline {

    private final String python;
    private final Path script;
    private final String description;

    private TorchBaseline(String python, Path script, String description) {
        this.python = python;
        this.script = script;
        this.description = description;
    }

    /**
     * @param python     {@code auto}, {@code off} or the path of a Python with PyTorch
     * @param scriptPath the script, or null to look for it under the working directory
     * @return the baseline, which measures nothing if Python, PyTorch or the script is missing
     */
    static TorchBaseline find(String python, String scriptPath) {
        if (python.equals("off")) {
            return new TorchBaseline(null, null, "PyTorch baseline: off (--torch off)");
        }
        Path script = scriptPath != null ? Path.of(scriptPath) : locateScript();
        if (script == null || !Files.isRegularFile(script)) {
            return new TorchBaseline(null, null, "PyTorch baseline: skipped, no benchmarks/torch_nrn.py under "
                    + Path.of("").toAbsolutePath() + " (give --torch-script PATH)");
        }
        String exe = python.equals("auto") ? "/usr/bin/python3" : python;
        String version = run(List.of(exe, "-c", "import torch; print(torch.__version__)"));
        if (version == null) {
            return new TorchBaseline(null, null, "PyTorch baseline: skipped, " + exe + " has no PyTorch "
                    + "(Debian: apt-get install python3-torch)");
        }
        return new TorchBaseline(exe, script, "PyTorch baseline: " + exe + " with PyTorch " + version.trim()
                + ", " + script);
    }

    private static Path locateScript() {
        for (String candidate : new String[] {"benchmarks/torch_nrn.py", "dl4j-nrn-examples/benchmarks/torch_nrn.py"}) {
            Path p = Path.of(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }

    String description() {
        return description;
    }

    /**
     * Starts the script in serving mode for one size, once with one thread and once with every core.
     *
     * @return the sessions, warmed up; empty if the baseline is not available or a start failed
     */
    List<Session> start(int units, int steps, int unfolds, int batch, int inputs, int warmup) {
        List<Session> out = new ArrayList<>();
        if (python == null) {
            return out;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
            try {
                out.add(new Session(List.of(python, script.toString(), "--serve", "--sizes",
                        units + "x" + steps + "x" + unfolds, "--batch", String.valueOf(batch), "--inputs",
                        String.valueOf(inputs), "--warmup", String.valueOf(warmup), "--threads",
                        String.valueOf(threads))));
            } catch (IOException e) {
                System.out.printf(Locale.ROOT, "  PyTorch with %d thread(s) did not start: %s%n", threads,
                        e.getMessage());
            }
        }
        return out;
    }

    /** The script serving one size: one timed iteration per request. */
    static final class Session implements AutoCloseable {

        private final Process process;
        private final BufferedReader out;
        private final java.io.Writer in;
        private final String version;
        private final int threads;
        private final long params;

        Session(List<String> command) throws IOException {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            in = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            String first = out.readLine();
            if (first == null) {
                throw new IOException("the script ended before it was ready (see its output above)");
            }
            JsonNode n = new ObjectMapper().readTree(first);
            version = n.get("torch").asText();
            threads = n.get("threads").asInt();
            params = n.get("params").asLong();
        }

        String version() {
            return version;
        }

        int threads() {
            return threads;
        }

        long params() {
            return params;
        }

        /** @return the milliseconds of one training iteration */
        double train() {
            return request("train");
        }

        /** @return the milliseconds of one inference pass */
        double infer() {
            return request("infer");
        }

        private double request(String command) {
            try {
                in.write(command + "\n");
                in.flush();
                String answer = out.readLine();
                if (answer == null) {
                    throw new IllegalStateException("the PyTorch script ended (see its output above)");
                }
                return Double.parseDouble(answer.trim());
            } catch (IOException | NumberFormatException e) {
                throw new IllegalStateException("PyTorch script: " + e.getMessage(), e);
            }
        }

        @Override
        public void close() {
            try {
                in.write("quit\n");
                in.flush();
                process.waitFor();
            } catch (IOException e) {
                process.destroy();
            } catch (InterruptedException e) {
                process.destroy();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** @return the command's standard output, or null if it failed (its error output is passed through) */
    private static String run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output;
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                output = String.join("\n", r.lines().toList());
            }
            return p.waitFor() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
