package io.liteobs.internal;

import io.liteobs.IdGenerator;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.common.internal.ThrottledLogger;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an {@link IdGenerator} on behalf of the library, where nothing may throw into the caller: an id is returned
 * only when the generator returned one that is valid as a caller's id would be ({@link Text#requiredName}); a
 * generator that throws or returns an invalid id gives no id, and a warning naming the generator is logged at most
 * once a minute. Thread-safe, as the generator is.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class CheckedIds {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedIds.class);
    private static final IdGenerator FALLBACK = IdGenerator.uuidV7();
    /** The last millisecond a UUIDv7 holds. */
    private static final long LAST_UUID_V7_MILLIS = (1L << 48) - 1;

    private final IdGenerator generator;
    private final ThrottledLogger warnings = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);

    /** @param generator the generator to run; never null */
    public CheckedIds(IdGenerator generator) {
        this.generator = Objects.requireNonNull(generator, "generator");
    }

    /** The generator this runs. */
    public IdGenerator generator() {
        return generator;
    }

    /**
     * A new id for an entry stamped at {@code timestampMillis}.
     *
     * @return the id, or null when the generator threw or returned a null, blank or oversized id or one with
     *         control characters: the entry it was for is to be rejected
     */
    public @Nullable String next(long timestampMillis) {
        String id;
        try {
            id = generator.nextId(timestampMillis);
        } catch (Exception e) {
            if (warnings.tryAcquire()) {
                LOG.warn("Id generator {} failed for timestamp {}; the entry is rejected", LogSafe.text(generator),
                        timestampMillis, LogSafe.throwable(e));
            }
            return null;
        }
        String valid = Text.requiredName(id);
        if (valid == null && warnings.tryAcquire()) {
            LOG.warn("Id generator {} returned an invalid id for timestamp {}: {}; ids must be non-blank, without"
                    + " control characters, at most {} characters. The entry is rejected", LogSafe.text(generator),
                    timestampMillis, id == null ? "null" : "\"" + Text.shortText(id) + "\" (" + id.length()
                            + " characters)", Text.MAX_SHORT);
        }
        return valid;
    }

    /**
     * A new id for something that must not be lost for want of one, such as a system alert: the generator's id
     * when it gives a valid one, otherwise a {@link IdGenerator#uuidV7()} id (for a timestamp clamped to what a
     * UUIDv7 holds).
     */
    public String nextOrUuidV7(long timestampMillis) {
        String id = next(timestampMillis);
        return id != null ? id : FALLBACK.nextId(Math.min(Math.max(0, timestampMillis), LAST_UUID_V7_MILLIS));
    }

    @Override
    public String toString() {
        return "CheckedIds[" + generator + "]";
    }
}
