package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.RecordQueue;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * What every recorder shares: the store it writes to, its queue, its clock, and the writer that drains it, which a
 * recorder built on its own owns and one built by {@link LiteObs} shares with the others.
 */
abstract class Recorder implements AutoCloseable {

    final ObservabilityStore store;
    final Clock clock;
    private final @Nullable BatchWriter ownedWriter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CountDownLatch closeDone = new CountDownLatch(1);

    /**
     * @param ownsWriter whether closing this recorder closes {@code writer}: true for a recorder built on its own
     */
    Recorder(ObservabilityStore store, Clock clock, BatchWriter writer, boolean ownsWriter) {
        this.store = store;
        this.clock = clock;
        this.ownedWriter = ownsWriter ? writer : null;
    }

    /** The queues to close, first of them the one whose counters {@link #stats()} reports. */
    abstract RecordQueue<?>[] queues();

    /** What happened to the entries given to this recorder so far. */
    public RecorderStats stats() {
        return queues()[0].stats();
    }

    /**
     * How many entries the queue holds at most: the configured capacity, rounded up to a power of two. With
     * {@link RecorderStats#queued()} it tells how close the queue is to its overflow policy.
     */
    public int queueCapacity() {
        return queues()[0].capacity();
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    /**
     * Stops intake; a recorder built on its own then writes what is queued, within the writer's drain timeout.
     * Recording after close does nothing but count the entry as dropped. Idempotent and thread-safe; the store
     * stays open.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            // a later caller returns once the first one is done, so that close() always means "written or counted"
            LiteObs.awaitUninterruptibly(closeDone);
            return;
        }
        try {
            for (RecordQueue<?> queue : queues()) {
                queue.close();
            }
            if (ownedWriter != null) {
                ownedWriter.close();
            }
        } finally {
            closeDone.countDown();
        }
    }
}
