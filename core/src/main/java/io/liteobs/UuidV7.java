package io.liteobs;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * UUID version 7 ids (RFC 9562) that are monotonic per generator: after the 48-bit timestamp, the 12 bits of
 * {@code rand_a} and the first 52 bits of {@code rand_b} hold a 64-bit counter (RFC 9562 section 6.2, method 1,
 * a dedicated counter), the last 10 bits are random. The counter starts at a random value below 2<sup>63</sup> and
 * takes one step per id, so it never rolls over; it is not reset when the millisecond changes, so ids of one
 * millisecond sort in the order they were made even when entries with other timestamps come in between. One atomic
 * increment per id: thread-safe and lock-free.
 */
final class UuidV7 implements IdGenerator {

    /** The first timestamp that does not fit the 48 bits of the id: 2<sup>48</sup> ms, in the year 10889. */
    static final long TIMESTAMP_LIMIT = 1L << 48;

    private static final long LOW_52_BITS = (1L << 52) - 1;
    private static final long VARIANT = 0x8000000000000000L;

    private final AtomicLong counter = new AtomicLong(ThreadLocalRandom.current().nextLong() >>> 1);

    @Override
    public String nextId(long timestampMillis) {
        if (timestampMillis < 0 || timestampMillis >= TIMESTAMP_LIMIT) {
            throw new IllegalArgumentException("a UUIDv7 holds epoch milliseconds from 0 to 2^48 - 1 (the year 10889),"
                    + " got " + timestampMillis + (timestampMillis >= TIMESTAMP_LIMIT
                    ? ": is it in microseconds or nanoseconds?" : ""));
        }
        long count = counter.getAndIncrement();
        long mostSignificant = (timestampMillis << 16) | 0x7000L | (count >>> 52);
        long leastSignificant = VARIANT | ((count & LOW_52_BITS) << 10)
                | (ThreadLocalRandom.current().nextInt() & 0x3FFL);
        return new UUID(mostSignificant, leastSignificant).toString();
    }

    @Override
    public String toString() {
        return "IdGenerator.uuidV7()";
    }
}
