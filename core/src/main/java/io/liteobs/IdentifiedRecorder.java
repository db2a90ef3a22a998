package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.Text;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.util.Objects;

/** A recorder whose entries leave the process and so carry a unique, time-ordered id: audit entries, events. */
abstract class IdentifiedRecorder extends Recorder {

    private final IdGenerator ids;

    IdentifiedRecorder(ObservabilityStore store, Clock clock, IdGenerator ids, BatchWriter writer,
                       boolean ownsWriter) {
        super(store, clock, writer, ownsWriter);
        this.ids = ids;
    }

    /** The caller's timestamp, or now when the caller left it {@code unset}. */
    final long timestampOrNow(long timestampMillis, long unset) {
        return timestampMillis == unset ? clock.millis() : timestampMillis;
    }

    /** The caller's id if it is a valid name, a generated one when the caller gave none, null when invalid. */
    final String idOrNew(String callerId, long timestampMillis) {
        return callerId == null ? ids.nextId(timestampMillis) : Text.requiredName(callerId);
    }

    /** The builder of a recorder with ids. */
    abstract static class Builder<B extends Builder<B>> extends RecorderBuilder<B> {
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
