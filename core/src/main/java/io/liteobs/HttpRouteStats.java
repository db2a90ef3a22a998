package io.liteobs;

import java.time.Duration;
import java.time.Instant;

/**
 * Statistics of the requests of one method and route over a time range, or over one step of it. The latencies are
 * exact over the requests' stored durations, by nearest rank: the p-th percentile is the smallest duration that at
 * least p % of the requests did not exceed, the value at position {@code ceil(p * count / 100)} of the durations in
 * ascending order ({@link Aggregation#nearestRank}). Every store computes them alike, over all the rows.
 *
 * @param method            the request method
 * @param route             the route template
 * @param startMillis       the start of the step, a multiple of the step, or the start of the range without one
 * @param count             how many requests started in the range (or the step's part of it)
 * @param requestsPerSecond {@code count} over the seconds of the range (or of the step's part of it)
 * @param clientErrorRate   the share of requests answered 400 to 499, 0 to 1
 * @param serverErrorRate   the share of requests answered 500 to 599, 0 to 1
 * @param p50Millis         the median duration, in milliseconds
 * @param p90Millis         the 90th percentile duration, in milliseconds
 * @param p95Millis         the 95th percentile duration, in milliseconds
 * @param p99Millis         the 99th percentile duration, in milliseconds
 * @param maxMillis         the longest duration, in milliseconds
 */
public record HttpRouteStats(String method, String route, long startMillis, long count, double requestsPerSecond,
                             double clientErrorRate, double serverErrorRate, double p50Millis, double p90Millis,
                             double p95Millis, double p99Millis, double maxMillis) {

    /**
     * {@link #startMillis()} as an instant: the start of the step, or of the range without one.
     *
     * @return the start of the step, or of the range without one
     */
    public Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    /**
     * {@link #p50Millis()} as a duration, to the nanosecond: the median duration.
     *
     * @return the median duration
     */
    public Duration p50() {
        return Duration.ofNanos(Math.round(p50Millis * 1_000_000));
    }

    /**
     * {@link #p90Millis()} as a duration, to the nanosecond: the 90th percentile duration.
     *
     * @return the 90th percentile duration
     */
    public Duration p90() {
        return Duration.ofNanos(Math.round(p90Millis * 1_000_000));
    }

    /**
     * {@link #p95Millis()} as a duration, to the nanosecond: the 95th percentile duration.
     *
     * @return the 95th percentile duration
     */
    public Duration p95() {
        return Duration.ofNanos(Math.round(p95Millis * 1_000_000));
    }

    /**
     * {@link #p99Millis()} as a duration, to the nanosecond: the 99th percentile duration.
     *
     * @return the 99th percentile duration
     */
    public Duration p99() {
        return Duration.ofNanos(Math.round(p99Millis * 1_000_000));
    }

    /**
     * {@link #maxMillis()} as a duration, to the nanosecond: the longest duration.
     *
     * @return the longest duration
     */
    public Duration max() {
        return Duration.ofNanos(Math.round(maxMillis * 1_000_000));
    }
}
