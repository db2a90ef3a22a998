package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.Checks;
import io.liteobs.internal.DropAlarm;
import io.liteobs.internal.RecordQueue;
import io.liteobs.internal.Rejection;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Records who did what: synchronously ({@link #log}, committed when it returns) or asynchronously
 * ({@link #logAsync}, committed within one flush interval). Never throws into the caller; every entry ends up
 * persisted, dropped, rejected or failed, as {@link #stats()} counts.
 *
 * <pre>{@code
 * AuditLogger audit = liteObs.audit();
 * audit.operation("orders", "cancel").userId(user).requestId(requestId)
 *         .parameters(Map.of("orderId", id)).duration(Duration.ofMillis(12)).logAsync();
 * LogResult result = audit.log(AuditEntry.builder("admin", "grant-role").userId("alice").build());
 * List<AuditEntry> failures = audit.query(AuditQuery.builder().status(AuditEntry.STATUS_ERROR).build());
 * }</pre>
 *
 * <p>Component, operation and status must be non-blank names without control characters, and a timestamp the
 * caller gives not before 2000-01-01 (otherwise the entry is rejected, and the writer logs why); text fields are
 * cleaned and cut; JSON fields that are not valid JSON are kept as a JSON string; secrets are redacted by the
 * {@link RedactionPolicy} before the entry is queued.
 *
 * <p>No audit entry is lost silently. On a full queue the overflow policy applies ({@code BLOCK} for up to two
 * seconds by default, then drop); every drop is counted in {@link #stats()}, logged (at most once a minute), and
 * raised as a {@link SystemAlert} of severity {@value SystemAlert#SEVERITY_CRITICAL} from source
 * {@value #ALERT_SOURCE} in {@code system_alerts}: the first drop at once, later ones at most once per
 * {@link #DEFAULT_DROP_ALERT_INTERVAL alert interval}, each alert with the number dropped since the previous one.
 */
public final class AuditLogger extends IdentifiedRecorder<AuditEntry> {

    /** The name of this recorder in counters and logs. */
    public static final String COMPONENT = "audit";
    /** The source of the alerts raised when audit entries are dropped. */
    public static final String ALERT_SOURCE = "liteobs.audit";
    /** The shortest time between two drop alerts by default: one minute. */
    public static final Duration DEFAULT_DROP_ALERT_INTERVAL = Duration.ofMinutes(1);

    AuditLogger(ObservabilityStore store, Clock clock, IdGenerator ids, RedactionPolicy redaction,
                RecorderOptions options, Duration dropAlertInterval, BatchWriter writer, boolean ownsWriter) {
        super(store, clock, ids, redaction, writer, ownsWriter,
                writer.register(new RecordQueue<>(COMPONENT, options, WriteBatch.Buffer::audit, null)));
        writer.addAlarm(new DropAlarm(queue, options, ALERT_SOURCE, dropAlertInterval, ids, clock));
    }

    /**
     * A builder for an audit logger of its own over {@code store}, with its own writer thread. The store stays the
     * caller's to close. To record audit entries beside the other recorders, use {@link LiteObs#audit()}.
     *
     * @param store the store to write to; it stays the caller's to close
     * @return a builder for an audit logger of its own over {@code store}, with its own writer thread
     */
    public static Builder builder(ObservabilityStore store) {
        return new Builder(store);
    }

    /**
     * Writes the entry and waits until it is committed, up to the configured wait
     * ({@link RecorderOptions#maxWait()}).
     *
     * @param entry the entry; null is rejected
     * @return {@link LogResult#COMMITTED} once durable, or why not: {@link LogResult#DROPPED} when as many writes
     *         as the queue's capacity are already waiting for the writer
     */
    public LogResult log(AuditEntry entry) {
        if (queue.dropIfClosed()) {
            return LogResult.CLOSED;
        }
        AuditEntry valid = normalise(entry);
        return valid == null ? LogResult.REJECTED : queue.writeAndWait(valid);
    }

    /**
     * Queues the entry; it is committed within one flush interval.
     *
     * @param entry the entry; null is rejected
     * @return whether it was queued (false: rejected, dropped on overflow, or the logger is closed)
     */
    public boolean logAsync(AuditEntry entry) {
        return offer(entry);
    }

    /**
     * Starts an entry describing one call, finished by {@link Operation#logAsync()} or {@link Operation#log()}:
     * parameters and result serialised as JSON, status {@value AuditEntry#STATUS_ERROR} with the error's message
     * and class when an error is given, {@value AuditEntry#STATUS_SUCCESS} otherwise.
     *
     * <pre>{@code
     * audit.operation("payments", "charge").userId(user).requestId(requestId)
     *         .parameters(order).result(receipt).duration(elapsed).logAsync();
     * }</pre>
     *
     * @param component the part of the service: a non-blank name, else the entry is rejected when logged
     * @param operation what was done: a non-blank name, else the entry is rejected when logged
     * @return the operation's entry, to which parameters, result, error and duration are added before it is logged
     */
    public Operation operation(String component, String operation) {
        return new Operation(AuditEntry.builder(component, operation));
    }

    /**
     * One call to audit, as {@link #operation} starts it; every setting may be left out or given null. Not
     * thread-safe: one call, one {@code Operation}.
     */
    public final class Operation {
        private final AuditEntry.Builder entry;

        private Operation(AuditEntry.Builder entry) {
            this.entry = entry;
        }

        /**
         * Who called.
         *
         * @param userId who called
         * @return this operation
         */
        public Operation userId(@Nullable String userId) {
            entry.userId(userId);
            return this;
        }

        /**
         * The request the call served, to find every entry of one request.
         *
         * @param requestId the request the call served, to find every entry of one request
         * @return this operation
         */
        public Operation requestId(@Nullable String requestId) {
            entry.requestId(requestId);
            return this;
        }

        /**
         * The input, any Jackson-serialisable object, or JSON text.
         *
         * @param parameters the input, any Jackson-serialisable object, or JSON text
         * @return this operation
         */
        public Operation parameters(@Nullable Object parameters) {
            entry.parameters(parameters);
            return this;
        }

        /**
         * The output, any Jackson-serialisable object, or JSON text.
         *
         * @param result the output, any Jackson-serialisable object, or JSON text
         * @return this operation
         */
        public Operation result(@Nullable Object result) {
            entry.result(result);
            return this;
        }

        /**
         * The failure: the entry's status becomes {@value AuditEntry#STATUS_ERROR}; null for a success.
         *
         * @param error the failure
         * @return this operation
         */
        public Operation error(@Nullable Throwable error) {
            entry.error(error);
            return this;
        }

        /**
         * How long the call took.
         *
         * @param duration how long the call took
         * @return this operation
         */
        public Operation duration(@Nullable Duration duration) {
            entry.duration(duration);
            return this;
        }

        /**
         * Queues the entry, as {@link AuditLogger#logAsync} does.
         *
         * @return whether it was queued
         */
        public boolean logAsync() {
            return AuditLogger.this.logAsync(entry.build());
        }

        /**
         * Writes the entry and waits for its commit, as {@link AuditLogger#log} does.
         *
         * @return whether the entry was committed, and if not, why
         */
        public LogResult log() {
            return AuditLogger.this.log(entry.build());
        }
    }

    /**
     * The stored entries matching the query. Entries still queued are not seen.
     *
     * @param query which entries: range, filters, order and page
     * @return the stored entries matching the query
     * @throws io.liteobs.spi.StoreException when the store cannot be read
     */
    public List<AuditEntry> query(AuditQuery query) {
        return store.findAudit(Objects.requireNonNull(query, "query"));
    }

    @Override
    @Nullable AuditEntry normalise(AuditEntry entry) {
        if (entry == null) {
            return rejected("entry", Rejection.Problem.MISSING);
        }
        if (!isName("component", entry.component()) || !isName("operation", entry.operation())
                || !isName("status", entry.status()) || !isTime(entry.timestampMillis(), AuditEntry.UNSET_TIME)) {
            return null;
        }
        long timestamp = timestampOrNow(entry.timestampMillis(), AuditEntry.UNSET_TIME);
        String id = idOrNew(entry.id(), timestamp);
        if (id == null) {
            return null;
        }
        Long duration = entry.durationMillis() == null || entry.durationMillis() < 0 ? null : entry.durationMillis();
        return new AuditEntry(id, timestamp, entry.component(), entry.operation(), entry.status(),
                shortText(entry.userId()), shortText(entry.sessionId()), shortText(entry.requestId()),
                json(entry.parametersJson()), json(entry.resultJson()),
                shortText(entry.errorCode()), longText(entry.errorMessage()), duration,
                json(entry.metadataJson()));
    }

    /** Builds an {@link AuditLogger} of its own; defaults: {@link RecorderOptions#AUDIT_DEFAULT}. */
    public static final class Builder extends IdentifiedRecorder.Builder<Builder> {
        private Duration dropAlertInterval = DEFAULT_DROP_ALERT_INTERVAL;

        private Builder(ObservabilityStore store) {
            super(store, RecorderOptions.AUDIT_DEFAULT);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The shortest time between two alerts about dropped entries; {@link #DEFAULT_DROP_ALERT_INTERVAL}.
         *
         * @param interval the shortest time between two alerts about dropped entries
         * @return this builder
         */
        public Builder dropAlertInterval(Duration interval) {
            this.dropAlertInterval = Checks.positive("dropAlertInterval", interval);
            return this;
        }

        /**
         * A logger with its own writer thread, running.
         *
         * @return a logger with its own writer thread, running
         */
        public AuditLogger build() {
            return new AuditLogger(store, clock, ids, redaction, options, dropAlertInterval, newWriter(COMPONENT),
                    true);
        }
    }
}
