package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.CheckedIds;
import io.liteobs.internal.RecordQueue;
import io.liteobs.internal.Rejection;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recorder whose entries leave the process and so carry a unique, time-ordered id: audit entries, events. Every
 * entry takes the steps of a {@link CheckingRecorder}, and {@link #normalise} gives it its id.
 *
 * @param <T> the entry
 */
abstract class IdentifiedRecorder<T> extends CheckingRecorder<T> {

    private final CheckedIds ids;

    /** @param queue the recorder's queue, already registered with {@code writer} */
    IdentifiedRecorder(ObservabilityStore store, Clock clock, IdGenerator ids, RedactionPolicy redaction,
                       BatchWriter writer, boolean ownsWriter, RecordQueue<T> queue) {
        super(store, clock, redaction, writer, ownsWriter, queue);
        this.ids = new CheckedIds(ids);
    }

    /**
     * The caller's id if it is a valid name, a generated one when the caller gave none; null, the entry counted as
     * rejected, when the caller's id is invalid, or the generator failed or made an invalid id (logged). Call it
     * once the rest of the entry is known to be valid: nothing is generated for an entry that is rejected anyway.
     * Never throws.
     */
    final @Nullable String idOrNew(@Nullable String callerId, long timestampMillis) {
        if (callerId != null) {
            return isName("id", callerId) ? callerId : null;
        }
        String id = ids.next(timestampMillis);
        if (id == null) {
            rejected("id", Rejection.Problem.ID_NOT_GENERATED);
        }
        return id;
    }

    /** The builder of a recorder with ids. */
    abstract static class Builder<B extends Builder<B>> extends CheckingRecorder.Builder<B> {
        IdGenerator ids = IdGenerator.uuidV7();

        Builder(ObservabilityStore store, RecorderOptions defaultOptions) {
            super(store, defaultOptions);
        }

        /** The generator of entry ids; {@link IdGenerator#uuidV7()} unless set. */
        public B idGenerator(IdGenerator generator) {
            this.ids = Objects.requireNonNull(generator, "generator");
            return self();
        }
    }
}
