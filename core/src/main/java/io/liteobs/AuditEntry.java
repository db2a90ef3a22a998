package io.liteobs;

import io.liteobs.internal.EpochMillis;
import io.liteobs.internal.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One audited operation: who did what, with which parameters, and how it ended.
 *
 * <pre>{@code
 * audit.logAsync(AuditEntry.builder("orders", "cancel")
 *         .userId("alice").requestId(requestId)
 *         .parameters(Map.of("orderId", "o-1001"))
 *         .duration(Duration.ofMillis(42))
 *         .build());
 * }</pre>
 *
 * <p>Before it is recorded an entry may have no id ({@code null}) and no timestamp ({@link #UNSET_TIME}); the
 * logger stamps both. JSON fields hold JSON text; the logger keeps invalid or oversized JSON as a JSON string.
 *
 * @param id              time-ordered unique id, or null until recorded
 * @param timestampMillis epoch milliseconds, or {@link #UNSET_TIME} until recorded
 * @param component       the part of the service, for example {@code orders}; required
 * @param operation       what was done, for example {@code cancel}; required
 * @param status          how it ended, {@value #STATUS_SUCCESS} unless set; required
 * @param userId          who did it; may be null
 * @param sessionId       the user's session; may be null
 * @param requestId       the request that did it; may be null
 * @param parametersJson  the operation's input as JSON; may be null
 * @param resultJson      the operation's output as JSON; may be null
 * @param errorCode       a short machine-readable error code; may be null
 * @param errorMessage    the error message; may be null
 * @param durationMillis  how long the operation took; may be null
 * @param metadataJson    anything else, as a JSON object; may be null
 */
public record AuditEntry(@Nullable String id, long timestampMillis, String component, String operation,
                         String status, @Nullable String userId, @Nullable String sessionId,
                         @Nullable String requestId, @Nullable String parametersJson, @Nullable String resultJson,
                         @Nullable String errorCode, @Nullable String errorMessage, @Nullable Long durationMillis,
                         @Nullable String metadataJson) {

    /** The timestamp of an entry the logger has not stamped yet. */
    public static final long UNSET_TIME = Long.MIN_VALUE;
    /** The status of an operation that succeeded; the default. */
    public static final String STATUS_SUCCESS = "success";
    /** The status of an operation that failed; set by {@link Builder#error(Throwable)}. */
    public static final String STATUS_ERROR = "error";

    /**
     * A builder for an entry about {@code operation} in {@code component}.
     *
     * @param component the part of the service, for example {@code orders}; required
     * @param operation what was done, for example {@code cancel}; required
     * @return a builder for an entry about {@code operation} in {@code component}
     */
    public static Builder builder(String component, String operation) {
        return new Builder(component, operation);
    }

    /**
     * This entry's timestamp as an instant.
     *
     * @return this entry's timestamp as an instant
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }


    /**
     * {@link #durationMillis()} as a duration: how long the operation took.
     *
     * @return how long the operation took; null when it was not measured
     */
    public @Nullable Duration duration() {
        return EpochMillis.durationOrNull(durationMillis);
    }
    /** Builds an {@link AuditEntry}; objects given for JSON fields are serialised with Jackson when set. */
    public static final class Builder {
        private @Nullable String id;
        private long timestampMillis = UNSET_TIME;
        private final String component;
        private final String operation;
        private String status = STATUS_SUCCESS;
        private @Nullable String userId;
        private @Nullable String sessionId;
        private @Nullable String requestId;
        private @Nullable String parametersJson;
        private @Nullable String resultJson;
        private @Nullable String errorCode;
        private @Nullable String errorMessage;
        private @Nullable Long durationMillis;
        private @Nullable String metadataJson;

        private Builder(String component, String operation) {
            this.component = component;
            this.operation = operation;
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
         * How it ended, for example {@value AuditEntry#STATUS_SUCCESS}, {@code denied}.
         *
         * @param status how it ended, {@value #STATUS_SUCCESS} unless set; required
         * @return this builder
         */
        public Builder status(String status) {
            this.status = status;
            return this;
        }

        /**
         * Who did it.
         *
         * @param userId who did it; may be null
         * @return this builder
         */
        public Builder userId(@Nullable String userId) {
            this.userId = userId;
            return this;
        }

        /**
         * The user's session.
         *
         * @param sessionId the user's session; may be null
         * @return this builder
         */
        public Builder sessionId(@Nullable String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        /**
         * The request that did it.
         *
         * @param requestId the request that did it; may be null
         * @return this builder
         */
        public Builder requestId(@Nullable String requestId) {
            this.requestId = requestId;
            return this;
        }

        /**
         * The input, serialised as JSON (text holding a JSON object or array is taken as that document); or null.
         *
         * @param parameters the input, serialised as JSON (text holding a JSON object or array is taken as that document)
         * @return this builder
         */
        public Builder parameters(@Nullable Object parameters) {
            this.parametersJson = Json.fromObject(parameters);
            return this;
        }

        /**
         * The input as JSON text; may be null.
         *
         * @param json the input as JSON text
         * @return this builder
         */
        public Builder parametersJson(@Nullable String json) {
            this.parametersJson = json;
            return this;
        }

        /**
         * The output, serialised as JSON (text holding a JSON object or array is taken as that document); or null.
         *
         * @param result the output, serialised as JSON (text holding a JSON object or array is taken as that document)
         * @return this builder
         */
        public Builder result(@Nullable Object result) {
            this.resultJson = Json.fromObject(result);
            return this;
        }

        /**
         * The output as JSON text; may be null.
         *
         * @param json the output as JSON text
         * @return this builder
         */
        public Builder resultJson(@Nullable String json) {
            this.resultJson = json;
            return this;
        }

        /**
         * Marks the operation failed: status {@value AuditEntry#STATUS_ERROR}, the message (or the exception's
         * class when it has none), and the exception's class as error code unless one is set.
         *
         * @param error the failure; null leaves the entry as it is
         * @return this builder
         */
        public Builder error(@Nullable Throwable error) {
            if (error != null) {
                this.status = STATUS_ERROR;
                this.errorMessage = Objects.requireNonNullElse(error.getMessage(), error.getClass().getName());
                if (errorCode == null) {
                    errorCode = error.getClass().getSimpleName();
                }
            }
            return this;
        }

        /**
         * A machine-readable error code.
         *
         * @param errorCode a short machine-readable error code; may be null
         * @return this builder
         */
        public Builder errorCode(@Nullable String errorCode) {
            this.errorCode = errorCode;
            return this;
        }

        /**
         * A human-readable error message.
         *
         * @param errorMessage the error message; may be null
         * @return this builder
         */
        public Builder errorMessage(@Nullable String errorMessage) {
            this.errorMessage = errorMessage;
            return this;
        }

        /**
         * How long it took; null for unknown.
         *
         * @param duration how long it took
         * @return this builder
         */
        public Builder duration(@Nullable Duration duration) {
            this.durationMillis = duration == null ? null : duration.toMillis();
            return this;
        }

        /**
         * Anything else, serialised as JSON (text holding a JSON object is taken as that document); may be null.
         *
         * @param metadata anything else, serialised as JSON (text holding a JSON object is taken as that document)
         * @return this builder
         */
        public Builder metadata(@Nullable Object metadata) {
            this.metadataJson = Json.fromObject(metadata);
            return this;
        }

        /**
         * Anything else, as JSON text; may be null.
         *
         * @param json anything else, as JSON text
         * @return this builder
         */
        public Builder metadataJson(@Nullable String json) {
            this.metadataJson = json;
            return this;
        }

        /**
         * The entry; never throws: the logger validates it when it is recorded.
         *
         * @return the entry
         */
        public AuditEntry build() {
            return new AuditEntry(id, timestampMillis, component, operation, status, userId, sessionId, requestId,
                    parametersJson, resultJson, errorCode, errorMessage, durationMillis, metadataJson);
        }
    }
}
