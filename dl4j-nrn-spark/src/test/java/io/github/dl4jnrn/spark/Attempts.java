package io.github.dl4jnrn.spark;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a task in attempts with a deadline each, for Spark jobs that occasionally never finish. */
final class Attempts {

    private Attempts() {
    }

    /**
     * Runs {@code task} in a daemon thread; if it has not finished after {@code seconds}, interrupts it, runs
     * {@code onAbandon} and starts it again, at most {@code attempts} times in all. Each retry is printed.
     *
     * @return the result of the attempt that finished
     * @throws AssertionError if no attempt finished in time
     * @throws Exception      what an attempt threw
     */
    static <T> T run(String name, int attempts, int seconds, Runnable onAbandon, Callable<T> task)
            throws Exception {
        for (int k = 1; ; k++) {
            ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, name + "-attempt");
                t.setDaemon(true);
                return t;
            });
            Future<T> result = runner.submit(task);
            try {
                return result.get(seconds, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                result.cancel(true);
                onAbandon.run();
                if (k == attempts) {
                    throw new AssertionError(name + ": did not finish in any of " + attempts + " attempts of "
                            + seconds + " s");
                }
                System.out.printf("%s: attempt %d of %d did not finish in %d s; starting again%n", name, k, attempts,
                        seconds);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception x ? x : new RuntimeException(e.getCause());
            } finally {
                runner.shutdownNow();
            }
        }
    }
}
