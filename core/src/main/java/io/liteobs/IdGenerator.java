package io.liteobs;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Makes the globally unique, time-ordered text ids of audit entries and business events. Implementations are
 * thread-safe and fast: they run on the recording thread.
 *
 * <p>A generated id is checked like a caller's: should the generator throw, or return a null or blank id, one with
 * control characters or one longer than 256 characters, the entry is rejected and counted as such
 * ({@link RecorderStats#rejected()}), a warning naming the generator is logged (at most once a minute), and
 * nothing is thrown into the recording thread. The generator is asked only for an entry that is otherwise valid.
 */
@FunctionalInterface
public interface IdGenerator {

    /**
     * A new id for an entry stamped at {@code timestampMillis}.
     *
     * @return a non-blank id of at most 256 characters, without control characters
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
