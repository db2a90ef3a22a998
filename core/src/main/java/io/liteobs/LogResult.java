package io.liteobs;

/** The outcome of a synchronous write. */
public enum LogResult {
    /** Committed to the store. */
    COMMITTED,
    /** Refused as invalid; counted as rejected. */
    REJECTED,
    /** The store refused the entry or could not take it; counted as failed. */
    FAILED,
    /** Not committed within the wait; the entry stays pending and is written later. */
    TIMED_OUT,
    /**
     * Not handed to the writer: as many writes as the queue's capacity were already waiting for it (the store is
     * slower than the callers, or cannot write); counted as dropped.
     */
    DROPPED,
    /** The recorder was closed; counted as dropped. */
    CLOSED
}
