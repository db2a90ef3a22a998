package io.liteobs;

/**
 * The kinds of data a store keeps; retention is set per kind, and {@link io.liteobs.spi.StoreReader#rowCounts()}
 * counts rows per kind. How a store lays each kind out (a table, a partitioned table, files) is its own affair.
 */
public enum DataKind {
    /** Audit entries. */
    AUDIT,
    /** Metric points; the series they belong to stay described when their points are deleted. */
    METRICS,
    /** Business events. */
    EVENTS,
    /** Worker heartbeats. */
    HEARTBEATS,
    /**
     * Alerts: those the library raises about itself, and those of alert rules, with what alerting keeps besides
     * (delivery attempts, the state of rules no longer evaluated); retention never deletes an open alert of a rule,
     * nor its state.
     */
    ALERTS,
    /** HTTP requests served. */
    HTTP_REQUESTS
}
