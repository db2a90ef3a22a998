package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;

/**
 * How the writer thread batches entries into the store.
 *
 * @param batchSize     the writer wakes as soon as one queue holds this many entries, and writes at most this many
 *                      of each recorder per transaction; from 1 to {@value #MAX_BATCH_SIZE}
 * @param flushInterval the longest an entry waits in a queue before the writer commits it
 * @param drainTimeout  how long {@code close()} spends writing what is still queued before giving up
 */
public record WriterOptions(int batchSize, Duration flushInterval, Duration drainTimeout) {

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 2_048;
    /** The largest batch size. */
    public static final int MAX_BATCH_SIZE = 100_000;
    /** The default flush interval: one second. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** The default drain timeout: five seconds. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** The defaults. */
    public static final WriterOptions DEFAULT =
            new WriterOptions(DEFAULT_BATCH_SIZE, DEFAULT_FLUSH_INTERVAL, DEFAULT_DRAIN_TIMEOUT);

    /**
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public WriterOptions {
        Checks.inRange("batchSize", batchSize, 1, MAX_BATCH_SIZE);
        Checks.positive("flushInterval", flushInterval);
        Checks.notNegative("drainTimeout", drainTimeout);
    }

    /** A copy with another batch size. */
    public WriterOptions withBatchSize(int newBatchSize) {
        return new WriterOptions(newBatchSize, flushInterval, drainTimeout);
    }

    /** A copy with another flush interval. */
    public WriterOptions withFlushInterval(Duration newFlushInterval) {
        return new WriterOptions(batchSize, newFlushInterval, drainTimeout);
    }

    /** A copy with another drain timeout. */
    public WriterOptions withDrainTimeout(Duration newDrainTimeout) {
        return new WriterOptions(batchSize, flushInterval, newDrainTimeout);
    }
}
