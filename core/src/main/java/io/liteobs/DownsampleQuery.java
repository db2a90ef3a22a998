package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;
import java.util.Objects;

/**
 * A query that downsamples a metric in the store: the range is cut into buckets of {@code step}, starting at the
 * range's start, and the points of every matching series in a bucket become one value. Empty buckets are left out.
 *
 * <pre>{@code
 * List<SeriesPoint> perMinute = metrics.downsample(DownsampleQuery.builder("orders.latency")
 *         .range(TimeRange.last(Duration.ofHours(24), Instant.now()))
 *         .step(Duration.ofMinutes(5))
 *         .aggregation(Aggregation.MAX)
 *         .build());
 * }</pre>
 *
 * @param name        the metric name
 * @param labels      the labels every included series must carry; empty includes every series
 * @param range       the time range; buckets start at its start
 * @param step        the bucket width, at least one millisecond
 * @param aggregation how a bucket's points become one value
 */
public record DownsampleQuery(String name, Labels labels, TimeRange range, Duration step, Aggregation aggregation) {

    /** The most buckets one query may ask for. */
    public static final int MAX_BUCKETS = 100_000;

    public DownsampleQuery {
        Checks.name("name", name);
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(range, "range");
        Checks.positive("step", step);
        Objects.requireNonNull(aggregation, "aggregation");
        if (step.toMillis() < 1) {
            throw new IllegalArgumentException("step must be at least 1 ms, got " + step);
        }
        long buckets = Math.max(1, (range.toMillis() - range.fromMillis()) / step.toMillis());
        if (buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("range / step asks for " + buckets + " buckets, at most "
                    + MAX_BUCKETS + ": use a larger step or a shorter range");
        }
    }

    /** {@link #step()} in milliseconds. */
    public long stepMillis() {
        return step.toMillis();
    }

    /** A builder for the named metric. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link DownsampleQuery}; defaults: every series, one-minute steps, {@link Aggregation#AVG}. */
    public static final class Builder {
        private final String name;
        private Labels labels = Labels.empty();
        private TimeRange range;
        private Duration step = Duration.ofMinutes(1);
        private Aggregation aggregation = Aggregation.AVG;

        private Builder(String name) {
            this.name = name;
        }

        /** Only series carrying all of these labels. */
        public Builder labels(Labels labels) {
            this.labels = Objects.requireNonNull(labels, "labels");
            return this;
        }

        /** The range to cover; required. */
        public Builder range(TimeRange range) {
            this.range = Objects.requireNonNull(range, "range");
            return this;
        }

        /** The bucket width. */
        public Builder step(Duration step) {
            this.step = step;
            return this;
        }

        /** How each bucket is aggregated. */
        public Builder aggregation(Aggregation aggregation) {
            this.aggregation = aggregation;
            return this;
        }

        /** @throws IllegalArgumentException naming the parameter that is missing or out of range */
        public DownsampleQuery build() {
            if (range == null) {
                throw new IllegalArgumentException("range is required for a downsample query");
            }
            return new DownsampleQuery(name, labels, range, step, aggregation);
        }
    }
}
