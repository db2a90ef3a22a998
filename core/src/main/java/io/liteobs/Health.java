package io.liteobs;

import java.time.Instant;
import java.util.Objects;

/**
 * Whether LiteObs can write to its store, and if not, why and since when. A degraded LiteObs keeps accepting
 * entries into its bounded queues (their overflow policy applies) and retries the store on its own; it becomes
 * healthy again with the first successful write.
 *
 * <pre>{@code
 * Health health = liteObs.health();
 * if (health.status() == Health.Status.DEGRADED) {
 *     log.warn("observability store degraded since {}: {}", health.since(), health.reason());
 * }
 * }</pre>
 *
 * @param status what state the writer is in
 * @param reason why it is not {@link Status#OK}: the store's last failure, naming the file and the SQLite result
 *               code; null when OK
 * @param since  when the current failure began (the first failed attempt), on the {@code LiteObs} clock; null when
 *               OK
 */
public record Health(Status status, String reason, Instant since) {

    /** The state of the writer. */
    public enum Status {
        /** The latest write succeeded, or none has failed yet. */
        OK,
        /**
         * The store cannot write now (locked past the busy timeout, disk full, read-only, damaged): entries wait in
         * the queues and the writer retries.
         */
        DEGRADED,
        /** {@code close()} was called: recording is a counted no-op. */
        CLOSED
    }

    /** The healthy state. */
    public static final Health OK = new Health(Status.OK, null, null);

    /**
     * @throws NullPointerException when the status is null
     */
    public Health {
        Objects.requireNonNull(status, "status");
    }

    /** Whether the writer is {@link Status#OK}. */
    public boolean isOk() {
        return status == Status.OK;
    }
}
