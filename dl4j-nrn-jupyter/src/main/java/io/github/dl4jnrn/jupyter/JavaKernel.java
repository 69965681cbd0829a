package io.github.dl4jnrn.jupyter;

import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.SourceCodeAnalysis.CompletionInfo;
import jdk.jshell.UnresolvedReferenceException;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A minimal Jupyter kernel for Java: cells are evaluated by {@link JShell} with the local execution engine, so the
 * notebook code runs inside this JVM and sees its classpath (the notebook classpath is simply the kernel's
 * {@code -cp}).
 *
 * <p>A cell may hold several statements and declarations; the value of its last expression is shown as
 * {@code text/plain}, {@code System.out}/{@code System.err} are sent as stream output, images are shown with
 * {@link Display}, and a compile error or an uncaught exception makes the cell fail with an error reply.
 *
 * <p>Start it with {@code java -cp <classpath> io.github.dl4jnrn.jupyter.JavaKernel <connection-file>}.
 */
public final class JavaKernel extends BaseKernel {

    /** Name of the kernel, as reported to Jupyter. */
    public static final String KERNEL_NAME = "dl4j-nrn-java";

    private static final Logger LOG = LoggerFactory.getLogger(JavaKernel.class);

    private final JShell jshell;

    /**
     * Creates the kernel and its JShell session, with the JVM classpath as the compilation classpath of the cells.
     */
    public JavaKernel() {
        this(new JupyterIO(StandardCharsets.UTF_8));
    }

    private JavaKernel(JupyterIO io) {
        super(KERNEL_NAME, "0.1.0",
                new LanguageInfo.Builder("java")
                        .version(Runtime.version().toString())
                        .mimetype("text/x-java-source")
                        .fileExtension(".jshell")
                        .pygments("java")
                        .codemirror("text/x-java")
                        .build(),
                List.of(), null, io, new CommManager(), new Renderer(), null, null, false,
                new StringStyler.Builder().build());
        this.jshell = JShell.builder()
                .executionEngine("local")
                .out(io.out)
                .err(io.err)
                .in(io.in)
                .build();
        jshell.addToClasspath(System.getProperty("java.class.path"));
    }

    /**
     * Entry point used by the kernel spec.
     *
     * @param args the path of the connection file written by the Jupyter client
     * @throws Exception if the connection file cannot be read or the sockets cannot be bound
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: java -cp <classpath> " + JavaKernel.class.getName()
                    + " <connection-file>");
        }
        KernelConnectionProperties props = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        JupyterConnection connection = new JupyterConnection(props);
        JavaKernel kernel = new JavaKernel();
        kernel.onStartup();
        kernel.becomeHandlerForConnection(connection);
        connection.connect();
        LOG.debug("Kernel {} connected with {}", KERNEL_NAME, args[0]);
        connection.waitUntilClose();
        // threads started by notebook code must not keep a shut-down kernel alive
        System.exit(0);
    }

    @Override
    public void onStartup() {
        super.onStartup();
        Display.attach(this);
        // compiles JShell's start-up snippets now rather than in the first cell, and saves an import in notebooks
        evalRaw("import " + Display.class.getName() + ";");
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        Display.detach(this);
        jshell.close();
        super.onShutdown(isRestarting);
    }

    @Override
    public void interrupt() {
        jshell.stop();
    }

    /**
     * Evaluates one cell, snippet by snippet, and stops at the first snippet that fails.
     *
     * @return the {@code text/plain} display of the value of the last snippet if it is an expression, else null
     * @throws CompilationException if a snippet does not compile
     * @throws EvaluationException  if a snippet throws
     */
    @Override
    public Object evalRaw(String source) {
        try {
            SourceCodeAnalysis analysis = jshell.sourceCodeAnalysis();
            String remaining = source;
            String lastValue = null;
            while (!remaining.isBlank()) {
                CompletionInfo info = analysis.analyzeCompletion(remaining);
                Completeness completeness = info.completeness();
                if (completeness == Completeness.EMPTY) {
                    break;
                }
                if (!completeness.isComplete() && completeness != Completeness.UNKNOWN) {
                    throw new CompilationException(
                            List.of("error: the cell ends with incomplete code:", remaining.strip()));
                }
                // an UNKNOWN (erroneous) snippet is evaluated anyway to get the compiler's diagnostics
                boolean split = info.source() != null;
                lastValue = evalSnippet(split ? info.source() : remaining);
                remaining = split ? info.remaining() : "";
            }
            return lastValue == null ? null : new DisplayData(lastValue);
        } finally {
            io.out.flush();
            io.err.flush();
        }
    }

    private String evalSnippet(String source) {
        String value = null;
        for (SnippetEvent event : jshell.eval(source)) {
            if (event.causeSnippet() != null) {
                continue; // status update of an older snippet that depends on this one
            }
            Snippet snippet = event.snippet();
            if (event.status() == Snippet.Status.REJECTED) {
                throw compilationError(snippet);
            }
            if (event.exception() != null) {
                throw evaluationError(event.exception());
            }
            if (isExpression(snippet) && event.value() != null) {
                value = event.value();
            }
        }
        return value;
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private CompilationException compilationError(Snippet snippet) {
        List<String> lines = new ArrayList<>();
        List<Diag> errors = jshell.diagnostics(snippet).filter(Diag::isError).collect(Collectors.toList());
        String source = snippet.source();
        for (Diag diag : errors) {
            lines.add("error: " + diag.getMessage(Locale.ROOT));
            int start = (int) Math.max(0, Math.min(diag.getStartPosition(), source.length()));
            int lineStart = source.lastIndexOf('\n', start - 1) + 1;
            int lineEnd = source.indexOf('\n', start);
            lines.add(source.substring(lineStart, lineEnd < 0 ? source.length() : lineEnd));
            lines.add(" ".repeat(start - lineStart) + "^");
        }
        if (errors.isEmpty()) {
            lines.add("error: JShell rejected the snippet");
            lines.add(source);
        }
        return new CompilationException(lines);
    }

    private EvaluationException evaluationError(JShellException exception) {
        List<String> lines = new ArrayList<>();
        if (exception instanceof UnresolvedReferenceException) {
            DeclarationSnippet snippet = ((UnresolvedReferenceException) exception).getSnippet();
            String missing = jshell.unresolvedDependencies(snippet).collect(Collectors.joining(", "));
            lines.add("'" + snippet.name() + "' cannot be used until these are declared: " + missing);
        } else {
            describe(exception, "", lines);
        }
        return new EvaluationException(lines);
    }

    /** Prints a throwable of the cell like a stack trace (JShell has already cut the frames under the cell). */
    private static void describe(Throwable throwable, String prefix, List<String> lines) {
        String className = throwable instanceof EvalException
                ? ((EvalException) throwable).getExceptionClassName()
                : throwable.getClass().getName();
        String message = throwable.getMessage();
        lines.add(prefix + className + (message == null ? "" : ": " + message));
        for (StackTraceElement frame : throwable.getStackTrace()) {
            // JShell names the frames of cell code "#<snippet id>" with an empty class name
            boolean inCell = frame.getClassName().isEmpty();
            String method = frame.getMethodName().isEmpty() ? "<cell>" : frame.getMethodName();
            String where = inCell ? method + "(" + frame.getFileName() + ":" + frame.getLineNumber() + ")" : "" + frame;
            lines.add("\tat " + where);
        }
        Throwable cause = throwable.getCause();
        if (cause != null && cause != throwable) {
            describe(cause, "Caused by: ", lines);
        }
    }

    @Override
    public List<String> formatError(Throwable e) {
        if (e instanceof CellException) {
            return ((CellException) e).traceback;
        }
        return super.formatError(e);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return null;
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> suggestions = jshell.sourceCodeAnalysis().completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation)
                .distinct()
                .collect(Collectors.toList());
        return new ReplacementOptions(suggestions, anchor[0], at);
    }

    @Override
    public String isComplete(String code) {
        String remaining = code;
        while (!remaining.isBlank()) {
            CompletionInfo info = jshell.sourceCodeAnalysis().analyzeCompletion(remaining);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (completeness == Completeness.UNKNOWN) {
                return IS_COMPLETE_BAD;
            }
            if (!completeness.isComplete()) {
                return "    ";
            }
            remaining = info.remaining();
        }
        return IS_COMPLETE_YES;
    }

    /**
     * A cell that failed; its traceback is what the notebook shows. The message holds the whole traceback too,
     * because nbclient prints only the name and message of the error reply when a cell fails.
     */
    abstract static class CellException extends RuntimeException {
        private final List<String> traceback;

        CellException(List<String> traceback) {
            super(String.join("\n", traceback), null, false, false);
            this.traceback = List.copyOf(traceback);
        }
    }

    /** A snippet of the cell did not compile. */
    static final class CompilationException extends CellException {
        CompilationException(List<String> traceback) {
            super(traceback);
        }
    }

    /** A snippet of the cell threw an exception. */
    static final class EvaluationException extends CellException {
        EvaluationException(List<String> traceback) {
            super(traceback);
        }
    }
}
