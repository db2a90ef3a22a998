package io.liteobs;

import io.liteobs.internal.Checks;
import java.util.Objects;

/**
 * A query for business events. Every filter left null matches everything; filters combine with AND.
 *
 * <pre>{@code
 * List<BusinessEvent> orderHistory = events.query(EventQuery.builder()
 *         .entity("order", "o-1001")
 *         .direction(SortDirection.ASC)
 *         .build());
 * }</pre>
 *
 * @param range      the time range
 * @param eventType  exact event type, or null
 * @param service    exact service, or null
 * @param entityType exact entity type, or null
 * @param entityId   exact entity id, or null
 * @param userId     exact user id, or null
 * @param direction  by time: oldest or newest first
 * @param limit      the most events returned
 * @param offset     how many events to skip, for paging
 */
public record EventQuery(TimeRange range, String eventType, String service, String entityType, String entityId,
                         String userId, SortDirection direction, int limit, int offset) {

    /** The limit when none is set. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest limit accepted. */
    public static final int MAX_LIMIT = 100_000;

    public EventQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(direction, "direction");
        Checks.inRange("limit", limit, 1, MAX_LIMIT);
        Checks.inRange("offset", offset, 0, Integer.MAX_VALUE);
    }

    /** A builder; defaults: all time, newest first, {@value #DEFAULT_LIMIT} events. */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link EventQuery}. */
    public static final class Builder {
        private TimeRange range = TimeRange.ALL;
        private String eventType;
        private String service;
        private String entityType;
        private String entityId;
        private String userId;
        private SortDirection direction = SortDirection.DESC;
        private int limit = DEFAULT_LIMIT;
        private int offset;

        private Builder() {
        }

        /** Only events in this range. */
        public Builder range(TimeRange range) {
            this.range = Objects.requireNonNull(range, "range");
            return this;
        }

        /** Only this event type; null for any. */
        public Builder eventType(String eventType) {
            this.eventType = eventType;
            return this;
        }

        /** Only this service; null for any. */
        public Builder service(String service) {
            this.service = service;
            return this;
        }

        /** Only this entity; either may be null for any. */
        public Builder entity(String entityType, String entityId) {
            this.entityType = entityType;
            this.entityId = entityId;
            return this;
        }

        /** Only this user; null for any. */
        public Builder userId(String userId) {
            this.userId = userId;
            return this;
        }

        /** Oldest ({@link SortDirection#ASC}) or newest ({@link SortDirection#DESC}) first. */
        public Builder direction(SortDirection direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** At most this many events, 1 to {@value EventQuery#MAX_LIMIT}. */
        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        /** Skip this many events first, for paging. */
        public Builder offset(int offset) {
            this.offset = offset;
            return this;
        }

        /** @throws IllegalArgumentException naming the parameter that is out of range */
        public EventQuery build() {
            return new EventQuery(range, eventType, service, entityType, entityId, userId, direction, limit, offset);
        }
    }
}
