package io.liteobs.cli;

import io.liteobs.EventQuery;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The filters of {@link EventQuery}, for {@code query events} and {@code export events} alike. */
final class EventFilters {

    @Option(names = "--type", description = "Only this event type.")
    private @Nullable String eventType;

    @Option(names = "--service", description = "Only this service.")
    private @Nullable String service;

    @Option(names = "--entity-type", description = "Only entities of this type.")
    private @Nullable String entityType;

    @Option(names = "--entity-id", description = "Only this entity id.")
    private @Nullable String entityId;

    @Option(names = "--user", description = "Only this user id.")
    private @Nullable String userId;

    /** A new query builder with the filters given. */
    EventQuery.Builder builder() {
        return EventQuery.builder().eventType(eventType).service(service).entity(entityType, entityId)
                .userId(userId);
    }
}
