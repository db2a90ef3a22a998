package io.liteobs;

/** What HTTP request query results are ordered by; ties are broken by the order requests were stored in. */
public enum HttpRequestOrder {
    /** When the request started. */
    TIME,
    /** How long the request took. */
    DURATION
}
