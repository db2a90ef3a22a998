package io.liteobs.internal;

import io.liteobs.spi.StoreException;
import java.time.Duration;

/**
 * What the writer does with a batch the store failed to write, by the failure's {@link StoreException.Kind}, and
 * how long it pauses before writing it again: only what can succeed later is retried, after a pause that doubles
 * from {@link #DEFAULT_INITIAL_BACKOFF} up to {@link #DEFAULT_MAX_BACKOFF} (in the manner of OpenTelemetry's
 * exporter {@code RetryPolicy}). The store says what kind of failure it met; this says what to do about it.
 *
 * <p>Retries are not counted down: a store that is unavailable (locked by another process, disk full) is waited
 * out while the queues absorb new entries and drop what does not fit; only closing ends the wait, at the drain
 * deadline.
 */
final class RetryPolicy {

    /** What to do with a batch the store failed to write. */
    enum Action {
        /** The store may take it later: pause for the {@link #backoff} and write the same batch again. */
        RETRY,
        /** The store refused part of its content: write its entries one by one, so that a bad entry fails alone. */
        WRITE_ONE_BY_ONE,
        /** The store will never take it: its entries are counted as failed. */
        GIVE_UP
    }

    /** The first pause before writing a batch again. */
    static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(10);
    /** The longest pause: a store that comes back is written to within about this long. */
    static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(1);
    static final RetryPolicy DEFAULT = new RetryPolicy(DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);

    private final Duration initialBackoff;
    private final Duration maxBackoff;

    /** @throws IllegalArgumentException naming the parameter when a backoff is out of range */
    RetryPolicy(Duration initialBackoff, Duration maxBackoff) {
        this.initialBackoff = Checks.positive("initialBackoff", initialBackoff);
        this.maxBackoff = Checks.positive("maxBackoff", maxBackoff);
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must be at least initialBackoff ("
                    + initialBackoff + ")");
        }
    }

    /** What to do with a batch the store failed to write with a failure of this kind. */
    Action onFailure(StoreException.Kind kind) {
        return switch (kind) {
            case UNAVAILABLE -> Action.RETRY;
            case REJECTED_DATA -> Action.WRITE_ONE_BY_ONE;
            case INCOMPATIBLE, CLOSED -> Action.GIVE_UP;
        };
    }

    /**
     * The pause after failed attempt number {@code attempt} (0 for the first): the initial backoff, doubled for
     * every attempt before, and never more than the maximum.
     */
    Duration backoff(int attempt) {
        Duration pause = initialBackoff;
        for (int i = 0; i < attempt && pause.compareTo(maxBackoff) < 0; i++) {
            pause = pause.multipliedBy(2);
        }
        return pause.compareTo(maxBackoff) < 0 ? pause : maxBackoff;
    }
}
