package io.github.dl4jnrn.inspect;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Renders Graphviz DOT through the {@code dot} program (Debian package {@code graphviz}), when it is on the
 * path. Each call starts one {@code dot} process and waits at most {@link #TIMEOUT_SECONDS} for it.
 */
public final class Graphviz {

    /** Longest wait for one {@code dot} process, in seconds. */
    public static final long TIMEOUT_SECONDS = 60;

    /** The output formats. */
    public enum Format {
        /** Scalable vector graphics. */
        SVG,
        /** Portable network graphics. */
        PNG;

        String flag() {
            return "-T" + name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private Graphviz() {
    }

    /** @return whether {@code dot -V} runs and exits with 0 */
    public static boolean isAvailable() {
        try {
            Process p = new ProcessBuilder(List.of("dot", "-V")).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Renders DOT text to a file.
     *
     * @param dot    the graph in DOT
     * @param format the output format
     * @param file   the file to write
     * @throws IOException if {@code dot} cannot be started, rejects the graph (its message included), or
     *                     takes longer than the timeout
     */
    public static void render(String dot, Format format, Path file) throws IOException {
        Process p = new ProcessBuilder(List.of("dot", format.flag(), "-o", file.toString())).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(dot.getBytes(StandardCharsets.UTF_8));
        }
        String errors = drain(p.getErrorStream());
        try {
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("graphviz: dot took longer than " + TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("graphviz: interrupted while waiting for dot", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("graphviz: dot exited with " + p.exitValue() + ": " + errors.trim());
        }
    }

    private static String drain(InputStream s) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        s.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
