package io.liteobs;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether LiteObs can write to its store, and if not, why and since when: the library's own state, not the
 * service's health. A degraded LiteObs keeps accepting entries into its bounded queues (their overflow policy
 * applies) and retries the store on its own; it is {@link State#OK} again with the first successful write.
 *
 * <pre>{@code
 * StoreStatus store = liteObs.storeStatus();
 * if (store.state() == StoreStatus.State.DEGRADED) {
 *     log.warn("observability store degraded since {}: {}", store.since(), store.reason());
 * }
 * }</pre>
 *
 * @param state  what state the writer is in
 * @param reason why it is not {@link State#OK}: the store's last failure, naming the file and the SQLite result
 *               code; null when OK
 * @param since  when the current failure began (the first failed attempt), on the {@code LiteObs} clock; null when
 *               OK
 */
public record StoreStatus(State state, @Nullable String reason, @Nullable Instant since) {

    /** The state of the writer. */
    public enum State {
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

    /** The store takes writes. */
    public static final StoreStatus OK = new StoreStatus(State.OK, null, null);

    /**
     * @param state what state the writer is in
     * @param reason why it is not {@link State#OK}: the store's last failure, naming the file and the SQLite result
     *     code; null when OK
     * @param since when the current failure began (the first failed attempt), on the {@code LiteObs} clock; null when
     *     OK
     * @throws NullPointerException when the state is null
     */
    public StoreStatus {
        Objects.requireNonNull(state, "state");
    }

    /**
     * Whether the writer is {@link State#OK}.
     *
     * @return whether the writer is {@link State#OK}
     */
    public boolean isOk() {
        return state == State.OK;
    }
}
