package io.liteobs;

import io.liteobs.internal.Checks;
import java.util.Objects;

/**
 * A query for raw metric points, oldest first.
 *
 * <pre>{@code
 * List<MetricPoint> points = metrics.query(MetricQuery.builder("orders.latency")
 *         .labels(Labels.of("region", "eu"))
 *         .range(TimeRange.last(Duration.ofMinutes(5), Instant.now()))
 *         .build());
 * }</pre>
 *
 * @param name   the metric name
 * @param labels the labels every returned series must carry (a subset match); empty matches every series
 * @param range  the time range
 * @param limit  the most points returned
 */
public record MetricQuery(String name, Labels labels, TimeRange range, int limit) {

    /** The limit when none is set. */
    public static final int DEFAULT_LIMIT = 1_000;
    /** The largest limit accepted. */
    public static final int MAX_LIMIT = 1_000_000;

    public MetricQuery {
        Checks.name("name", name);
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(range, "range");
        Checks.inRange("limit", limit, 1, MAX_LIMIT);
    }

    /** A builder for points of the named metric. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link MetricQuery}; defaults: every series, all time, {@value #DEFAULT_LIMIT} points. */
    public static final class Builder {
        private final String name;
        private Labels labels = Labels.empty();
        private TimeRange range = TimeRange.ALL;
        private int limit = DEFAULT_LIMIT;

        private Builder(String name) {
            this.name = name;
        }

        /** Only series carrying all of these labels. */
        public Builder labels(Labels labels) {
            this.labels = Objects.requireNonNull(labels, "labels");
            return this;
        }

        /** Only points in this range. */
        public Builder range(TimeRange range) {
            this.range = Objects.requireNonNull(range, "range");
            return this;
        }

        /** At most this many points, 1 to {@value MetricQuery#MAX_LIMIT}. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** @throws IllegalArgumentException naming the parameter that is out of range */
        public MetricQuery build() {
            return new MetricQuery(name, labels, range, limit);
        }
    }
}
