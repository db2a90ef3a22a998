package io.liteobs.benchmarks;

import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.util.concurrent.atomic.AtomicLong;

/** Wraps a store and records how long each batch write took, lock wait included. */
final class TimedStore extends ForwardingStore {

    private final AtomicLong longestWriteNanos = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    TimedStore(ObservabilityStore store) {
        super(store);
    }

    /** The longest write since the last reset, in milliseconds, and starts over. */
    double takeLongestWriteMillis() {
        return longestWriteNanos.getAndSet(0) / 1e6;
    }

    /** The number of batches written since the last call, and starts over. */
    long takeWrites() {
        return writes.getAndSet(0);
    }

    @Override
    public void write(WriteBatch batch) {
        long started = System.nanoTime();
        super.write(batch);
        long took = System.nanoTime() - started;
        longestWriteNanos.accumulateAndGet(took, Math::max);
        writes.incrementAndGet();
    }
}
