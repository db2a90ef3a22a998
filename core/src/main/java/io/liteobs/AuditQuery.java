package io.liteobs;

import io.liteobs.internal.Checks;
import java.util.Objects;

/**
 * A query for audit entries. Every filter left null matches everything; filters combine with AND.
 *
 * <pre>{@code
 * List<AuditEntry> slowest = audit.query(AuditQuery.builder()
 *         .component("orders")
 *         .status("error")
 *         .orderBy(AuditOrder.DURATION, SortDirection.DESC)
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
 * @param limit     the most entries returned
 * @param offset    how many entries to skip, for paging
 */
public record AuditQuery(TimeRange range, String component, String operation, String status, String userId,
                         String requestId, AuditOrder orderBy, SortDirection direction, int limit, int offset) {

    /** The limit when none is set. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest limit accepted. */
    public static final int MAX_LIMIT = 100_000;

    public AuditQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(orderBy, "orderBy");
        Objects.requireNonNull(direction, "direction");
        Checks.inRange("limit", limit, 1, MAX_LIMIT);
        Checks.inRange("offset", offset, 0, Integer.MAX_VALUE);
    }

    /** A builder; defaults: all time, newest first, {@value #DEFAULT_LIMIT} entries. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AuditQuery}. */
    public static final class Builder {
        private TimeRange range = TimeRange.ALL;
        private String component;
        private String operation;
        private String status;
        private String userId;
        private String requestId;
        private AuditOrder orderBy = AuditOrder.TIME;
        private SortDirection direction = SortDirection.DESC;
        private int limit = DEFAULT_LIMIT;
        private int offset;

        private Builder() {
        }

        /** Only entries in this range. */
        public Builder range(TimeRange range) {
            this.range = Objects.requireNonNull(range, "range");
            return this;
        }

        /** Only this component; null for any. */
        public Builder component(String component) {
            this.component = component;
            return this;
        }

        /** Only this operation; null for any. */
        public Builder operation(String operation) {
            this.operation = operation;
            return this;
        }

        /** Only this status, such as {@value AuditEntry#STATUS_ERROR}; null for any. */
        public Builder status(String status) {
            this.status = status;
            return this;
        }

        /** Only this user; null for any. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /** Only this request; null for any. */
        public Builder requestId(String requestId) {
            this.requestId = requestId;
            return this;
        }

        /** The ordering. */
        public Builder orderBy(AuditOrder orderBy, SortDirection direction) {
            this.orderBy = Objects.requireNonNull(orderBy, "orderBy");
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** At most this many entries, 1 to {@value AuditQuery#MAX_LIMIT}. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Skip this many entries first, for paging. */
        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        /** @throws IllegalArgumentException naming the parameter that is out of range */
        public AuditQuery build() {
            return new AuditQuery(range, component, operation, status, userId, requestId, orderBy, direction,
                    limit, offset);
        }
    }
}
