package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.HeartbeatWriter;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.RecorderStats;
import io.liteobs.StoreStatus;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Many threads recording through every API while several threads close, repeated many times over a real file: no
 * exception escapes, nothing hangs, close returns within its bound, every entry is accounted for; and recording
 * after close is a counted no-op that allocates nothing and never touches the store.
 */
class LifecycleRaceTest {

    private static final Duration DRAIN = Duration.ofSeconds(2);
    /** Close waits the drain timeout and a second of grace; the rest is scheduling slack. */
    private static final Duration CLOSE_BOUND = DRAIN.plusSeconds(1).plusSeconds(2);

    @TempDir
    Path dir;

    @Test
    void manyThreadsRecording_whileSeveralClose_repeated_noCrashNoHangEverythingCounted() throws Exception {
        int rounds = Suite.rounds(25, 300);
        long slowestClose = 0;
        for (int round = 0; round < rounds; round++) {
            LiteObs obs = LiteObs.builder(SqliteStore.open(dir.resolve("race-" + round + ".db")))
                    .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(1)).withDrainTimeout(DRAIN))
                    .build();
            HeartbeatWriter heartbeat = obs.heartbeat("w");
            Queue<Throwable> escaped = new ConcurrentLinkedQueue<>();
            Queue<Long> closeNanos = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            List<Runnable> recorders = List.of(
                    () -> obs.metrics().record("race", 1, Labels.of("t", "m")),
                    () -> obs.audit().logAsync(AuditEntry.builder("race", "async").build()),
                    () -> obs.audit().log(AuditEntry.builder("race", "sync").build()),
                    () -> obs.events().record(BusinessEvent.builder("race", "s").build()),
                    heartbeat::beat,
                    () -> obs.flush(Duration.ofMillis(5)),
                    () -> obs.storeStatus());
            for (Runnable recorder : recorders) {
                threads.add(new Thread(() -> {
                    await(go);
                    try {
                        for (int i = 0; i < 300; i++) {
                            recorder.run();
                        }
                    } catch (Throwable e) {
                        escaped.add(e);
                    }
                }));
            }
            for (int c = 0; c < 3; c++) {
                threads.add(new Thread(() -> {
                    await(go);
                    try {
                        Thread.sleep(ThreadLocalRandom.current().nextInt(20));
                        long started = System.nanoTime();
                        obs.close();
                        closeNanos.add(System.nanoTime() - started);
                    } catch (Throwable e) {
                        escaped.add(e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread thread : threads) {
                thread.join(CLOSE_BOUND.toMillis() + 10_000);
                assertFalse(thread.isAlive(), "round " + round + ": a thread hangs");
            }
            assertEquals(List.of(), List.copyOf(escaped), "round " + round);
            assertEquals(3, closeNanos.size());
            for (long nanos : closeNanos) {
                slowestClose = Math.max(slowestClose, nanos);
                assertTrue(nanos < CLOSE_BOUND.toNanos(), "round " + round + ": close took " + nanos / 1_000_000);
            }
            assertEquals(StoreStatus.State.CLOSED, obs.storeStatus().state());
            for (RecorderStats stats : obs.stats()) {
                assertTrue(stats.balanced(), "round " + round + ": " + stats);
                assertEquals(0, stats.queued(), "round " + round + ": " + stats);
            }
        }
        System.out.printf("%d rounds; slowest close %d ms%n", rounds, slowestClose / 1_000_000);
    }

    @Test
    void recordingAfterClose_isACountedNoOp_thatAllocatesNothing() throws Exception {
        Path file = dir.resolve("closed.db");
        LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build();
        obs.audit().log(AuditEntry.builder("c", "before").build());
        obs.close();
        Map<String, Long> rows = Map.of("audit_log", Db.count(file, "SELECT count(*) FROM audit_log"));

        AuditEntry entry = AuditEntry.builder("c", "after").parametersJson("{\"password\":\"x\"}").build();
        BusinessEvent event = BusinessEvent.builder("t", "s").detailsJson("{\"a\":1}").build();
        Labels labels = Labels.of("k", "v");
        int calls = 100_000;
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (int warm = 0; warm < 2; warm++) {
            long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                obs.audit().logAsync(entry);
                obs.audit().log(entry);
                obs.events().record(event);
                obs.metrics().record("m", i, null, labels, 1L);
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
            if (warm == 1) {
                // nothing per call: no validation, no copy, no redaction, no queue node (a few hundred bytes of
                // counter cells at most)
                assertTrue(allocated < calls, "recording after close allocated " + allocated + " bytes");
            }
        }
        assertEquals(1 + 2 * 2 * calls, obs.audit().stats().offered());
        assertEquals(2 * 2 * calls, obs.audit().stats().dropped());
        assertEquals(2 * calls, obs.events().stats().dropped());
        assertEquals(2 * calls, obs.metrics().stats().dropped());
        assertEquals(rows, Map.of("audit_log", Db.count(file, "SELECT count(*) FROM audit_log")));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
