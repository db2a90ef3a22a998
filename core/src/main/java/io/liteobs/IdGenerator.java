package io.liteobs;

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
     * @param timestampMillis the entry's timestamp, epoch milliseconds
     * @return a non-blank id of at most 256 characters, without control characters
     */
    String nextId(long timestampMillis);

    /**
     * UUID version 7 (RFC 9562): 48 bits of epoch milliseconds, then a counter and random bits, so that ids sort by
     * time to the millisecond and, within one millisecond, in the order this generator made them; they never
     * collide in practice. Entries are read back ordered by timestamp, then id: entries of one millisecond come
     * back in the order they were recorded. The default; each call returns a generator with a counter of its own.
     *
     * <p>The generator throws {@link IllegalArgumentException} for a timestamp below 0 or from 2<sup>48</sup> ms
     * (the year 10889) on, which is what microseconds or nanoseconds passed as milliseconds look like; a recorder
     * rejects such an entry.
     *
     * @return UUID version 7 (RFC 9562)
     */
    static IdGenerator uuidV7() {
        return new UuidV7();
    }
}
