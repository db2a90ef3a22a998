package io.liteobs;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the globally unique, time-ordered text ids of audit entries and business events. Implementations are
 * thread-safe and fast: they run on the recording thread.
 */
@FunctionalInterface
public interface IdGenerator {

    /**
     * A new id for an entry stamped at {@code timestampMillis}.
     *
     * @return a non-blank id of at most 256 characters
     */
    String nextId(long timestampMillis);

    /**
     * UUID version 7 (RFC 9562): 48 bits of epoch milliseconds then 74 random bits, so ids sort by time to the
     * millisecond and never collide in practice. The default.
     */
    static IdGenerator uuidV7() {
        return timestampMillis -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            long mostSignificant = (timestampMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
            long leastSignificant = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
            return new UUID(mostSignificant, leastSignificant).toString();
        };
    }
}
