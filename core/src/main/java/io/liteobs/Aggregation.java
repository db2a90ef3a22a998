package io.liteobs;

/**
 * How the points of one downsampling bucket become one value. The percentiles are exact over the bucket's points,
 * by nearest rank: the smallest value that at least that share of the points do not exceed.
 *
 * <p>A {@link MetricType#COUNTER} point in LiteObs is an increment: what was counted in the interval that ends at
 * its timestamp (a Micrometer step counter's step, a host collector's interval, a {@code record(name, 1, labels)}
 * per event), never a running total. {@link #SUM} is therefore a counter's increase over a bucket and {@link #RATE}
 * its increase per second; increments need no reset handling, since a restarted process simply starts counting new
 * intervals.
 */
public enum Aggregation {
    /** The arithmetic mean. */
    AVG,
    /** The smallest value. */
    MIN,
    /** The largest value. */
    MAX,
    /** The sum of the values. */
    SUM,
    /** The number of points. */
    COUNT,
    /** The value with the latest timestamp. */
    LAST,
    /**
     * A counter's increase per second: the sum of the bucket's increments divided by the step in seconds, so that
     * {@code RATE} over one-minute buckets of a per-request counter reads as requests per second.
     */
    RATE,
    /** The median: the 50th percentile. */
    P50(50),
    /** The 90th percentile. */
    P90(90),
    /** The 95th percentile. */
    P95(95),
    /** The 99th percentile. */
    P99(99);

    /** The percentile, or 0 for an aggregation that is not one. */
    private final int percent;

    Aggregation() {
        this(0);
    }

    Aggregation(int percent) {
        this.percent = percent;
    }

    /**
     * Whether this is a percentile: P50, P90, P95 or P99.
     *
     * @return whether this is a percentile
     */
    public boolean isPercentile() {
        return percent > 0;
    }

    /**
     * The percentile, from 1 to 99.
     *
     * @return the percentile, from 1 to 99
     */
    public int percent() {
        if (!isPercentile()) {
            throw new IllegalStateException(this + " is not a percentile");
        }
        return percent;
    }

    /**
     * The nearest rank of this percentile among {@code points} values: the 1-based position, in ascending order,
     * of the value it takes, {@code ceil(percent * points / 100)}, in integers so that no rounding moves it.
     *
     * @param points how many values there are; positive
     * @return the nearest rank of this percentile among {@code points} values
     */
    public long nearestRank(long points) {
        return (percent() * points + 99) / 100;
    }
}
