package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query for recorded HTTP requests. Every filter left null matches everything; filters combine with AND.
 *
 * <pre>{@code
 * List<HttpRequest> slowFailures = obs.http().query(HttpRequestQuery.builder()
 *         .range(TimeRange.last(Duration.ofHours(1), Instant.now()))
 *         .route("/orders/{id}")
 *         .statusClass(5)
 *         .minDuration(Duration.ofMillis(250))
 *         .orderBy(HttpRequestOrder.DURATION).direction(SortDirection.DESC)
 *         .limit(20)
 *         .build());
 * }</pre>
 *
 * @param range       the time range, on the time each request started
 * @param method      exact method, or null
 * @param route       exact route template, or null
 * @param status      exact status, or null
 * @param statusClass the first digit of the status (5 for 5xx), or null; not with {@code status}
 * @param minDuration only requests that took at least this long, or null
 * @param requestId   exact request id, or null
 * @param user        exact user, or null
 * @param orderBy     what results are ordered by
 * @param direction   ascending or descending
 * @param page        which of the ordered requests are returned
 */
public record HttpRequestQuery(TimeRange range, @Nullable String method, @Nullable String route,
                               @Nullable Integer status, @Nullable Integer statusClass,
                               @Nullable Duration minDuration, @Nullable String requestId, @Nullable String user,
                               HttpRequestOrder orderBy, SortDirection direction, Page page) {

    /**
     * @param range the time range, on the time each request started
     * @param method exact method, or null
     * @param route exact route template, or null
     * @param status exact status, or null
     * @param statusClass the first digit of the status (5 for 5xx), or null; not with {@code status}
     * @param minDuration only requests that took at least this long, or null
     * @param requestId exact request id, or null
     * @param user exact user, or null
     * @param orderBy what results are ordered by
     * @param direction ascending or descending
     * @param page which of the ordered requests are returned
     * @throws IllegalArgumentException naming the parameter out of range, or when both {@code status} and
     *                                  {@code statusClass} are set
     */
    public HttpRequestQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(orderBy, "orderBy");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(page, "page");
        if (status != null) {
            Checks.inRange("status", status, 100, 599);
        }
        if (statusClass != null) {
            Checks.inRange("statusClass", statusClass, 1, 5);
        }
        if (status != null && statusClass != null) {
            throw new IllegalArgumentException("status (" + status + ") and statusClass (" + statusClass
                    + ") are both set: set one of them");
        }
        if (minDuration != null) {
            Checks.notNegative("minDuration", minDuration);
        }
    }

    /**
     * {@link #minDuration()} in milliseconds with the fraction, as the store compares it; null when not set.
     *
     * @return {@link #minDuration()} in milliseconds with the fraction, as the store compares it
     */
    public @Nullable Double minDurationMillis() {
        return minDuration == null ? null : minDuration.toNanos() / 1e6;
    }

    /**
     * A builder; defaults: all time, newest first, the first {@value Page#DEFAULT_LIMIT} requests.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link HttpRequestQuery}. */
    public static final class Builder extends PagedQueryBuilder<Builder> {
        private @Nullable String method;
        private @Nullable String route;
        private @Nullable Integer status;
        private @Nullable Integer statusClass;
        private @Nullable Duration minDuration;
        private @Nullable String requestId;
        private @Nullable String user;
        private HttpRequestOrder orderBy = HttpRequestOrder.TIME;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Only this method, such as {@code GET}; null for any.
         *
         * @param method exact method, or null
         * @return this builder
         */
        public Builder method(@Nullable String method) {
            this.method = method;
            return this;
        }

        /**
         * Only this route template, such as {@code /orders/{id}}; null for any.
         *
         * @param route exact route template, or null
         * @return this builder
         */
        public Builder route(@Nullable String route) {
            this.route = route;
            return this;
        }

        /**
         * Only this status, 100 to 599; null for any.
         *
         * @param status exact status, or null
         * @return this builder
         */
        public Builder status(@Nullable Integer status) {
            this.status = status;
            return this;
        }

        /**
         * Only statuses of this class: 4 for 400 to 499, 5 for 500 to 599; null for any.
         *
         * @param statusClass the first digit of the status (5 for 5xx), or null; not with {@code status}
         * @return this builder
         */
        public Builder statusClass(@Nullable Integer statusClass) {
            this.statusClass = statusClass;
            return this;
        }

        /**
         * Only requests that took at least this long; null for any.
         *
         * @param minDuration only requests that took at least this long, or null
         * @return this builder
         */
        public Builder minDuration(@Nullable Duration minDuration) {
            this.minDuration = minDuration;
            return this;
        }

        /**
         * Only this request id; null for any.
         *
         * @param requestId exact request id, or null
         * @return this builder
         */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * Only this user (stored with {@link HttpInclude#USER} only); null for any.
         *
         * @param user exact user, or null
         * @return this builder
         */
        public Builder user(@Nullable String user) {
            this.user = user;
            return this;
        }

        /**
         * What to order by, {@link HttpRequestOrder#TIME} unless set; the direction is {@link #direction}'s.
         *
         * @param orderBy what results are ordered by
         * @return this builder
         */
        public Builder orderBy(HttpRequestOrder orderBy) {
            this.orderBy = Objects.requireNonNull(orderBy, "orderBy");
            return this;
        }

        /**
         * Builds a {@link HttpRequestQuery} from this builder's settings.
         *
         * @return the new query
         * @throws IllegalArgumentException naming the parameter that is out of range
         */
        public HttpRequestQuery build() {
            return new HttpRequestQuery(range, method, route, status, statusClass, minDuration, requestId, user,
                    orderBy, direction, page());
        }
    }
}
