package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * The queue of one recorder: how many entries it holds and what happens when it is full.
 *
 * <pre>{@code
 * LiteObs.builder(store)
 *         .metrics(RecorderOptions.of(262_144, OverflowPolicy.DROP))
 *         .audit(RecorderOptions.of(16_384, OverflowPolicy.BLOCK).withMaxWait(Duration.ofMillis(200)))
 *         .build();
 * }</pre>
 *
 * @param queueCapacity  how many entries wait for the writer at most, from {@value #MIN_CAPACITY} to
 *                       {@value #MAX_CAPACITY}; rounded up to a power of two
 * @param overflowPolicy what happens when the queue is full
 * @param maxWait        how long {@link OverflowPolicy#BLOCK} waits for room, and how long a synchronous write (or
 *                       {@link OverflowPolicy#CALLER_WRITES}) waits for its commit
 */
public record RecorderOptions(int queueCapacity, OverflowPolicy overflowPolicy, Duration maxWait) {

    /** The smallest queue. */
    public static final int MIN_CAPACITY = 16;
    /** The largest queue. */
    public static final int MAX_CAPACITY = 1 << 24;
    /** The wait when none is given. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(2);

    /** The audit logger's default: 16,384 entries, {@link OverflowPolicy#BLOCK} up to two seconds. */
    public static final RecorderOptions AUDIT_DEFAULT = of(16_384, OverflowPolicy.BLOCK);
    /** The metrics manager's default: 65,536 points, {@link OverflowPolicy#DROP}. */
    public static final RecorderOptions METRICS_DEFAULT = of(65_536, OverflowPolicy.DROP);
    /** The event logger's default: 16,384 events, {@link OverflowPolicy#DROP}. */
    public static final RecorderOptions EVENTS_DEFAULT = of(16_384, OverflowPolicy.DROP);
    /** The HTTP request logger's default: 65,536 requests, {@link OverflowPolicy#DROP}. */
    public static final RecorderOptions HTTP_DEFAULT = of(65_536, OverflowPolicy.DROP);
    /** The heartbeat writer's default: 64 beats, {@link OverflowPolicy#DROP}. */
    public static final RecorderOptions HEARTBEAT_DEFAULT = of(64, OverflowPolicy.DROP);

    /**
     * @param overflowPolicy what happens when the queue is full
     * @param maxWait how long {@link OverflowPolicy#BLOCK} waits for room, and how long a synchronous write (or {@link
     *     OverflowPolicy#CALLER_WRITES}) waits for its commit
     * @param queueCapacity how many entries wait for the writer at most, from {@value #MIN_CAPACITY} to {@value
     *     #MAX_CAPACITY}; rounded up to a power of two
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public RecorderOptions {
        Checks.inRange("queueCapacity", queueCapacity, MIN_CAPACITY, MAX_CAPACITY);
        Objects.requireNonNull(overflowPolicy, "overflowPolicy");
        Checks.notNegative("maxWait", maxWait);
    }

    /**
     * Options with {@link #DEFAULT_MAX_WAIT}.
     *
     * @param queueCapacity how many entries wait for the writer at most, from {@value #MIN_CAPACITY} to {@value
     *     #MAX_CAPACITY}; rounded up to a power of two
     * @param overflowPolicy what happens when the queue is full
     * @return options with {@link #DEFAULT_MAX_WAIT}
     */
    public static RecorderOptions of(int queueCapacity, OverflowPolicy overflowPolicy) {
        return new RecorderOptions(queueCapacity, overflowPolicy, DEFAULT_MAX_WAIT);
    }

    /**
     * A copy with another wait.
     *
     * @param maxWait how long {@link OverflowPolicy#BLOCK} waits for room, and how long a synchronous write (or {@link
     *     OverflowPolicy#CALLER_WRITES}) waits for its commit
     * @return a copy with another wait
     */
    public RecorderOptions withMaxWait(Duration maxWait) {
        return new RecorderOptions(queueCapacity, overflowPolicy, maxWait);
    }
}
