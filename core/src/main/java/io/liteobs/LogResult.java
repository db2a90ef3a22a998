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
    /** The recorder was closed; counted as dropped. */
    CLOSED
}
