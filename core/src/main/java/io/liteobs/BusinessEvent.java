package io.liteobs;

import io.liteobs.internal.Json;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something that happened to a business entity: an order created, a payment refunded.
 *
 * <pre>{@code
 * events.record(BusinessEvent.builder("order.created", "checkout")
 *         .entity("order", "o-1001")
 *         .userId("alice").action("create")
 *         .details(Map.of("total", 42.50, "currency", "EUR"))
 *         .build());
 * }</pre>
 *
 * <p>Before it is recorded an event may have no id ({@code null}) and no timestamp ({@link #UNSET_TIME}); the
 * logger stamps both.
 *
 * @param id              time-ordered unique id, or null until recorded
 * @param timestampMillis epoch milliseconds, or {@link #UNSET_TIME} until recorded
 * @param eventType       what happened, for example {@code order.created}; required
 * @param service         the service it happened in; required
 * @param entityType      the kind of entity, for example {@code order}; may be null
 * @param entityId        the entity's id; may be null
 * @param userId          who caused it; may be null
 * @param action          the action taken; may be null
 * @param detailsJson     details as JSON; may be null
 * @param success         whether it succeeded
 */
public record BusinessEvent(@Nullable String id, long timestampMillis, String eventType, String service,
                            @Nullable String entityType, @Nullable String entityId, @Nullable String userId,
                            @Nullable String action, @Nullable String detailsJson, boolean success) {

    /** The timestamp of an event the logger has not stamped yet. */
    public static final long UNSET_TIME = Long.MIN_VALUE;

    /**
     * A builder for an event of {@code eventType} in {@code service}.
     *
     * @param eventType what happened, for example {@code order.created}; required
     * @param service the service it happened in; required
     * @return a builder for an event of {@code eventType} in {@code service}
     */
    public static Builder builder(String eventType, String service) {
        return new Builder(eventType, service);
    }

    /**
     * This event's timestamp as an instant.
     *
     * @return this event's timestamp as an instant
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }

    /** Builds a {@link BusinessEvent}; succeeded unless told otherwise. */
    public static final class Builder {
        private @Nullable String id;
        private long timestampMillis = UNSET_TIME;
        private final String eventType;
        private final String service;
        private @Nullable String entityType;
        private @Nullable String entityId;
        private @Nullable String userId;
        private @Nullable String action;
        private @Nullable String detailsJson;
        private boolean success = true;

        private Builder(String eventType, String service) {
            this.eventType = eventType;
            this.service = service;
        }

        /**
         * An id of the caller's; normally left to the logger's id generator.
         *
         * @param id time-ordered unique id, or null until recorded
         * @return this builder
         */
        public Builder id(@Nullable String id) {
            this.id = id;
            return this;
        }

        /**
         * When it happened; defaults to the moment it is recorded. Before 2000-01-01 the entry is rejected.
         *
         * @param timestamp when it happened
         * @return this builder
         */
        public Builder timestamp(Instant timestamp) {
            this.timestampMillis = timestamp.toEpochMilli();
            return this;
        }

        /**
         * The entity it happened to.
         *
         * @param entityType the kind of entity, for example {@code order}; may be null
         * @param entityId the entity's id; may be null
         * @return this builder
         */
        public Builder entity(@Nullable String entityType, @Nullable String entityId) {
            this.entityType = entityType;
            this.entityId = entityId;
            return this;
        }

        /**
         * Who caused it.
         *
         * @param userId who caused it; may be null
         * @return this builder
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * The action taken.
         *
         * @param action the action taken; may be null
         * @return this builder
         */
        public Builder action(@Nullable String action) {
            this.action = action;
            return this;
        }

        /**
         * Details, serialised as JSON (text holding a JSON object or array is taken as that document); may be null.
         *
         * @param details details, serialised as JSON (text holding a JSON object or array is taken as that document)
         * @return this builder
         */
        public Builder details(@Nullable Object details) {
            this.detailsJson = Json.fromObject(details);
            return this;
        }

        /**
         * Details as JSON text; may be null.
         *
         * @param json details as JSON text
         * @return this builder
         */
        public Builder detailsJson(@Nullable String json) {
            this.detailsJson = json;
            return this;
        }

        /**
         * Whether it succeeded.
         *
         * @param success whether it succeeded
         * @return this builder
         */
        public Builder success(boolean success) {
            this.success = success;
            return this;
        }

        /**
         * The event; never throws: the logger validates it when it is recorded.
         *
         * @return the event
         */
        public BusinessEvent build() {
            return new BusinessEvent(id, timestampMillis, eventType, service, entityType, entityId, userId, action,
                    detailsJson, success);
        }
    }
}
