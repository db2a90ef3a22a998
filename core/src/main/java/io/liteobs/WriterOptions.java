package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;

/**
 * How the writer thread batches entries into the store. A transaction costs about the same whether it holds a
 * thousand rows or fifty thousand (it rewrites the pages the rows land on), so under load the writer takes
 * everything that waits, up to {@code maxBatchSize} per recorder, in one transaction.
 *
 * @param batchSize     a batch is full at this many entries: the writer wakes as soon as one queue holds them (or
 *                      half its capacity, when that is smaller) or drops an entry, without waiting for the flush
 *                      interval; from 1 to {@code maxBatchSize}
 * @param maxBatchSize  the most entries of one recorder a transaction takes when more are waiting; from
 *                      {@code batchSize} to {@value #MAX_BATCH_SIZE}
 * @param flushInterval the longest an entry waits in a queue before the writer commits it
 * @param drainTimeout  how long {@code close()} spends writing what is still queued before giving up
 */
public record WriterOptions(int batchSize, int maxBatchSize, Duration flushInterval, Duration drainTimeout) {

    /** The default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 8_192;
    /** The default largest batch per recorder and transaction. */
    public static final int DEFAULT_MAX_BATCH_SIZE = 65_536;
    /** The largest batch size. */
    public static final int MAX_BATCH_SIZE = 1_000_000;
    /** The default flush interval: one second. */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** The default drain timeout: five seconds. */
    public static final Duration DEFAULT_DRAIN_TIMEOUT = Duration.ofSeconds(5);
    /** The defaults. */
    public static final WriterOptions DEFAULT = new WriterOptions(DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_SIZE,
            DEFAULT_FLUSH_INTERVAL, DEFAULT_DRAIN_TIMEOUT);

    /**
     * @param batchSize a batch is full at this many entries: the writer wakes as soon as one queue holds them (or half
     *     its capacity, when that is smaller) or drops an entry, without waiting for the flush interval; from 1 to
     *     {@code maxBatchSize}
     * @param flushInterval the longest an entry waits in a queue before the writer commits it
     * @param drainTimeout how long {@code close()} spends writing what is still queued before giving up
     * @param maxBatchSize the most entries of one recorder a transaction takes when more are waiting; from {@code
     *     batchSize} to {@value #MAX_BATCH_SIZE}
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public WriterOptions {
        Checks.inRange("maxBatchSize", maxBatchSize, 1, MAX_BATCH_SIZE);
        Checks.inRange("batchSize", batchSize, 1, maxBatchSize);
        Checks.positive("flushInterval", flushInterval);
        Checks.notNegative("drainTimeout", drainTimeout);
    }

    /**
     * A copy with another batch size; the largest batch grows to it if smaller.
     *
     * @param newBatchSize the entries at which a batch is full and the writer wakes
     * @return a copy with another batch size
     */
    public WriterOptions withBatchSize(int newBatchSize) {
        return new WriterOptions(newBatchSize, Math.max(newBatchSize, maxBatchSize), flushInterval, drainTimeout);
    }

    /**
     * A copy with another largest batch; the batch size shrinks to it if larger.
     *
     * @param newMaxBatchSize the most entries of one recorder a transaction takes
     * @return a copy with another largest batch
     */
    public WriterOptions withMaxBatchSize(int newMaxBatchSize) {
        return new WriterOptions(Math.min(batchSize, newMaxBatchSize), newMaxBatchSize, flushInterval, drainTimeout);
    }

    /**
     * A copy with another flush interval.
     *
     * @param newFlushInterval the longest an entry waits in a queue before the writer commits it
     * @return a copy with another flush interval
     */
    public WriterOptions withFlushInterval(Duration newFlushInterval) {
        return new WriterOptions(batchSize, maxBatchSize, newFlushInterval, drainTimeout);
    }

    /**
     * A copy with another drain timeout.
     *
     * @param newDrainTimeout how long {@code close()} spends writing what is still queued
     * @return a copy with another drain timeout
     */
    public WriterOptions withDrainTimeout(Duration newDrainTimeout) {
        return new WriterOptions(batchSize, maxBatchSize, flushInterval, newDrainTimeout);
    }
}
