package io.liteobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A half-open interval of time, {@code [from, to)}, for queries.
 *
 * @param from the first instant included; never null
 * @param to   the first instant excluded; never null, after {@code from}
 */
public record TimeRange(Instant from, Instant to) {

    /** Every instant a store can hold. */
    public static final TimeRange ALL = new TimeRange(Instant.EPOCH, Instant.ofEpochMilli(Long.MAX_VALUE));

    /**
     * @param from the first instant included; never null
     * @param to the first instant excluded; never null, after {@code from}
     * @throws IllegalArgumentException when {@code to} is not after {@code from}
     */
    public TimeRange {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("time range 'to' (" + to + ") must be after 'from' (" + from + ")");
        }
    }

    /**
     * The range from {@code from} up to, and excluding, {@code to}.
     *
     * @param from the first instant included; never null
     * @param to the first instant excluded; never null, after {@code from}
     * @return the range from {@code from} up to, and excluding, {@code to}
     */
    public static TimeRange between(Instant from, Instant to) {
        return new TimeRange(from, to);
    }

    /**
     * The last {@code length} of time up to this moment by the system clock, the moment included. Code that runs on
     * another clock (a {@link ManualClock} in tests) gives its time: {@code last(length, clock.instant())}.
     *
     * @param length how long the range is; zero or more
     * @return the last {@code length} of time up to this moment by the system clock, the moment included
     */
    public static TimeRange last(Duration length) {
        return last(length, Instant.now());
    }

    /**
     * The last {@code length} of time before {@code now}, {@code now} included.
     *
     * @param length how long the range is; zero or more
     * @param now the end of the range
     * @return the last {@code length} of time before {@code now}, {@code now} included
     */
    public static TimeRange last(Duration length, Instant now) {
        return new TimeRange(now.minus(length), now.plusMillis(1));
    }

    /**
     * {@link #from()} in epoch milliseconds.
     *
     * @return {@link #from()} in epoch milliseconds
     */
    public long fromMillis() {
        return from.toEpochMilli();
    }

    /**
     * {@link #to()} in epoch milliseconds.
     *
     * @return {@link #to()} in epoch milliseconds
     */
    public long toMillis() {
        return to.toEpochMilli();
    }
}
