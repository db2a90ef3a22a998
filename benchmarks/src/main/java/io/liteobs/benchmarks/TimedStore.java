package io.liteobs.benchmarks;

import io.liteobs.DataKind;
import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Wraps a store and records how long each batch write and each retention chunk took, lock wait included, so that
 * a harness can report their distribution over a phase.
 */
final class TimedStore extends ForwardingStore {

    private final Queue<Long> writeNanos = new ConcurrentLinkedQueue<>();
    private final Queue<Long> deleteNanos = new ConcurrentLinkedQueue<>();

    TimedStore(ObservabilityStore store) {
        super(store);
    }

    /** The batch writes since the last call, and starts over. */
    Durations takeWrites() {
        return take(writeNanos);
    }

    /** The retention chunks since the last call, and starts over. */
    Durations takeDeletes() {
        return take(deleteNanos);
    }

    private static Durations take(Queue<Long> queue) {
        List<Long> taken = new ArrayList<>();
        Long nanos;
        while ((nanos = queue.poll()) != null) {
            taken.add(nanos);
        }
        return new Durations(taken);
    }

    @Override
    public void write(WriteBatch batch) {
        long started = System.nanoTime();
        super.write(batch);
        writeNanos.add(System.nanoTime() - started);
    }

    @Override
    public long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        long started = System.nanoTime();
        try {
            return super.deleteOlderThan(kind, cutoffMillis, maxRows);
        } finally {
            deleteNanos.add(System.nanoTime() - started);
        }
    }

    /** Durations of one phase. */
    record Durations(List<Long> nanos) {

        int count() {
            return nanos.size();
        }

        /** The {@code percent} percentile in milliseconds, nearest rank; 0 for none. */
        double percentileMillis(double percent) {
            if (nanos.isEmpty()) {
                return 0;
            }
            List<Long> sorted = nanos.stream().sorted().toList();
            int rank = (int) Math.ceil(percent / 100 * sorted.size());
            return sorted.get(Math.max(0, rank - 1)) / 1e6;
        }

        double maxMillis() {
            return percentileMillis(100);
        }

        @Override
        public String toString() {
            return String.format("median %.1f ms, p90 %.1f ms, max %.1f ms (%d)", percentileMillis(50),
                    percentileMillis(90), maxMillis(), count());
        }
    }
}
