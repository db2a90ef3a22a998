package io.liteobs;

/** How the points of one downsampling bucket become one value. */
public enum Aggregation {
    /** The arithmetic mean. */
    AVG,
    /** The smallest value. */
    MIN,
    /** The largest value. */
    MAX,
    /** The sum of the values. */
    SUM,
    /** The number of points. */
    COUNT,
    /** The value with the latest timestamp. */
    LAST
}
