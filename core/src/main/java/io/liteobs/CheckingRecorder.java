package io.liteobs;

import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.Json;
import io.liteobs.internal.RecordQueue;
import io.liteobs.internal.Rejection;
import io.liteobs.internal.Text;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A recorder whose entries are checked one by one before they are queued: refused once closed, then validated,
 * cleaned, redacted and stamped by {@link #normalise}, or counted as rejected, with the reason, when invalid.
 *
 * @param <T> the entry
 */
abstract class CheckingRecorder<T> extends Recorder {

    final RecordQueue<T> queue;
    final RedactionPolicy redaction;

    /** @param queue the recorder's queue, already registered with {@code writer} */
    CheckingRecorder(ObservabilityStore store, Clock clock, RedactionPolicy redaction, BatchWriter writer,
                     boolean ownsWriter, RecordQueue<T> queue) {
        super(store, clock, writer, ownsWriter);
        this.queue = queue;
        this.redaction = redaction;
    }

    /**
     * The entry ready to store: valid, cleaned, redacted and stamped; null when it is rejected, which it has then
     * counted ({@link #rejected}). Never throws.
     */
    abstract @Nullable T normalise(T entry);

    /**
     * Queues the entry once normalised.
     *
     * @return whether it was queued (false: rejected, dropped on overflow, or the recorder is closed)
     */
    final boolean offer(T entry) {
        if (queue.dropIfClosed()) {
            return false;
        }
        T valid = normalise(entry);
        return valid != null && queue.offer(valid);
    }

    /** Counts the entry as rejected for what is wrong with one field; null, for {@link #normalise} to return. */
    final @Nullable T rejected(String field, Rejection.Problem problem) {
        queue.reject(new Rejection(field, problem));
        return null;
    }

    /** Whether the field holds a required name; when it does not, the entry is counted as rejected. */
    final boolean isName(String field, @Nullable String value) {
        Rejection.Problem problem = Text.nameProblem(value);
        if (problem != null) {
            rejected(field, problem);
        }
        return problem == null;
    }

    /**
     * Whether the caller's timestamp is {@code unset} or not before {@link Rejection#EARLIEST_TIMESTAMP_MILLIS};
     * when it is earlier, the entry is counted as rejected. A timestamp the clock stamps is not checked.
     */
    final boolean isTime(long timestampMillis, long unset) {
        if (timestampMillis == unset || timestampMillis >= Rejection.EARLIEST_TIMESTAMP_MILLIS) {
            return true;
        }
        rejected("timestampMillis", Rejection.Problem.BEFORE_2000);
        return false;
    }

    @Override
    final RecordQueue<?>[] queues() {
        return new RecordQueue<?>[] {queue};
    }

    /** Short optional text, cleaned, redacted and cut; line breaks are replaced. */
    final @Nullable String shortText(@Nullable String value) {
        return Json.redactText(value, Text.MAX_SHORT, false, redaction);
    }

    /** Long optional text, cleaned, redacted and cut; line breaks are kept. */
    final @Nullable String longText(@Nullable String value) {
        return Json.redactText(value, Text.MAX_LONG, true, redaction);
    }

    /** Caller JSON, always valid, bounded and redacted. */
    final @Nullable String json(@Nullable String value) {
        return Json.normalise(value, redaction);
    }

    /** The caller's timestamp, or now when the caller left it {@code unset}. */
    final long timestampOrNow(long timestampMillis, long unset) {
        return timestampMillis == unset ? clock.millis() : timestampMillis;
    }

    /** The builder of a checking recorder. */
    abstract static class Builder<B extends Builder<B>> extends RecorderBuilder<B> {
        RedactionPolicy redaction = RedactionPolicy.defaults();

        Builder(ObservabilityStore store, RecorderOptions defaultOptions) {
            super(store, defaultOptions);
        }

        /** What is kept out of the file; {@link RedactionPolicy#defaults()} unless set. */
        public B redaction(RedactionPolicy policy) {
            this.redaction = Objects.requireNonNull(policy, "redaction");
            return self();
        }
    }
}
