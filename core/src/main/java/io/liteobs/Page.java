package io.liteobs;

import io.liteobs.internal.Checks;

/**
 * Which part of a query's ordered results to return: at most {@code limit} results, after skipping {@code offset}
 * of them. The queries that page through entries, {@link AuditQuery} and {@link EventQuery}, each hold one.
 *
 * <pre>{@code
 * AuditQuery thirdPage = AuditQuery.builder().limit(50).offset(100).build();
 * Page page = thirdPage.page(); // new Page(50, 100)
 * }</pre>
 *
 * @param limit  the most results returned, 1 to {@value #MAX_LIMIT}
 * @param offset how many results to skip first, 0 or more
 */
public record Page(int limit, int offset) {

    /** The limit when none is set. */
    public static final int DEFAULT_LIMIT = 100;
    /** The largest limit accepted. */
    public static final int MAX_LIMIT = 100_000;
    /** The first {@value #DEFAULT_LIMIT} results. */
    public static final Page DEFAULT = new Page(DEFAULT_LIMIT, 0);

    /**
     * @param offset how many results to skip first, 0 or more
     * @param limit the most results returned, 1 to {@value #MAX_LIMIT}
     * @throws IllegalArgumentException naming {@code limit} or {@code offset} when it is out of range
     *
     */
    public Page {
        Checks.inRange("limit", limit, 1, MAX_LIMIT);
        Checks.inRange("offset", offset, 0, Integer.MAX_VALUE);
    }

    /**
     * The first {@code limit} results.
     *
     * @param limit the most results returned, 1 to {@value #MAX_LIMIT}
     * @return the first {@code limit} results
     */
    public static Page first(int limit) {
        return new Page(limit, 0);
    }
}
