package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsManagerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final long EARLY_2000 = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();

    private final FaultInjectingStore store = new FaultInjectingStore();
    private final MetricsManager metrics = MetricsManager.builder(store)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .maxSeries(3, 5)
            .build();

    @AfterEach
    void close() {
        metrics.close();
    }

    @Test
    void record_stampsNow_andKeepsNameUnitAndLabels() {
        Labels eu = Labels.of("region", "eu");
        assertTrue(metrics.record("latency", 12.5, "ms", eu));
        assertTrue(metrics.record("open", 3));
        assertTrue(metrics.record("open", 4, Labels.of("queue", "q1")));
        assertTrue(metrics.record("past", 1, null, null, EARLY_2000));
        metrics.close();
        assertEquals(new MetricPoint("latency", 12.5, "ms", eu, NOW.toEpochMilli()), store.metrics().get(0));
        assertEquals(new MetricPoint("open", 3, null, Labels.empty(), NOW.toEpochMilli()), store.metrics().get(1));
        assertEquals(Labels.of("queue", "q1"), store.metrics().get(2).labels());
        assertEquals(EARLY_2000, store.metrics().get(3).timestampMillis());
    }

    @Test
    void record_atAnInstant_isStampedWithIt_andAnInstantBefore2000OrNullIsRejected() {
        Instant observed = NOW.minusSeconds(30);
        assertTrue(metrics.record("latency", 1, "ms", null, observed));
        assertTrue(metrics.record("latency", 2, "ms", null, Instant.ofEpochMilli(EARLY_2000)));
        assertTrue(metrics.record("latency", 3, "ms", null, Instant.MAX), "beyond epoch milliseconds: the last one");
        assertFalse(metrics.record("latency", 4, "ms", null, Instant.ofEpochMilli(EARLY_2000 - 1)));
        assertFalse(metrics.record("latency", 5, "ms", null, Instant.EPOCH.minusSeconds(1)));
        assertFalse(metrics.record("latency", 6, "ms", null, (Instant) null));
        metrics.close();
        assertEquals(List.of(EARLY_2000, observed.toEpochMilli()),
                store.metrics().stream().map(MetricPoint::timestampMillis).toList(), "in time order, up to ALL's end");
        assertEquals(new RecorderStats("metrics", 6, 3, 0, 3, 0, 0), metrics.stats());
    }

    @Test
    void aNameOrUnitFoundInvalid_isRejectedOrCleanedEveryTime_aValidOneAfterItStillPasses() {
        String badName = "a\tb";
        String dirtyUnit = "m\ns";
        for (int i = 0; i < 3; i++) {
            assertFalse(metrics.record(badName, 1), "an invalid name is never remembered as valid");
            assertTrue(metrics.record("good", 1, dirtyUnit, null));
        }
        assertTrue(metrics.record("a b", 1));
        metrics.close();
        assertEquals(new RecorderStats("metrics", 7, 4, 0, 3, 0, 0), metrics.stats());
        assertEquals(3, store.metrics().stream().filter(point -> "m\uFFFDs".equals(point.unit())).count(),
                "a unit with a control character is cleaned each time it is recorded");
    }

    @Test
    void invalidPoints_areRejectedAndCounted() {
        assertFalse(metrics.record(null, 1));
        assertFalse(metrics.record("", 1));
        assertFalse(metrics.record("  ", 1));
        assertFalse(metrics.record("a\nb", 1));
        assertFalse(metrics.record("m", Double.NaN));
        assertFalse(metrics.record("m", Double.POSITIVE_INFINITY));
        assertFalse(metrics.record("m", Double.NEGATIVE_INFINITY));
        assertFalse(metrics.record("m", 1, null, null, -1));
        assertFalse(metrics.record("m", 1, null, null, NOW.getEpochSecond()), "epoch seconds, stamped in 1970");
        assertFalse(metrics.record("m", 1, null, null, EARLY_2000 - 1));
        assertTrue(metrics.record("good", 1));
        metrics.close();
        assertEquals(new RecorderStats("metrics", 11, 1, 0, 10, 0, 0), metrics.stats());
        assertEquals(1, store.metrics().size());
    }

    @Test
    void namesWithSpacesAndEmoji_areKeptAsGiven() {
        assertTrue(metrics.record("queue depth \uD83D\uDCE6", 1, null, Labels.of("shop", "caf\u00E9 \u2615")));
        metrics.close();
        MetricPoint stored = store.metrics().get(0);
        assertEquals("queue depth \uD83D\uDCE6", stored.name());
        assertEquals(Labels.of("shop", "caf\u00E9 \u2615"), stored.labels());
    }

    @Test
    void negativeZero_isStoredAsZero() {
        metrics.record("m", -0.0);
        metrics.close();
        assertEquals(0, Double.compare(0.0, store.metrics().get(0).value()));
    }

    @Test
    void seriesPastTheBound_areRejected_whileOpenSeriesKeepRecording() {
        for (int i = 0; i < 10; i++) {
            metrics.record("requests", 1, Labels.of("user", "u" + i));
        }
        metrics.record("requests", 2, Labels.of("user", "u0"));
        for (int i = 0; i < 5; i++) {
            metrics.record("other" + i, 1);
        }
        metrics.close();
        RecorderStats stats = metrics.stats();
        assertEquals(16, stats.offered());
        // 3 series of 'requests' (+1 point of u0), then 2 more metrics fill the total of 5
        assertEquals(6, stats.persisted());
        assertEquals(10, stats.rejected());
        assertTrue(stats.balanced());
    }

    @Test
    void closingWhileThreadsRecord_accountsForEveryCallOnce_queuedDroppedOrRejectedBeforeOrAfterQueuing()
            throws Exception {
        for (int round = 0; round < 20; round++) {
            FaultInjectingStore slowStore = new FaultInjectingStore();
            slowStore.writeDelayNanos = TimeUnit.MICROSECONDS.toNanos(100);
            // a queue of 16 that a slowed store cannot keep up with: calls queue, drop and are refused at once
            MetricsManager recorder = MetricsManager.builder(slowStore)
                    .options(RecorderOptions.of(16, OverflowPolicy.DROP))
                    .writer(new WriterOptions(4, 4, Duration.ofMillis(1), Duration.ofSeconds(5)))
                    .maxSeries(2, 2)
                    .build();
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean closed = new AtomicBoolean();
            AtomicLong calls = new AtomicLong();
            AtomicLong returnedTrue = new AtomicLong();
            List<Thread> recording = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                recording.add(new Thread(() -> {
                    awaitQuietly(go);
                    // until a while after close() has returned, so that calls race with the close
                    for (int i = 0; !closed.get() || i % 1_000 != 0; i++) {
                        // a valid point, one of a series past the bound (refused by the writer, after queuing),
                        // one with an invalid name (refused by the call, or dropped once the recorder is closed)
                        String name = switch (i % 3) {
                            case 0 -> "requests";
                            case 1 -> "requests.by.user";
                            default -> " ";
                        };
                        calls.incrementAndGet();
                        if (recorder.record(name, 1, Labels.of("user", "u" + i % 5))) {
                            returnedTrue.incrementAndGet();
                        }
                    }
                }));
            }
            recording.add(new Thread(() -> {
                awaitQuietly(go);
                Await.until("points stored and refused", () -> recorder.stats().persisted() > 0
                        && recorder.stats().rejected() > 0 && recorder.stats().dropped() > 0);
                recorder.close();
                closed.set(true);
            }));
            recording.forEach(Thread::start);
            go.countDown();
            for (Thread thread : recording) {
                thread.join(10_000);
                assertFalse(thread.isAlive(), "thread finished");
            }
            RecorderStats stats = recorder.stats();
            assertEquals(calls.get(), stats.offered(), stats.toString());
            assertTrue(stats.balanced(), stats.toString());
            assertEquals(0, stats.queued(), stats.toString());
            assertEquals(0, stats.failed(), stats.toString());
            assertEquals(slowStore.metrics().size(), stats.persisted(), stats.toString());
            // every point a call accepted was stored or refused by the series bound: none was lost
            assertTrue(returnedTrue.get() >= stats.persisted(), returnedTrue + " accepted, " + stats);
            assertTrue(returnedTrue.get() - stats.persisted() <= stats.rejected(), returnedTrue + " accepted, " + stats);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void describe_reachesTheStore() {
        metrics.describe("latency", MetricType.TIMER, "ms", "Order latency");
        metrics.close();
        assertEquals(new MetricDescription("latency", MetricType.TIMER, "ms", "Order latency"),
                store.descriptions.get(0));
    }

    @Test
    void describe_withABlankName_failsFast() {
        assertThrows(IllegalArgumentException.class, () -> metrics.describe(" ", MetricType.GAUGE, null, null));
    }
}
