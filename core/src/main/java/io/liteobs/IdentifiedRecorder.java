package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.CheckedIds;
import io.liteobs.internal.Json;
import io.liteobs.internal.Text;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.util.Objects;

/** A recorder whose entries leave the process and so carry a unique, time-ordered id: audit entries, events. */
abstract class IdentifiedRecorder extends Recorder {

    private final CheckedIds ids;
    private final RedactionPolicy redaction;

    IdentifiedRecorder(ObservabilityStore store, Clock clock, IdGenerator ids, RedactionPolicy redaction,
                       BatchWriter writer, boolean ownsWriter) {
        super(store, clock, writer, ownsWriter);
        this.ids = new CheckedIds(ids);
        this.redaction = redaction;
    }

    /** Short optional text, cleaned, redacted and cut; line breaks are replaced. */
    final String shortText(String value) {
        return Json.redactText(value, Text.MAX_SHORT, false, redaction);
    }

    /** Long optional text, cleaned, redacted and cut; line breaks are kept. */
    final String longText(String value) {
        return Json.redactText(value, Text.MAX_LONG, true, redaction);
    }

    /** Caller JSON, always valid, bounded and redacted. */
    final String json(String value) {
        return Json.normalise(value, redaction);
    }

    /** The caller's timestamp, or now when the caller left it {@code unset}. */
    final long timestampOrNow(long timestampMillis, long unset) {
        return timestampMillis == unset ? clock.millis() : timestampMillis;
    }

    /**
     * The caller's id if it is a valid name, a generated one when the caller gave none; null when the caller's id
     * is invalid, or the generator failed or made an invalid id (logged). Call it once the rest of the entry is
     * known to be valid: nothing is generated for an entry that is rejected anyway. Never throws.
     */
    final String idOrNew(String callerId, long timestampMillis) {
        return callerId == null ? ids.next(timestampMillis) : Text.requiredName(callerId);
    }

    /** The builder of a recorder with ids. */
    abstract static class Builder<B extends Builder<B>> extends RecorderBuilder<B> {
        IdGenerator ids = IdGenerator.uuidV7();
        RedactionPolicy redaction = RedactionPolicy.defaults();

        Builder(ObservabilityStore store, RecorderOptions defaultOptions) {
            super(store, defaultOptions);
        }

        /** The generator of entry ids; {@link IdGenerator#uuidV7()} unless set. */
        public B idGenerator(IdGenerator generator) {
            this.ids = Objects.requireNonNull(generator, "generator");
            return self();
        }

        /** What is kept out of the file; {@link RedactionPolicy#defaults()} unless set. */
        public B redaction(RedactionPolicy policy) {
            this.redaction = Objects.requireNonNull(policy, "redaction");
            return self();
        }
    }
}
