package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.RecordQueue;
import io.liteobs.internal.Rejection;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Records business events asynchronously: each is committed within one flush interval. Never throws into the
 * caller; {@link #stats()} counts what became of every event.
 *
 * <pre>{@code
 * EventLogger events = liteObs.events();
 * events.record(BusinessEvent.builder("order.shipped", "warehouse").entity("order", "o-1001").build());
 * List<BusinessEvent> history = events.query(EventQuery.builder().entity("order", "o-1001").build());
 * }</pre>
 *
 * <p>Event type and service must be non-blank names without control characters, and a timestamp the caller gives
 * not before 2000-01-01 (otherwise the event is rejected, and the writer logs why); text fields are cleaned and
 * cut; details that are not valid JSON are kept as a JSON string; secrets are redacted by the
 * {@link RedactionPolicy} before the event is queued.
 */
public final class EventLogger extends IdentifiedRecorder<BusinessEvent> {

    /** The name of this recorder in counters and logs. */
    public static final String COMPONENT = "events";

    EventLogger(ObservabilityStore store, Clock clock, IdGenerator ids, RedactionPolicy redaction,
                RecorderOptions options, BatchWriter writer, boolean ownsWriter) {
        super(store, clock, ids, redaction, writer, ownsWriter,
                writer.register(new RecordQueue<>(COMPONENT, options, WriteBatch.Buffer::events, null)));
    }

    /**
     * A builder for an event logger of its own over {@code store}, with its own writer thread. The store stays the
     * caller's to close. To record events beside the other recorders, use {@link LiteObs#events()}.
     *
     * @param store the store to write to; it stays the caller's to close
     * @return a builder for an event logger of its own over {@code store}, with its own writer thread
     */
    public static Builder builder(ObservabilityStore store) {
        return new Builder(store);
    }

    /**
     * Queues the event.
     *
     * @param event the event; null is rejected
     * @return whether it was queued (false: rejected, dropped on overflow, or the logger is closed)
     */
    public boolean record(BusinessEvent event) {
        return offer(event);
    }

    /**
     * The stored events matching the query. Events still queued are not seen.
     *
     * @param query which events: range, filters, direction and page
     * @return the stored events matching the query
     * @throws io.liteobs.spi.StoreException when the store cannot be read
     */
    public List<BusinessEvent> query(EventQuery query) {
        return store.findEvents(Objects.requireNonNull(query, "query"));
    }

    @Override
    @Nullable BusinessEvent normalise(BusinessEvent event) {
        if (event == null) {
            return rejected("event", Rejection.Problem.MISSING);
        }
        if (!isName("eventType", event.eventType()) || !isName("service", event.service())
                || !isTime(event.timestampMillis(), BusinessEvent.UNSET_TIME)) {
            return null;
        }
        long timestamp = timestampOrNow(event.timestampMillis(), BusinessEvent.UNSET_TIME);
        String id = idOrNew(event.id(), timestamp);
        if (id == null) {
            return null;
        }
        return new BusinessEvent(id, timestamp, event.eventType(), event.service(), shortText(event.entityType()),
                shortText(event.entityId()), shortText(event.userId()), shortText(event.action()),
                json(event.detailsJson()), event.success());
    }

    /** Builds an {@link EventLogger} of its own; defaults: {@link RecorderOptions#EVENTS_DEFAULT}. */
    public static final class Builder extends IdentifiedRecorder.Builder<Builder> {

        private Builder(ObservabilityStore store) {
            super(store, RecorderOptions.EVENTS_DEFAULT);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * A logger with its own writer thread, running.
         *
         * @return a logger with its own writer thread, running
         */
        public EventLogger build() {
            return new EventLogger(store, clock, ids, redaction, options, newWriter(COMPONENT), true);
        }
    }
}
