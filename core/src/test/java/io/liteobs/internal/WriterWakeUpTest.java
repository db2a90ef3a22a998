package io.liteobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Await;
import io.liteobs.DataKind;
import io.liteobs.Labels;
import io.liteobs.LiteObsClock;
import io.liteobs.MetricPoint;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.WriterOptions;
import io.liteobs.memory.InMemoryStore;
import io.liteobs.spi.WriteBatch;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WriterWakeUpTest {

    private static final int BATCH = 10;

    private final InMemoryStore store = InMemoryStore.builder().build();
    private final HeldAfterWakeUp clock = new HeldAfterWakeUp();
    private final BatchWriter writer = new BatchWriter(store,
            new WriterOptions(BATCH, BATCH, Duration.ofHours(1), Duration.ofSeconds(5)), "wake-up-test", clock);
    private final RecordQueue<MetricPoint> queue = writer.register(new RecordQueue<>("metrics",
            RecorderOptions.of(4096, OverflowPolicy.DROP), WriteBatch.Buffer::metrics, null));

    @AfterEach
    void close() {
        clock.release.countDown();
        writer.close();
    }

    @Test
    void callersCrossingTheBatchSize_wakeTheParkedWriterOnce_untilItParksAgain() throws Exception {
        Await.until("the writer parks", () -> clock.parks.get() == 1);
        record(BATCH);
        assertTrue(clock.woken.await(10, TimeUnit.SECONDS), "the batch woke the writer");
        // the writer is awake but has not run yet, as when the scheduler is slow to give it a core: every call
        // from here on finds a batch waiting, and none of them wakes the writer again
        record(1_000);
        assertEquals(1, writer.wakeUps());

        clock.release.countDown();
        Await.until("everything written and the writer parked again",
                () -> metricRows() == 1_010 && clock.parks.get() == 2 && clock.parked);
        record(BATCH);
        Await.until("the next batch written", () -> metricRows() == 1_020);
        assertEquals(2, writer.wakeUps(), "parked again, the writer is woken again");
    }

    private void record(int count) {
        for (int i = 0; i < count; i++) {
            queue.offer(new MetricPoint("m", i, null, Labels.empty(), 1L));
        }
    }

    private long metricRows() {
        return store.rowCounts().getOrDefault(DataKind.METRICS, 0L);
    }

    /**
     * System time, whose first park holds the writer after it is woken until the test releases it: the time a busy
     * machine takes to run a woken thread, made as long as the test needs.
     */
    private static final class HeldAfterWakeUp extends LiteObsClock {
        final AtomicInteger parks = new AtomicInteger();
        final CountDownLatch woken = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean parked;

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void parkUntil(Object blocker, long deadlineNanos) {
            boolean first = parks.incrementAndGet() == 1;
            parked = true;
            LockSupport.parkNanos(blocker, deadlineNanos - System.nanoTime());
            parked = false;
            if (first) {
                woken.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Instant instant() {
            return Instant.now();
        }
    }
}
