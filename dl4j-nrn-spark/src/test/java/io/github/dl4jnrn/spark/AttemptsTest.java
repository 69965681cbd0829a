package io.github.dl4jnrn.spark;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The retries of a task that can hang: an attempt past its deadline is abandoned and the task started again. */
class AttemptsTest {

    @Test
    void aHungAttemptIsAbandonedAndTheNextOneCounts() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger abandoned = new AtomicInteger();
        int result = Attempts.run("hangs once", 3, 1, abandoned::incrementAndGet, () -> {
            if (calls.incrementAndGet() == 1) {
                Thread.sleep(60_000);
            }
            return 42;
        });
        assertEquals(42, result);
        assertEquals(2, calls.get());
        assertEquals(1, abandoned.get());
    }

    @Test
    void noAttemptInTimeFails() {
        AtomicInteger abandoned = new AtomicInteger();
        AssertionError e = assertThrows(AssertionError.class, () -> Attempts.run("always hangs", 2, 1,
                abandoned::incrementAndGet, () -> {
                    Thread.sleep(60_000);
                    return 0;
                }));
        assertTrue(e.getMessage().contains("did not finish in any of 2 attempts of 1 s"), e.getMessage());
        assertEquals(2, abandoned.get());
    }

    @Test
    void aFailureIsNotRetried() {
        AtomicInteger calls = new AtomicInteger();
        IOException e = assertThrows(IOException.class, () -> Attempts.run("fails", 3, 10, () -> { }, () -> {
            calls.incrementAndGet();
            throw new IOException("broken");
        }));
        assertEquals("broken", e.getMessage());
        assertEquals(1, calls.get());
    }
}
