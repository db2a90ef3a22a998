package io.liteobs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

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
 * @param page       which of the ordered events are returned
 */
public record EventQuery(TimeRange range, @Nullable String eventType, @Nullable String service,
                         @Nullable String entityType, @Nullable String entityId, @Nullable String userId,
                         SortDirection direction, Page page) {

    /**
     * Checks that the range, the direction and the page are given.
     *
     * @param range the time range
     * @param eventType exact event type, or null
     * @param service exact service, or null
     * @param entityType exact entity type, or null
     * @param entityId exact entity id, or null
     * @param userId exact user id, or null
     * @param direction by time: oldest or newest first
     * @param page which of the ordered events are returned
     * @throws NullPointerException when one of them is null
     */
    public EventQuery {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(page, "page");
    }

    /**
     * A builder; defaults: all time, newest first, the first {@value Page#DEFAULT_LIMIT} events.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link EventQuery}. */
    public static final class Builder extends PagedQueryBuilder<Builder> {
        private @Nullable String eventType;
        private @Nullable String service;
        private @Nullable String entityType;
        private @Nullable String entityId;
        private @Nullable String userId;
        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * Only this event type; null for any.
         *
         * @param eventType exact event type, or null
         * @return this builder
         */
        public Builder eventType(@Nullable String eventType) {
            this.eventType = eventType;
            return this;
        }

        /**
         * Only this service; null for any.
         *
         * @param service exact service, or null
         * @return this builder
         */
        public Builder service(@Nullable String service) {
            this.service = service;
            return this;
        }

        /**
         * Only this entity; either may be null for any.
         *
         * @param entityType exact entity type, or null
         * @param entityId exact entity id, or null
         * @return this builder
         */
        public Builder entity(@Nullable String entityType, @Nullable String entityId) {
            this.entityType = entityType;
            this.entityId = entityId;
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
         * Builds an {@link EventQuery} from this builder's settings.
         *
         * @return the new query
         * @throws IllegalArgumentException naming the parameter that is out of range
         */
        public EventQuery build() {
            return new EventQuery(range, eventType, service, entityType, entityId, userId, direction, page());
        }
    }
}
