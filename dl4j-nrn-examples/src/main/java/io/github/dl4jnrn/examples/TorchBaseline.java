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
 * solver written with PyTorch as the Python reference implementation writes it, in a child process of the
 * same run, once with one thread and once with every core, and reads its medians.
 */
final class TorchBaseline {

    /** One run of the script. */
    record Result(String version, int threads, long params, double trainMs, double inferMs) {
    }

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

    /** @return the runs with one thread and with every core; empty if the baseline is not available */
    List<Result> measure(int units, int steps, int unfolds, int batch, int inputs, int warmup, int reps) {
        List<Result> out = new ArrayList<>();
        if (python == null) {
            return out;
        }
        int cores = Runtime.getRuntime().availableProcessors();
        for (int threads : cores > 1 ? new int[] {1, cores} : new int[] {1}) {
            String json = run(List.of(python, script.toString(), "--sizes", units + "x" + steps + "x" + unfolds,
                    "--batch", String.valueOf(batch), "--inputs", String.valueOf(inputs), "--warmup",
                    String.valueOf(warmup), "--reps", String.valueOf(reps), "--threads", String.valueOf(threads)));
            if (json == null) {
                System.out.printf(Locale.ROOT, "  PyTorch run with %d thread(s) failed; see its output above%n",
                        threads);
                continue;
            }
            try {
                JsonNode n = new ObjectMapper().readTree(json.lines().reduce((a, b) -> b).orElse("{}"));
                out.add(new Result(n.get("torch").asText(), n.get("threads").asInt(), n.get("params").asLong(),
                        n.get("train_ms").asDouble(), n.get("infer_ms").asDouble()));
            } catch (IOException | NullPointerException e) {
                System.out.println("  PyTorch run printed no result: " + json);
            }
        }
        return out;
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
