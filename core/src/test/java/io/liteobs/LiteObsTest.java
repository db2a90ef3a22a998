package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class LiteObsTest {

    private final FaultInjectingStore store = new FaultInjectingStore();

    @Test
    void recorders_shareOneWriter_andCloseTogetherWithTheStore() {
        LiteObs obs = LiteObs.builder(store).build();
        obs.audit().logAsync(AuditEntry.builder("c", "op").build());
        obs.metrics().record("m", 1);
        obs.events().record(BusinessEvent.builder("t", "s").build());
        obs.http().record(HttpRequest.builder("GET", "/").status(200).durationNanos(1).build());
        obs.heartbeat("w").beat();
        assertSame(obs.heartbeat("w"), obs.heartbeat("w"));
        assertEquals(List.of(obs.heartbeat("w")), obs.heartbeats());
        obs.close();
        assertEquals(1, store.audit().size());
        assertEquals(1, store.metrics().size());
        assertEquals(1, store.events().size());
        assertEquals(1, store.count(DataKind.HEARTBEATS));
        assertEquals(1, store.count(DataKind.HTTP_REQUESTS));
        assertTrue(store.closed);
        List<String> components = obs.stats().stream().map(RecorderStats::component).toList();
        assertEquals(List.of("audit", "metrics", "events", "http", "heartbeat:w"), components);
        assertTrue(obs.stats().stream().allMatch(RecorderStats::balanced));
        assertTrue(obs.audit().isClosed());
        HeartbeatWriter late = obs.heartbeat("other");
        late.start();
        assertFalse(late.isRunning(), "a heartbeat asked for after close never beats");
        assertEquals(LogResult.CLOSED, late.beat());
        assertEquals(1, late.stats().dropped(), "and its beats are counted as dropped");
        assertTrue(obs.flush(Duration.ofSeconds(1)), "nothing is left to write after close");
    }

    @Test
    void close_fromManyThreadsWhileRecording_isSafeAndBounded() throws Exception {
        for (int round = 0; round < 40; round++) {
            FaultInjectingStore roundStore = new FaultInjectingStore();
            roundStore.writeDelayNanos = TimeUnit.MICROSECONDS.toNanos(200);
            LiteObs obs = LiteObs.builder(roundStore)
                    .writer(new WriterOptions(8, 8, Duration.ofMillis(1), Duration.ofSeconds(5)))
                    .audit(new RecorderOptions(16, OverflowPolicy.BLOCK, Duration.ofMillis(200)))
                    .build();
            CountDownLatch go = new CountDownLatch(1);
            AtomicLong auditAccepted = new AtomicLong();
            AtomicLong auditCommitted = new AtomicLong();
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(new Thread(() -> {
                    await(go);
                    for (int i = 0; i < 2_000; i++) {
                        obs.metrics().record("m", i);
                    }
                }));
                threads.add(new Thread(() -> {
                    await(go);
                    for (int i = 0; i < 300; i++) {
                        if (obs.audit().logAsync(AuditEntry.builder("c", "op").build())) {
                            auditAccepted.incrementAndGet();
                        }
                        if (obs.audit().log(AuditEntry.builder("c", "sync").build()) == LogResult.COMMITTED) {
                            auditCommitted.incrementAndGet();
                        }
                    }
                }));
            }
            for (int t = 0; t < 3; t++) {
                threads.add(new Thread(() -> {
                    await(go);
                    obs.close();
                }));
            }
            threads.forEach(Thread::start);
            go.countDown();
            for (Thread thread : threads) {
                thread.join(10_000);
                assertFalse(thread.isAlive(), "thread finished");
            }
            RecorderStats metrics = obs.metrics().stats();
            assertTrue(metrics.balanced(), metrics.toString());
            assertEquals(8_000, metrics.offered());
            assertEquals(0, metrics.queued(), metrics.toString());
            assertEquals(metrics.persisted(), roundStore.metrics().size(), metrics.toString());

            RecorderStats audit = obs.audit().stats();
            assertTrue(audit.balanced(), audit.toString());
            assertEquals(2_400, audit.offered());
            assertEquals(0, audit.queued(), audit.toString());
            assertEquals(audit.persisted(), roundStore.audit().size(), audit.toString());
            assertEquals(0, audit.failed(), audit.toString());
            long storedAsync = roundStore.audit().stream().filter(entry -> entry.operation().equals("op")).count();
            long storedSync = roundStore.audit().size() - storedAsync;
            assertEquals(auditAccepted.get(), storedAsync, "every entry logAsync accepted is stored");
            assertTrue(storedSync >= auditCommitted.get(), "every entry log committed is stored");
        }
    }

    @Test
    void close_asASecondCaller_returnsOnlyOnceTheFirstCallerHasClosedTheStore() throws Exception {
        store.closeGate = new CountDownLatch(1);
        LiteObs obs = LiteObs.builder(store).build();
        obs.metrics().record("m", 1);
        Thread first = new Thread(obs::close);
        first.start();
        assertTrue(store.closeEntered.await(10, TimeUnit.SECONDS), "the first caller closes the store");
        CountDownLatch secondReturned = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            obs.close();
            secondReturned.countDown();
        });
        second.start();
        assertFalse(secondReturned.await(200, TimeUnit.MILLISECONDS), "the second caller waits for the first");
        store.closeGate.countDown();
        assertTrue(secondReturned.await(10, TimeUnit.SECONDS));
        assertTrue(store.closed);
        first.join(10_000);
        assertEquals(1, store.metrics().size());
    }

    @Test
    void recorderClose_asASecondCaller_returnsOnlyOnceEverythingIsWritten() throws Exception {
        store.blockWrites();
        MetricsManager metrics = MetricsManager.builder(store).build();
        metrics.record("m", 1);
        Thread first = new Thread(metrics::close);
        first.start();
        assertTrue(store.firstWriteEntered.await(10, TimeUnit.SECONDS), "the writer is writing");
        Await.until("the first caller closed the queue", metrics::isClosed);
        CountDownLatch secondReturned = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            metrics.close();
            secondReturned.countDown();
        });
        second.start();
        assertFalse(secondReturned.await(200, TimeUnit.MILLISECONDS), "the second caller waits for the first");
        store.releaseWrites();
        assertTrue(secondReturned.await(10, TimeUnit.SECONDS));
        assertEquals(1, store.metrics().size());
        assertEquals(1, metrics.stats().persisted());
        first.join(10_000);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static long alertedDrops(FaultInjectingStore alertStore) {
        long sum = 0;
        for (SystemAlert alert : alertStore.alerts) {
            Matcher matcher = Pattern.compile("\"dropped\":(\\d+)").matcher(alert.detailsJson());
            assertTrue(matcher.find(), alert.detailsJson());
            sum += Long.parseLong(matcher.group(1));
        }
        return sum;
    }

    @Test
    void dropAlerts_addUpToTheDropsOfAFullQueue_nameItsRealCapacity_andLeaveOutCallsAfterClose() throws Exception {
        store.blockWrites();
        LiteObs obs = LiteObs.builder(store)
                .writer(new WriterOptions(8_192, 8_192, Duration.ofHours(1), Duration.ofSeconds(5)))
                .audit(RecorderOptions.of(1_000, OverflowPolicy.DROP))
                .build();
        obs.audit().logAsync(AuditEntry.builder("c", "first").build());
        obs.flush(Duration.ofMillis(1)); // wakes the writer, which blocks in the store
        assertTrue(store.firstWriteEntered.await(10, TimeUnit.SECONDS), "writer is inside write");
        int accepted = 0;
        for (int i = 0; i < 1_100; i++) {
            accepted += obs.audit().logAsync(AuditEntry.builder("c", "op").build()) ? 1 : 0;
        }
        assertEquals(1_024, accepted, "the capacity is rounded up to a power of two");
        obs.audit().close();
        for (int i = 0; i < 3; i++) {
            assertFalse(obs.audit().logAsync(AuditEntry.builder("c", "late").build()));
            assertEquals(LogResult.CLOSED, obs.audit().log(AuditEntry.builder("c", "late").build()));
        }
        store.releaseWrites();
        obs.close();
        RecorderStats stats = obs.audit().stats();
        assertEquals(76 + 6, stats.dropped());
        assertEquals(76, alertedDrops(store), "alerts count the drops of the full queue, not the calls after close");
        assertTrue(store.alerts.stream().allMatch(alert -> alert.message().contains("(1024 entries, DROP)")
                && alert.detailsJson().contains("\"queueCapacity\":1024")), store.alerts.toString());
    }

    @Test
    void dropAlarm_withAFailingIdGenerator_stillAlerts_andTheWriterLivesOn() throws Exception {
        store.blockWrites();
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
        LiteObs obs = LiteObs.builder(store)
                .clock(clock)
                .idGenerator(timestamp -> {
                    throw new IllegalStateException("no ids today");
                })
                .writer(new WriterOptions(8_192, 8_192, Duration.ofMillis(5), Duration.ofSeconds(5)))
                .audit(RecorderOptions.of(16, OverflowPolicy.DROP))
                .build();
        obs.audit().logAsync(AuditEntry.builder("c", "first").id("e-first").build());
        clock.advance(Duration.ofMillis(5));
        assertTrue(store.firstWriteEntered.await(10, TimeUnit.SECONDS), "writer is inside write");
        for (int i = 0; i < 20; i++) {
            obs.audit().logAsync(AuditEntry.builder("c", "op").id("e-" + i).build());
        }
        store.releaseWrites();
        Await.until("the drops alerted", () -> alertedDrops(store) == 4);
        assertFalse(obs.degraded(), "the writer thread is alive");
        assertEquals(LogResult.COMMITTED, obs.audit().log(AuditEntry.builder("c", "after").id("e-after").build()));
        obs.close();
    }

    @Test
    void build_failingAfterTheWriterStarted_leavesNoThreadRunning() {
        Clock failing = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                throw new IllegalStateException("no time today");
            }
        };
        FaultInjectingStore named = new FaultInjectingStore("leak-check");
        assertThrows(IllegalStateException.class, () -> LiteObs.builder(named).clock(failing)
                .retention(RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofDays(1)).build())
                .retentionEvery(Duration.ofMinutes(1)).build());
        Await.until("no thread of the failed build is left", Duration.ofSeconds(3), () -> Thread.getAllStackTraces()
                .keySet().stream().noneMatch(thread -> thread.getName().contains("leak-check") && thread.isAlive()));
        assertTrue(named.closed, "the builder owns the store: a failed build closes it");
    }

    @Test
    void forEachHeartbeat_isToldOfEveryWriter_madeBeforeOrAfter_once() {
        try (LiteObs obs = LiteObs.builder(store).build()) {
            obs.heartbeat("before");
            List<String> told = new ArrayList<>();
            obs.forEachHeartbeat(heartbeat -> told.add(heartbeat.stats().component()));
            obs.heartbeat("after");
            obs.heartbeat("after");
            obs.heartbeat("before");
            assertEquals(List.of("heartbeat:before", "heartbeat:after"), told);
        }
    }

    @Test
    void refusedSetting_closesTheStore() {
        FaultInjectingStore owned = new FaultInjectingStore();
        LiteObs.Builder builder = LiteObs.builder(owned);
        assertThrows(IllegalArgumentException.class, () -> builder.retentionEvery(Duration.ofSeconds(-1)));
        assertTrue(owned.closed);
    }

    @Test
    void retentionEveryWithoutAPolicy_isRefusedByBuild_namingBothSettings_andClosesTheStore() {
        FaultInjectingStore owned = new FaultInjectingStore();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LiteObs.builder(owned).retentionEvery(Duration.ofHours(1)).build());
        assertTrue(e.getMessage().startsWith("retentionEvery(PT1H) is set but the retention policy keeps everything"),
                e.getMessage());
        assertTrue(e.getMessage().contains("retention(RetentionPolicy.builder().keep("), e.getMessage());
        assertTrue(owned.closed);
    }

    @Test
    void flush_writesWhatIsQueuedWithoutWaitingForTheInterval() {
        try (LiteObs obs = LiteObs.builder(store)
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofHours(1))).build()) {
            obs.metrics().record("m", 1);
            obs.events().record(BusinessEvent.builder("t", "s").build());
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            assertEquals(1, store.metrics().size());
            assertEquals(1, store.events().size());
        }
    }

    @Test
    void flush_returnsTrueOnlyOnceEverythingRecordedBeforeItIsWritten() throws Exception {
        try (LiteObs obs = LiteObs.builder(store)
                .writer(new WriterOptions(1, 64, Duration.ofHours(1), Duration.ofSeconds(5))).build()) {
            AtomicLong recorded = new AtomicLong();
            AtomicLong early = new AtomicLong();
            AtomicLong flushes = new AtomicLong();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
            List<Thread> threads = new ArrayList<>();
            threads.add(new Thread(() -> {
                while (System.nanoTime() - until < 0) {
                    obs.metrics().record("m", 1);
                    recorded.incrementAndGet();
                    // a pause, so that the queue is empty most of the time and flushes can return
                    long next = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(50);
                    while (System.nanoTime() - next < 0) {
                        Thread.onSpinWait();
                    }
                }
            }));
            for (int t = 0; t < 6; t++) {
                threads.add(new Thread(() -> {
                    while (System.nanoTime() - until < 0) {
                        long before = recorded.get();
                        if (obs.flush(Duration.ofSeconds(5))) {
                            flushes.incrementAndGet();
                            RecorderStats stats = obs.metrics().stats();
                            if (stats.persisted() + stats.failed() < before) {
                                early.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join(10_000);
            }
            assertTrue(flushes.get() > 0, "some flushes returned true");
            assertEquals(0, early.get(), "flushes that returned true before what was recorded was written, of "
                    + flushes.get() + ", with " + recorded.get() + " recorded");
        }
    }

    @Test
    void flush_reportsATimeoutWhileTheStoreCannotWrite() throws Exception {
        store.blockWrites();
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
        try (LiteObs obs = LiteObs.builder(store).clock(clock).build()) {
            obs.metrics().record("m", 1);
            AtomicBoolean flushed = new AtomicBoolean(true);
            Thread flusher = new Thread(() -> flushed.set(obs.flush(Duration.ofHours(1))));
            flusher.start();
            assertTrue(store.firstWriteEntered.await(10, TimeUnit.SECONDS), "the flush woke the writer");
            clock.advance(Duration.ofMinutes(59));
            assertTrue(flusher.isAlive(), "the flush waits out its timeout");
            clock.advance(Duration.ofMinutes(1));
            flusher.join(10_000);
            assertFalse(flushed.get(), "timed out while the store could not write");
            store.releaseWrites();
            assertTrue(obs.flush(Duration.ofHours(1)));
        }
    }

    @Test
    void degraded_reportsAStoreThatCannotWrite_untilItRecovers() {
        store.fault = batch -> new io.liteobs.spi.StoreException(io.liteobs.spi.StoreException.Kind.UNAVAILABLE,
                "disk full", null);
        ManualClock clock = new ManualClock(Instant.parse("2026-11-22T10:00:00Z"));
        try (LiteObs obs = LiteObs.builder(store).clock(clock).build()) {
            assertFalse(obs.degraded());
            obs.metrics().record("m", 1);
            clock.advance(WriterOptions.DEFAULT_FLUSH_INTERVAL);
            Await.until("degraded, and pausing before another attempt",
                    () -> obs.degraded() && clock.waiting() == 1);
            assertEquals(clock.instant(), obs.storeStatus().since(), "since the first failure, by the clock");
            store.fault = batch -> null;
            clock.advance(Duration.ofSeconds(1)); // the longest pause before another attempt
            Await.until("recovered", () -> !obs.degraded());
            Await.until("written", () -> store.metrics().size() == 1);
        }
    }
}
