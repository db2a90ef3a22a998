package io.liteobs.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeriodicTasksTest {

    @Test
    void runComingWhileThePreviousIsStillGoing_isSkipped() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        PeriodicTasks.Guarded task = new PeriodicTasks.Guarded("slow", () -> {
            runs.incrementAndGet();
            running.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Thread first = new Thread(task);
        first.start();
        assertTrue(running.await(10, TimeUnit.SECONDS));
        task.run();
        assertEquals(1, runs.get(), "the second run is skipped, not queued behind the first");
        release.countDown();
        first.join(10_000);
        task.run();
        assertEquals(2, runs.get(), "the next run after the first has ended goes ahead");
    }

    @Test
    void taskThrowingAnError_isCaught_andRunsAgain() {
        AtomicInteger runs = new AtomicInteger();
        PeriodicTasks.Guarded task = new PeriodicTasks.Guarded("failing", () -> {
            runs.incrementAndGet();
            throw new AssertionError("simulated error in a periodic task");
        });
        task.run();
        task.run();
        assertEquals(2, runs.get(), "a failed run does not leave the task marked as running");
    }
}
