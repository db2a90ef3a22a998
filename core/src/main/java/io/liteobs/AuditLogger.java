package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.Json;
import io.liteobs.internal.RecordQueue;
import io.liteobs.internal.Text;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Records who did what: synchronously ({@link #log}, committed when it returns) or asynchronously
 * ({@link #logAsync}, committed within one flush interval). Never throws into the caller; every entry ends up
 * persisted, dropped, rejected or failed, as {@link #stats()} counts.
 *
 * <pre>{@code
 * AuditLogger audit = liteObs.audit();
 * audit.logOperation("orders", "cancel", Map.of("orderId", id), null, null, Duration.ofMillis(12));
 * LogResult result = audit.log(AuditEntry.builder("admin", "grant-role").userId("alice").build());
 * List<AuditEntry> failures = audit.query(AuditQuery.builder().status(AuditEntry.STATUS_ERROR).build());
 * }</pre>
 *
 * <p>Component, operation and status must be non-blank names without control characters (otherwise the entry is
 * rejected); text fields are cleaned and cut; JSON fields that are not valid JSON are kept as a JSON string.
 */
public final class AuditLogger extends IdentifiedRecorder {

    /** The name of this recorder in counters and logs. */
    public static final String COMPONENT = "audit";

    private final RecordQueue<AuditEntry> queue;
    AuditLogger(ObservabilityStore store, Clock clock, IdGenerator ids, RecorderOptions options, BatchWriter writer,
                boolean ownsWriter) {
        super(store, clock, ids, writer, ownsWriter);
        this.queue = writer.register(new RecordQueue<>(COMPONENT, options, WriteBatch::audit, null));
    }

    /**
     * A builder for an audit logger of its own over {@code store}, with its own writer thread. The store stays the
     * caller's to close. To record audit entries beside the other recorders, use {@link LiteObs#audit()}.
     */
    public static Builder builder(ObservabilityStore store) {
        return new Builder(store);
    }

    /**
     * Writes the entry and waits until it is committed, up to the configured wait
     * ({@link RecorderOptions#maxWait()}).
     *
     * @param entry the entry; null is rejected
     * @return {@link LogResult#COMMITTED} once durable, or why not
     */
    public LogResult log(AuditEntry entry) {
        AuditEntry valid = normalise(entry);
        if (valid == null) {
            queue.reject();
            return LogResult.REJECTED;
        }
        return queue.writeAndWait(valid);
    }

    /**
     * Queues the entry; it is committed within one flush interval.
     *
     * @param entry the entry; null is rejected
     * @return whether it was queued (false: rejected, dropped on overflow, or the logger is closed)
     */
    public boolean logAsync(AuditEntry entry) {
        AuditEntry valid = normalise(entry);
        if (valid == null) {
            queue.reject();
            return false;
        }
        return queue.offer(valid);
    }

    /**
     * Queues an entry describing one call: parameters and result serialised as JSON, status
     * {@value AuditEntry#STATUS_ERROR} with the error's message when {@code error} is not null.
     *
     * @param parameters the input, any Jackson-serialisable object; may be null
     * @param result     the output; may be null
     * @param error      the failure; null when the operation succeeded
     * @param duration   how long it took; may be null
     * @return whether it was queued
     */
    public boolean logOperation(String component, String operation, Object parameters, Object result,
                                Throwable error, Duration duration) {
        return logAsync(AuditEntry.builder(component, operation)
                .parameters(parameters)
                .result(result)
                .error(error)
                .duration(duration)
                .build());
    }

    /**
     * The stored entries matching the query. Entries still queued are not seen.
     *
     * @throws io.liteobs.spi.StoreException when the store cannot be read
     */
    public List<AuditEntry> query(AuditQuery query) {
        return store.findAudit(Objects.requireNonNull(query, "query"));
    }

    @Override
    RecordQueue<?>[] queues() {
        return new RecordQueue<?>[] {queue};
    }

    /** The entry ready to store, stamped and cleaned, or null when it must be rejected. */
    private AuditEntry normalise(AuditEntry entry) {
        if (entry == null) {
            return null;
        }
        String component = Text.requiredName(entry.component());
        String operation = Text.requiredName(entry.operation());
        String status = Text.requiredName(entry.status());
        long timestamp = timestampOrNow(entry.timestampMillis(), AuditEntry.UNSET_TIME);
        String id = idOrNew(entry.id(), timestamp);
        if (component == null || operation == null || status == null || id == null || timestamp < 0) {
            return null;
        }
        Long duration = entry.durationMillis() == null || entry.durationMillis() < 0 ? null : entry.durationMillis();
        return new AuditEntry(id, timestamp, component, operation, status,
                Text.shortText(entry.userId()), Text.shortText(entry.sessionId()), Text.shortText(entry.requestId()),
                Json.normalise(entry.parametersJson()), Json.normalise(entry.resultJson()),
                Text.shortText(entry.errorCode()), Text.longText(entry.errorMessage()), duration,
                Json.normalise(entry.metadataJson()));
    }

    /** Builds an {@link AuditLogger} of its own; defaults: {@link RecorderOptions#AUDIT_DEFAULT}. */
    public static final class Builder extends IdentifiedRecorder.Builder<Builder> {

        private Builder(ObservabilityStore store) {
            super(store, RecorderOptions.AUDIT_DEFAULT);
        }

        @Override
        Builder self() {
            return this;
        }

        /** A logger with its own writer thread, running. */
        public AuditLogger build() {
            return new AuditLogger(store, clock, ids, options, newWriter(COMPONENT), true);
        }
    }
}
