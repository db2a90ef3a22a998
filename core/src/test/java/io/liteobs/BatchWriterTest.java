package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.spi.StoreException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchWriterTest {

    private static final Duration LONG = Duration.ofHours(1);

    private final FaultInjectingStore store = new FaultInjectingStore();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAll() throws Exception {
        store.releaseWrites();
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    /** A metrics manager whose writer runs on the manual clock: its flush interval passes when the test says. */
    private MetricsManager metrics(WriterOptions writer, RecorderOptions options) {
        MetricsManager metrics = MetricsManager.builder(store).clock(clock).writer(writer).options(options).build();
        toClose.add(metrics);
        return metrics;
    }

    private static StoreException unavailable() {
        return new StoreException(StoreException.Kind.UNAVAILABLE, "database is locked", null);
    }

    @Test
    void fullBatch_isWrittenWithoutWaitingForTheInterval() {
        MetricsManager metrics = metrics(new WriterOptions(100, 100, LONG, Duration.ofSeconds(5)),
                RecorderOptions.of(1024, OverflowPolicy.DROP));
        for (int i = 0; i < 100; i++) {
            metrics.record("m", i);
        }
        Await.until("a batch of 100 written", () -> store.metrics().size() == 100);
        assertEquals(List.of(100), store.batchSizes);
    }

    @Test
    void queueSmallerThanABatch_wakesTheWriterWhenHalfFull() {
        MetricsManager metrics = metrics(new WriterOptions(8_192, 8_192, LONG, Duration.ofSeconds(5)),
                RecorderOptions.of(16, OverflowPolicy.DROP));
        for (int i = 0; i < 8; i++) {
            assertTrue(metrics.record("m", i));
        }
        Await.until("half a queue written", Duration.ofSeconds(3), () -> store.metrics().size() == 8);
    }

    @Test
    void partialBatch_isWrittenWhenTheFlushIntervalPasses() {
        MetricsManager metrics = metrics(new WriterOptions(1000, 1000, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                RecorderOptions.of(1024, OverflowPolicy.DROP));
        metrics.record("m", 1);
        metrics.record("m", 2);
        clock.advance(Duration.ofMillis(999));
        assertEquals(0, store.writeCalls.get(), "nothing written before the interval has passed");
        clock.advance(Duration.ofMillis(1));
        // the writer counts a batch as persisted after the store returns, so the counter is what to wait for
        Await.until("two points written and counted", () -> metrics.stats().persisted() == 2);
        assertEquals(2, store.metrics().size());
        assertEquals(List.of(2), store.batchSizes);
    }

    @Test
    void close_drainsEverythingQueued() {
        MetricsManager metrics = metrics(new WriterOptions(64, 64, LONG, Duration.ofSeconds(10)),
                RecorderOptions.of(1 << 16, OverflowPolicy.DROP));
        for (int i = 0; i < 10_000; i++) {
            metrics.record("m", i);
        }
        metrics.close();
        assertEquals(10_000, store.metrics().size());
        RecorderStats stats = metrics.stats();
        assertEquals(new RecorderStats("metrics", 10_000, 10_000, 0, 0, 0, 0), stats);
    }

    @Test
    void fullQueue_dropsAndCounts_andTheIdentityHolds() throws Exception {
        store.blockWrites();
        MetricsManager metrics = metrics(new WriterOptions(16, 16, Duration.ofMillis(5), Duration.ofSeconds(5)),
                RecorderOptions.of(64, OverflowPolicy.DROP));
        metrics.record("m", 0);
        clock.advance(Duration.ofMillis(5));
        assertTrue(store.firstWriteEntered.await(10, TimeUnit.SECONDS), "writer is inside write");
        int accepted = 0;
        for (int i = 0; i < 1000; i++) {
            accepted += metrics.record("m", i) ? 1 : 0;
        }
        RecorderStats during = metrics.stats();
        assertEquals(1001, during.offered());
        assertEquals(1000 - accepted, during.dropped());
        assertTrue(during.dropped() > 0, "some points dropped");
        assertTrue(during.balanced(), during.toString());

        store.releaseWrites();
        metrics.close();
        RecorderStats after = metrics.stats();
        assertEquals(0, after.queued());
        assertEquals(after.offered(), after.persisted() + after.dropped());
        assertEquals(after.persisted(), store.metrics().size());
    }

    @Test
    void drops_areWarnedOfByTheWriterWhileItWaitsOutTheStore_neverOnTheRecordingThread() {
        AtomicInteger firstBatch = new AtomicInteger();
        store.fault = batch -> {
            firstBatch.compareAndSet(0, batch.size());
            return unavailable();
        };
        ThreadsWriting log = new ThreadsWriting();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            MetricsManager metrics = metrics(new WriterOptions(16, 16, LONG, Duration.ofSeconds(5)),
                    RecorderOptions.of(16, OverflowPolicy.DROP));
            LiteObsTestSupport.recordN(metrics, 16);
            Await.until("the first attempt failed, then a pause", () -> store.writeCalls.get() == 1
                    && clock.waiting() == 1);
            // The writer wakes at half the queue, so its first batch holds 8 to 16 entries: what it took is free again.
            LiteObsTestSupport.recordN(metrics, 100);
            long dropped = 100 - firstBatch.get();
            assertEquals(dropped, metrics.stats().dropped());
            assertFalse(log.threads.contains(Thread.currentThread()), "the recording thread logged: " + log);

            clock.advance(Duration.ofMillis(10)); // the first pause between attempts
            String warning = "metrics queue is full (16 entries, overflow policy DROP): " + dropped + " entries dropped";
            Await.until("the writer warned of the drops before its next pause", () -> store.writeCalls.get() == 2
                    && log.toString().contains(warning));
        } finally {
            System.setErr(originalErr);
            store.fault = batch -> null;
        }
        assertFalse(log.threads.contains(Thread.currentThread()), "the recording thread logged: " + log);
    }

    @Test
    void rejections_areExplainedByTheWriter_threeAtOnce_thenOnceAMinute() {
        ThreadsWriting log = new ThreadsWriting();
        PrintStream originalErr = System.err;
        System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
        try {
            MetricsManager metrics = metrics(new WriterOptions(16, 16, Duration.ofSeconds(1), Duration.ofSeconds(5)),
                    RecorderOptions.of(16, OverflowPolicy.DROP));
            metrics.record(" ", 1);
            rejectionWarned(log, "metrics rejected 1 entries since the last warning, 1 since start; the latest"
                    + " because its name is null or blank");
            metrics.record("m", Double.NaN);
            rejectionWarned(log, "rejected 1 entries since the last warning, 2 since start; the latest because its"
                    + " value is NaN");
            metrics.record("m", 1, null, null, clock.instant().getEpochSecond());
            rejectionWarned(log, "3 since start; the latest because its timestampMillis is before 2000-01-01");

            metrics.record("m\u0007", 1);
            metrics.record("m", 1);
            clock.advance(Duration.ofSeconds(1));
            Await.until("the cycle that saw the fourth rejection wrote its point", () -> store.metrics().size() == 1);
            assertFalse(log.toString().contains("4 since start"), "a fourth warning within the minute: " + log);
            clock.advance(Duration.ofMinutes(1));
            Await.until("the summary, a minute after the third warning", () -> log.toString().contains(
                    "rejected 1 entries since the last warning, 4 since start; the latest because its name holds a"
                            + " control character"));
        } finally {
            System.setErr(originalErr);
        }
        assertFalse(log.threads.contains(Thread.currentThread()), "the recording thread logged: " + log);
    }

    /** Lets the writer run one flush interval later and waits for its warning. */
    private void rejectionWarned(ThreadsWriting log, String warning) {
        clock.advance(Duration.ofSeconds(1));
        Await.until("the writer warned: " + warning, () -> log.toString().contains(warning));
    }

    /** Collects what is written, and which threads wrote it. */
    private static final class ThreadsWriting extends OutputStream {
        final Set<Thread> threads = ConcurrentHashMap.newKeySet();
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            threads.add(Thread.currentThread());
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            threads.add(Thread.currentThread());
            bytes.write(b, off, len);
        }

        @Override
        public synchronized String toString() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void blockPolicy_waitsForRoomThenDropsAfterMaxWait() throws Exception {
        store.blockWrites();
        MetricsManager metrics = metrics(new WriterOptions(16, 16, Duration.ofMillis(5), Duration.ofSeconds(5)),
                new RecorderOptions(16, OverflowPolicy.BLOCK, Duration.ofHours(1)));
        metrics.record("m", 0);
        clock.advance(Duration.ofMillis(5));
        assertTrue(store.firstWriteEntered.await(10, TimeUnit.SECONDS));
        for (int i = 0; i < 16; i++) {
            assertTrue(metrics.record("m", i), "room for " + i);
        }
        AtomicBoolean firstCallerQueued = new AtomicBoolean(true);
        Thread first = new Thread(() -> firstCallerQueued.set(metrics.record("m", 99)));
        first.start();
        Await.until("the caller waits for room", () -> first.getState() == Thread.State.TIMED_WAITING);
        clock.advance(Duration.ofMinutes(59));
        assertTrue(first.isAlive(), "still waiting before maxWait has passed");
        assertEquals(0, metrics.stats().dropped());
        clock.advance(Duration.ofMinutes(1));
        first.join(10_000);
        assertFalse(firstCallerQueued.get(), "no room while the store is blocked: dropped after maxWait");
        assertEquals(1, metrics.stats().dropped());

        AtomicBoolean secondCallerQueued = new AtomicBoolean();
        Thread caller = new Thread(() -> secondCallerQueued.set(metrics.record("m", 100)));
        caller.start();
        Await.until("the second caller waits for room", () -> caller.getState() == Thread.State.TIMED_WAITING);
        assertTrue(caller.isAlive(), "still waiting while the store is blocked");
        store.releaseWrites();
        caller.join(10_000);
        assertTrue(secondCallerQueued.get(), "the second caller found room once writes resumed");
        metrics.close();
        assertEquals(1, metrics.stats().dropped());
        assertEquals(metrics.stats().offered() - 1, store.metrics().size());
    }

    @Test
    void blockedCallers_wakingWhileTheRecorderCloses_areWrittenOrCounted_neverAcceptedAndLost() throws Exception {
        for (int round = 0; round < 10; round++) {
            FaultInjectingStore roundStore = new FaultInjectingStore();
            roundStore.blockWrites();
            AuditLogger audit = AuditLogger.builder(roundStore).clock(clock)
                    .writer(new WriterOptions(16, 64, Duration.ofMillis(1), Duration.ofSeconds(5)))
                    .options(new RecorderOptions(16, OverflowPolicy.BLOCK, Duration.ofSeconds(5)))
                    .build();
            audit.logAsync(AuditEntry.builder("c", "first").build());
            clock.advance(Duration.ofMillis(1));
            assertTrue(roundStore.firstWriteEntered.await(10, TimeUnit.SECONDS), "writer is inside write");
            for (int i = 0; i < 16; i++) {
                assertTrue(audit.logAsync(AuditEntry.builder("c", "fill").build()));
            }
            AtomicInteger accepted = new AtomicInteger();
            List<Thread> blocked = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Thread caller = new Thread(() -> {
                    if (audit.logAsync(AuditEntry.builder("c", "blocked").build())) {
                        accepted.incrementAndGet();
                    }
                });
                caller.start();
                blocked.add(caller);
            }
            Await.until("the callers wait for room", () -> blocked.stream()
                    .allMatch(caller -> caller.getState() == Thread.State.TIMED_WAITING));
            Thread closer = new Thread(audit::close);
            closer.start();
            Await.until("the recorder is closed", audit::isClosed);
            roundStore.releaseWrites();
            closer.join(10_000);
            for (Thread caller : blocked) {
                caller.join(10_000);
                assertFalse(caller.isAlive());
            }
            RecorderStats stats = audit.stats();
            assertTrue(stats.balanced(), stats.toString());
            assertEquals(0, stats.queued(), stats.toString());
            long storedBlocked = roundStore.audit().stream().filter(e -> e.operation().equals("blocked")).count();
            assertEquals(accepted.get(), storedBlocked, "round " + round + ": every accepted entry is stored");
            assertEquals(roundStore.audit().size(), stats.persisted());
        }
    }

    @Test
    void callerWritesPolicy_commitsOnFullQueueInsteadOfDropping() throws Exception {
        store.blockWrites();
        AuditLogger audit = AuditLogger.builder(store)
                .writer(new WriterOptions(16, 16, LONG, Duration.ofSeconds(5)))
                .options(new RecorderOptions(16, OverflowPolicy.CALLER_WRITES, Duration.ofSeconds(10)))
                .build();
        toClose.add(audit);
        new Thread(() -> audit.log(AuditEntry.builder("c", "first").build())).start();
        assertTrue(store.firstWriteEntered.await(10, TimeUnit.SECONDS), "writer is inside write");
        for (int i = 0; i < 16; i++) {
            assertTrue(audit.logAsync(AuditEntry.builder("c", "op" + i).build()));
        }
        Thread releaser = new Thread(() -> {
            Await.until("the caller waits", () -> audit.stats().queued() == 18);
            store.releaseWrites();
        });
        releaser.start();
        assertTrue(audit.logAsync(AuditEntry.builder("c", "overflow").build()), "committed, not dropped");
        assertTrue(store.audit().stream().anyMatch(entry -> entry.operation().equals("overflow")));
        assertEquals(0, audit.stats().dropped());
    }

    @Test
    void pendingWrites_areBoundedByTheQueueCapacity_beyondItDroppedAndCounted() throws Exception {
        store.blockWrites();
        AuditLogger audit = AuditLogger.builder(store)
                .writer(new WriterOptions(16, 16, LONG, Duration.ofSeconds(5)))
                .options(new RecorderOptions(16, OverflowPolicy.CALLER_WRITES, Duration.ofMillis(1)))
                .build();
        toClose.add(audit);
        assertEquals(LogResult.TIMED_OUT, audit.log(AuditEntry.builder("c", "first").build()));
        assertTrue(store.firstWriteEntered.await(10, TimeUnit.SECONDS), "writer is inside write");
        for (int i = 0; i < 16; i++) {
            assertEquals(LogResult.TIMED_OUT, audit.log(AuditEntry.builder("c", "sync").build()));
        }
        assertEquals(LogResult.DROPPED, audit.log(AuditEntry.builder("c", "sync").build()), "no room left");
        for (int i = 0; i < 16; i++) {
            assertTrue(audit.logAsync(AuditEntry.builder("c", "async").build()));
        }
        assertFalse(audit.logAsync(AuditEntry.builder("c", "async").build()), "queue full, no room to wait");
        RecorderStats during = audit.stats();
        assertEquals(2, during.dropped());
        assertEquals(33, during.queued());
        assertTrue(during.balanced(), during.toString());

        store.releaseWrites();
        audit.close();
        RecorderStats after = audit.stats();
        assertEquals(new RecorderStats("audit", 35, 33, 2, 0, 0, 0), after);
        assertEquals(33, store.audit().size());
    }

    @Test
    void unavailableStore_isRetriedAfterEachPause_untilItRecovers_andNothingIsLost() {
        store.fault = batch -> unavailable();
        MetricsManager metrics = metrics(new WriterOptions(10, 10, LONG, Duration.ofSeconds(5)),
                RecorderOptions.of(1024, OverflowPolicy.DROP));
        LiteObsTestSupport.recordN(metrics, 50);
        for (int attempt = 1; attempt <= 3; attempt++) {
            int expected = attempt;
            Await.until("attempt " + attempt + ", then a pause", () -> store.writeCalls.get() == expected
                    && clock.waiting() == 1);
            clock.advance(Duration.ofSeconds(1)); // the longest pause between attempts
        }
        Await.until("attempt 4, then a pause", () -> store.writeCalls.get() == 4 && clock.waiting() == 1);
        assertEquals(0, store.metrics().size());
        assertEquals(50, metrics.stats().queued());

        store.fault = batch -> null;
        clock.advance(Duration.ofSeconds(1));
        Await.until("all written after recovery", () -> store.metrics().size() == 50);
        RecorderStats stats = metrics.stats();
        assertEquals(0, stats.failed());
        assertEquals(50, stats.persisted());
    }

    @Test
    void buggyStore_throwingForEveryEntry_logsAFewLines_notOnePerEntry() throws Exception {
        store.bug = batch -> new IllegalStateException("bug in the store");
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            MetricsManager metrics = metrics(new WriterOptions(500, 500, LONG, Duration.ofSeconds(5)),
                    RecorderOptions.of(1024, OverflowPolicy.DROP));
            LiteObsTestSupport.recordN(metrics, 500);
            Await.until("every point failed", () -> metrics.stats().failed() == 500);
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        long traces = log.lines().filter(line -> line.contains("IllegalStateException: bug in the store")).count();
        assertTrue(traces <= 2, traces + " stack traces logged for one batch");
    }

    @Test
    void storeThrowingAnError_failsWhatItHeld_andHealthSaysSinceWhen() throws Exception {
        long before = System.currentTimeMillis();
        store.bug = batch -> new Error("simulated linkage failure");
        LiteObs obs = LiteObs.builder(store)
                .writer(new WriterOptions(16, 16, Duration.ofMillis(5), Duration.ofSeconds(5)))
                .audit(new RecorderOptions(16, OverflowPolicy.BLOCK, Duration.ofSeconds(30)))
                .build();
        toClose.add(obs);
        LogResult result = obs.audit().log(AuditEntry.builder("c", "op").build());
        assertEquals(LogResult.FAILED, result, "the waiting caller is told, not left to time out");
        StoreStatus status = obs.storeStatus();
        assertEquals(StoreStatus.State.DEGRADED, status.state());
        assertTrue(status.reason().contains("has stopped"), status.reason());
        assertTrue(status.since().toEpochMilli() >= before, "since " + status.since());
        assertFalse(obs.audit().logAsync(AuditEntry.builder("c", "later").build()), "recording is refused");
        RecorderStats stats = obs.audit().stats();
        assertEquals(new RecorderStats("audit", 2, 0, 1, 0, 1, 0), stats);
        assertTrue(obs.flush(Duration.ofSeconds(1)), "nothing is left waiting");
    }

    @Test
    void refusedEntry_failsAlone_andTheRestOfItsBatchIsWritten() {
        store.fault = batch -> batch.metrics().stream().anyMatch(point -> point.value() == 13)
                ? new StoreException(StoreException.Kind.REJECTED_DATA, "constraint failed", null) : null;
        MetricsManager metrics = metrics(new WriterOptions(100, 100, LONG, Duration.ofSeconds(5)),
                RecorderOptions.of(1024, OverflowPolicy.DROP));
        LiteObsTestSupport.recordN(metrics, 100);
        Await.until("99 written", () -> metrics.stats().persisted() == 99 && metrics.stats().failed() == 1);
        assertFalse(store.metrics().stream().anyMatch(point -> point.value() == 13));
        assertEquals(99, store.metrics().size());
    }

    @Test
    void close_givesUpOnAnUnavailableStoreWithinTheDrainTimeout_andCountsWhatIsLost() {
        store.fault = batch -> unavailable();
        // on the system clock: what is measured is how long close takes in real time
        MetricsManager metrics = MetricsManager.builder(store)
                .writer(new WriterOptions(10, 10, Duration.ofMillis(5), Duration.ofMillis(300)))
                .options(RecorderOptions.of(1024, OverflowPolicy.DROP)).build();
        toClose.add(metrics);
        LiteObsTestSupport.recordN(metrics, 100);
        long started = System.nanoTime();
        metrics.close();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertTrue(tookMillis < 2_000, "close returned in " + tookMillis + " ms");
        RecorderStats stats = metrics.stats();
        assertEquals(new RecorderStats("metrics", 100, 0, 0, 0, 100, 0), stats);
    }

    @Test
    void recordingAfterClose_isACountedNoOp() {
        MetricsManager metrics = metrics(WriterOptions.DEFAULT, RecorderOptions.METRICS_DEFAULT);
        metrics.close();
        assertFalse(metrics.record("m", 1));
        assertEquals(new RecorderStats("metrics", 1, 0, 1, 0, 0, 0), metrics.stats());
        metrics.close();
    }

    @Test
    void manyThreadsRecording_everyPointAccountedFor() throws Exception {
        MetricsManager metrics = metrics(new WriterOptions(500, 500, Duration.ofMillis(20), Duration.ofSeconds(10)),
                RecorderOptions.of(1 << 20, OverflowPolicy.DROP));
        int threads = 8;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Labels labels = Labels.of("thread", Integer.toString(t));
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                for (int i = 0; i < perThread; i++) {
                    metrics.record("m", i, labels);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        metrics.close();
        assertEquals(new RecorderStats("metrics", threads * perThread, threads * perThread, 0, 0, 0, 0),
                metrics.stats());
        assertEquals(threads * perThread, store.metrics().size());
    }
}
