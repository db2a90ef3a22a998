package io.liteobs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A query for audit entries. Every filter left null matches everything; filters combine with AND.
 *
 * <pre>{@code
 * List<AuditEntry> slowest = audit.query(AuditQuery.builder()
 *         .component("orders")
 *         .status("error")
 *         .orderBy(AuditOrder.DURATION).direction(SortDirection.DESC)
 *         .limit(10)
 *         .build());
 * }</pre>
 *
 * @param range     the time range
 * @param component exact component, or null
 * @param operation exact operation, or null
 * @param status    exact status, or null
 * @param userId    exact user id, or null
 * @param requestId exact request id, or null
 * @param orderBy   what results are ordered by
 * @param direction ascending or descending
 * @param page      which of the ordered entries are returned
 */
public record AuditQuery(TimeRange range, @Nullable String component, @Nullable String operation,
                         @Nullable String status, @Nullable String userId, @Nullable String requestId,
                         AuditOrder orderBy, SortDirection direction, Page page) {

    /**
     * Checks that the range, the order, the direction and the page are given.
     *
     * @param range the time range
     * @param component exact component, or null
     * @param operation exact operation, or null
     * @param status exact status, or null
     * @param userId exact user id, or null
     * @param requestId exact request id, or null
     * @param orderBy what results are ordered by
     * @param direction ascending or descending
     * @param page which of the ordered entries are returned
     * @throws NullPointerException when one of them is null
     */
    public AuditQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(orderBy, "orderBy");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(page, "page");
    }

    /**
     * A builder; defaults: all time, newest first, the first {@value Page#DEFAULT_LIMIT} entries.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AuditQuery}. */
    public static final class Builder extends PagedQueryBuilder<Builder> {
        private @Nullable String component;
        private @Nullable String operation;
        private @Nullable String status;
        private @Nullable String userId;
        private @Nullable String requestId;
        private AuditOrder orderBy = AuditOrder.TIME;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Only this component; null for any.
         *
         * @param component exact component, or null
         * @return this builder
         */
        public Builder component(@Nullable String component) {
            this.component = component;
            return this;
        }

        /**
         * Only this operation; null for any.
         *
         * @param operation exact operation, or null
         * @return this builder
         */
        public Builder operation(@Nullable String operation) {
            this.operation = operation;
            return this;
        }

        /**
         * Only this status, such as {@value AuditEntry#STATUS_ERROR}; null for any.
         *
         * @param status exact status, or null
         * @return this builder
         */
        public Builder status(@Nullable String status) {
            this.status = status;
            return this;
        }

        /**
         * Only this user; null for any.
         *
         * @param userId exact user id, or null
         * @return this builder
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * Only this request; null for any.
         *
         * @param requestId exact request id, or null
         * @return this builder
         */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * What to order by, {@link AuditOrder#TIME} unless set; the direction is {@link #direction}'s.
         *
         * @param orderBy what results are ordered by
         * @return this builder
         */
        public Builder orderBy(AuditOrder orderBy) {
            this.orderBy = Objects.requireNonNull(orderBy, "orderBy");
            return this;
        }

        /**
         * Builds an {@link AuditQuery} from this builder's settings.
         *
         * @return the new query
         * @throws IllegalArgumentException naming the parameter that is out of range
         */
        public AuditQuery build() {
            return new AuditQuery(range, component, operation, status, userId, requestId, orderBy, direction,
                    page());
        }
    }
}
