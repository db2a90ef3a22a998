package io.liteobs;

/** The direction of a query's ordering. */
public enum SortDirection {
    /** Smallest first. */
    ASC,
    /** Largest first. */
    DESC
}
