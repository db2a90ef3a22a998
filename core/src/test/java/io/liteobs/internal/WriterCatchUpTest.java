package io.liteobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.liteobs.Await;
import io.liteobs.DataKind;
import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.WriterOptions;
import io.liteobs.memory.InMemoryStore;
import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The writer thread runs the store's work left for later between batches, and its work for idle time while nothing
 * waits; a failing step stops nothing.
 */
class WriterCatchUpTest {

    @Test
    void stepsRunBeforeTheFirstPark_untilNoneIsLeft_andAfterEveryBatch() {
        StepsLeft store = new StepsLeft(5, false);
        try (BatchWriter writer = new BatchWriter(store,
                new WriterOptions(10, 10, Duration.ofHours(1), Duration.ofSeconds(5)), "catch-up-test")) {
            RecordQueue<MetricPoint> queue = writer.register(new RecordQueue<>("metrics",
                    RecorderOptions.of(1_024, OverflowPolicy.DROP), WriteBatch.Buffer::metrics, null));
            // five steps report more left, the sixth none: the writer parks without a seventh
            Await.until("the steps left are done", () -> store.steps.get() == 6);
            for (int i = 0; i < 10; i++) {
                queue.offer(new MetricPoint("m", i, null, Labels.empty(), 1L));
            }
            Await.until("the batch written and a step after it", () -> store.rowCounts()
                    .getOrDefault(DataKind.METRICS, 0L) == 10 && store.steps.get() == 7);
        }
    }

    @Test
    void aFailingStep_isLoggedAndLeft_andBatchesAreStillWritten() {
        StepsLeft store = new StepsLeft(0, true);
        try (BatchWriter writer = new BatchWriter(store,
                new WriterOptions(10, 10, Duration.ofHours(1), Duration.ofSeconds(5)), "catch-up-failing-test")) {
            RecordQueue<MetricPoint> queue = writer.register(new RecordQueue<>("metrics",
                    RecorderOptions.of(1_024, OverflowPolicy.DROP), WriteBatch.Buffer::metrics, null));
            for (int i = 0; i < 10; i++) {
                queue.offer(new MetricPoint("m", i, null, Labels.empty(), 1L));
            }
            Await.until("the batch written", () -> store.rowCounts().getOrDefault(DataKind.METRICS, 0L) == 10);
            assertFalse(writer.degraded(), "a step's failure is not the writer's");
        }
    }

    @Test
    void idleSteps_runOnceTheCatchUpIsDone_untilNoneIsLeft_andAgainAfterEveryBatch() {
        StepsLeft store = new StepsLeft(2, false);
        store.idleLeft.set(3);
        try (BatchWriter writer = new BatchWriter(store,
                new WriterOptions(10, 10, Duration.ofHours(1), Duration.ofSeconds(5)), "idle-test")) {
            RecordQueue<MetricPoint> queue = writer.register(new RecordQueue<>("metrics",
                    RecorderOptions.of(1_024, OverflowPolicy.DROP), WriteBatch.Buffer::metrics, null));
            // three idle steps report more left, the fourth none, and none ran before the catch-up was done
            Await.until("the idle steps left are done", () -> store.idleSteps.get() == 4);
            assertEquals(3, store.steps.get(), "the catch-up's steps");
            assertEquals(3, store.stepsBeforeFirstIdleStep.get(), "the catch-up done first");
            for (int i = 0; i < 10; i++) {
                queue.offer(new MetricPoint("m", i, null, Labels.empty(), 1L));
            }
            Await.until("the batch written and an idle step after it", () -> store.rowCounts()
                    .getOrDefault(DataKind.METRICS, 0L) == 10 && store.idleSteps.get() == 5);
        }
    }

    @Test
    void aFailingIdleStep_isLoggedAndLeft_andBatchesAreStillWritten() {
        StepsLeft store = new StepsLeft(0, false);
        store.idleFailing = true;
        try (BatchWriter writer = new BatchWriter(store,
                new WriterOptions(10, 10, Duration.ofHours(1), Duration.ofSeconds(5)), "idle-failing-test")) {
            RecordQueue<MetricPoint> queue = writer.register(new RecordQueue<>("metrics",
                    RecorderOptions.of(1_024, OverflowPolicy.DROP), WriteBatch.Buffer::metrics, null));
            Await.until("the first idle step", () -> store.idleSteps.get() == 1);
            for (int i = 0; i < 10; i++) {
                queue.offer(new MetricPoint("m", i, null, Labels.empty(), 1L));
            }
            Await.until("the batch written, and tried again after it", () -> store.rowCounts()
                    .getOrDefault(DataKind.METRICS, 0L) == 10 && store.idleSteps.get() == 2);
            assertFalse(writer.degraded(), "an idle step's failure is not the writer's");
        }
    }

    /**
     * A store with a number of catch-up steps and idle steps left, each counted; or whose steps of either kind all
     * fail.
     */
    private static final class StepsLeft extends ForwardingStore {
        final AtomicInteger steps = new AtomicInteger();
        final AtomicInteger idleSteps = new AtomicInteger();
        final AtomicInteger idleLeft = new AtomicInteger();
        final AtomicInteger stepsBeforeFirstIdleStep = new AtomicInteger(-1);
        volatile boolean idleFailing;
        private final int left;
        private final boolean failing;

        StepsLeft(int left, boolean failing) {
            super(InMemoryStore.builder().build());
            this.left = left;
            this.failing = failing;
        }

        @Override
        public boolean catchUp() {
            int step = steps.incrementAndGet();
            if (failing) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "the file is read-only", null);
            }
            return step <= left;
        }

        @Override
        public boolean workWhileIdle() {
            stepsBeforeFirstIdleStep.compareAndSet(-1, steps.get());
            idleSteps.incrementAndGet();
            if (idleFailing) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "the file is read-only", null);
            }
            return idleLeft.getAndDecrement() > 0;
        }
    }
}
