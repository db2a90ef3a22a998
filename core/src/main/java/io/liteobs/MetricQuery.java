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
 * @param series the metric, the labels its series must carry, and the time range
 * @param limit  the most points returned
 */
public record MetricQuery(SeriesSelector series, int limit) {

    /** The limit when none is set. */
    public static final int DEFAULT_LIMIT = 1_000;
    /** The largest limit accepted. */
    public static final int MAX_LIMIT = 1_000_000;

    /**
     * Checks the series and the limit.
     *
     * @param series the metric, the labels its series must carry, and the time range
     * @param limit the most points returned
     * @throws IllegalArgumentException when the limit is not between 1 and {@value #MAX_LIMIT}
     */
    public MetricQuery {
        Objects.requireNonNull(series, "series");
        Checks.inRange("limit", limit, 1, MAX_LIMIT);
    }

    /**
     * A builder for points of the named metric.
     *
     * @param name the metric name
     * @return a builder for points of the named metric
     */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Builds a {@link MetricQuery}; defaults: every series, all time, {@value #DEFAULT_LIMIT} points. */
    public static final class Builder extends SeriesQueryBuilder<Builder> {
        private int limit = DEFAULT_LIMIT;

        private Builder(String name) {
            super(name, TimeRange.ALL);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * At most this many points, 1 to {@value MetricQuery#MAX_LIMIT}.
         *
         * @param limit the most points returned
         * @return this builder
         */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /**
         * Builds a {@link MetricQuery} from this builder's settings.
         *
         * @return the new query
         * @throws IllegalArgumentException naming the parameter that is out of range
         */
        public MetricQuery build() {
            return new MetricQuery(series(), limit);
        }
    }
}
