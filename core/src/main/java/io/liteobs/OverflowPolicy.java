package io.liteobs;

/** What a recorder does with an entry when its queue is full. */
public enum OverflowPolicy {
    /** Drop the entry and count it as dropped; the caller never waits. */
    DROP,
    /** Wait up to {@link RecorderOptions#maxWait()} for room, then drop and count. */
    BLOCK,
    /**
     * Hand the entry straight to the writer and wait, up to {@link RecorderOptions#maxWait()}, until it is
     * committed: the caller pays for the write, nothing is dropped. An entry still unwritten when the wait ends
     * stays pending and is written later.
     */
    CALLER_WRITES
}
