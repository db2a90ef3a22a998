package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * A query that downsamples a metric in the store: the range is cut into buckets of {@code step} that start on
 * multiples of the step since the epoch (as in Prometheus and Grafana, so that two ranges over one series share
 * their buckets), and the points of every matching series in a bucket become one value. A range that starts inside
 * a bucket gives that bucket, with the points in range only, the bucket's start as its time. Empty buckets are left
 * out.
 *
 * <pre>{@code
 * List<SeriesPoint> perMinute = metrics.downsample(DownsampleQuery.builder("orders.latency")
 *         .range(TimeRange.last(Duration.ofHours(24), Instant.now()))
 *         .step(Duration.ofMinutes(5))
 *         .aggregation(Aggregation.MAX)
 *         .build());
 * }</pre>
 *
 * @param series      the metric, the labels its series must carry, and the time range
 * @param step        the bucket width, at least one millisecond
 * @param aggregation how a bucket's points become one value
 */
public record DownsampleQuery(SeriesSelector series, Duration step, Aggregation aggregation) {

    /** The most buckets one query may ask for. */
    public static final int MAX_BUCKETS = 100_000;

    /**
     * Checks the series, the aggregation, and a step of at least one millisecond.
     *
     * @param series the metric, the labels its series must carry, and the time range
     * @param step the bucket width, at least one millisecond
     * @param aggregation how a bucket's points become one value
     * @throws IllegalArgumentException when the step is not positive or shorter than one millisecond
     */
    public DownsampleQuery {
        Objects.requireNonNull(series, "series");
        Checks.positive("step", step);
        Objects.requireNonNull(aggregation, "aggregation");
        if (step.toMillis() < 1) {
            throw new IllegalArgumentException("step must be at least 1 ms, got " + step);
        }
        TimeRange range = series.range();
        long buckets = Math.max(1, (range.toMillis() - range.fromMillis()) / step.toMillis());
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("range / step asks for " + buckets + " buckets, at most "
                    + MAX_BUCKETS + ": use a larger step or a shorter range");
        }
    }

    /**
     * {@link #step()} in milliseconds.
     *
     * @return {@link #step()} in milliseconds
     */
    public long stepMillis() {
        return step.toMillis();
    }

    /**
     * A builder for the named metric.
     *
     * @param name the metric name
     * @return a builder for the named metric
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /**
     * Builds a {@link DownsampleQuery}; the range is required. Defaults: every series, one-minute steps,
     * {@link Aggregation#AVG}.
     */
    public static final class Builder extends SeriesQueryBuilder<Builder> {
        private Duration step = Duration.ofMinutes(1);
        private Aggregation aggregation = Aggregation.AVG;

        private Builder(String name) {
            // no default range: one as long as all time would ask for more buckets than allowed
            super(name, null);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The bucket width.
         *
         * @param step the bucket width, at least one millisecond
         * @return this builder
         */
        public Builder step(Duration step) {
            this.step = step;
            return this;
        }

        /**
         * How each bucket is aggregated.
         *
         * @param aggregation how a bucket's points become one value
         * @return this builder
         */
        public Builder aggregation(Aggregation aggregation) {
            this.aggregation = aggregation;
            return this;
        }

        /**
         * Builds a {@link DownsampleQuery} from this builder's settings.
         *
         * @return the new query
         * @throws IllegalArgumentException naming the parameter that is missing or out of range
         */
        public DownsampleQuery build() {
            if (range == null) {
                throw new IllegalArgumentException("range is required for a downsample query");
            }
            return new DownsampleQuery(series(), step, aggregation);
        }
    }
}
