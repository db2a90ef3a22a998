package io.liteobs;

/** The kinds of data a store keeps, one table each; retention is set per kind. */
public enum DataKind {
    /** Audit entries ({@code audit_log}). */
    AUDIT,
    /** Metric points ({@code metrics_timeseries}); series descriptions stay. */
    METRICS,
    /** Business events ({@code business_event_logs}). */
    EVENTS,
    /** Worker heartbeats ({@code worker_heartbeats}). */
    HEARTBEATS,
    /** System alerts ({@code system_alerts}). */
    ALERTS,
    /** HTTP request logs ({@code http_request_logs}). */
    HTTP_REQUESTS
}
