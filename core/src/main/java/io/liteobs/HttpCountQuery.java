package io.liteobs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query that counts HTTP requests over a time range by method, route and status, and how many of them took at most
 * a duration: the counts a service level objective reads ({@code liteobs-alerting}'s {@code Objective}). A store
 * answers it in one pass over the range, without the percentiles of {@link HttpStatsQuery}, so that a 30-day range
 * costs a count per row and no sort.
 *
 * <pre>{@code
 * List<HttpRequestCount> counts = store.countHttpRequests(HttpCountQuery.builder(TimeRange.last(Duration.ofDays(30)))
 *         .route("/checkout")
 *         .thresholdMillis(300.0)
 *         .build());
 * }</pre>
 *
 * @param range           the time range, on the time each request started; required
 * @param method          exact method, or null for every method
 * @param route           exact route template, or null for every route
 * @param thresholdMillis the duration, in milliseconds, that {@link HttpRequestCount#withinThreshold()} counts
 *                        requests at or under; null to count every request as within it
 */
public record HttpCountQuery(TimeRange range, @Nullable String method, @Nullable String route,
                             @Nullable Double thresholdMillis) {

    /**
     * Checks the query.
     *
     * @param range           the time range, on the time each request started; required
     * @param method          exact method, or null for every method
     * @param route           exact route template, or null for every route
     * @param thresholdMillis the duration, in milliseconds, that {@link HttpRequestCount#withinThreshold()} counts
     *                        requests at or under; null to count every request as within it
     * @throws IllegalArgumentException when the threshold is negative or not a finite number
     */
    public HttpCountQuery {
        Objects.requireNonNull(range, "range");
        if (thresholdMillis != null && !(Double.isFinite(thresholdMillis) && thresholdMillis >= 0)) {
            throw new IllegalArgumentException("thresholdMillis must be a finite number of milliseconds, 0 or more,"
                    + " got " + thresholdMillis);
        }
    }

    /**
     * Starts a query over a range.
     *
     * @param range the time range, on the time each request started
     * @return a builder counting every method and route, without a threshold
     */
    public static Builder builder(TimeRange range) {
        return new Builder(range);
    }

    /** Builds an {@link HttpCountQuery}; defaults: every method and route, no threshold. */
    public static final class Builder {
        private final TimeRange range;
        private @Nullable String method;
        private @Nullable String route;
        private @Nullable Double thresholdMillis;

        private Builder(TimeRange range) {
            this.range = Objects.requireNonNull(range, "range");
        }

        /**
         * Counts only this method.
         *
         * @param method the exact method; null for every method
         * @return this builder
         */
        public Builder method(@Nullable String method) {
            this.method = method;
            return this;
        }

        /**
         * Counts only this route template.
         *
         * @param route the exact route template; null for every route
         * @return this builder
         */
        public Builder route(@Nullable String route) {
            this.route = route;
            return this;
        }

        /**
         * Counts, besides every request, those that took at most this long.
         *
         * @param thresholdMillis milliseconds, 0 or more; null for none
         * @return this builder
         */
        public Builder thresholdMillis(@Nullable Double thresholdMillis) {
            this.thresholdMillis = thresholdMillis;
            return this;
        }

        /**
         * Builds the query.
         *
         * @return the query
         * @throws IllegalArgumentException when the threshold is negative or not a finite number
         */
        public HttpCountQuery build() {
            return new HttpCountQuery(range, method, route, thresholdMillis);
        }
    }
}
