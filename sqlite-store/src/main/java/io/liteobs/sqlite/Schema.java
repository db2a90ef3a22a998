package io.liteobs.sqlite;

import io.liteobs.DataKind;
import io.liteobs.RollupTier;
import io.liteobs.WorkerLiveness;
import java.util.List;

/**
 * The eight tables, their indexes and the views over them: the only place that holds DDL. Every statement is
 * idempotent ({@code IF NOT EXISTS}) so that a migration interrupted by a crash, or run by two processes in turn, is
 * safe to run again.
 * Timestamps are INTEGER epoch milliseconds everywhere; every table has an INTEGER row id, the cheapest key SQLite
 * has (a random TEXT key made inserts 4-9 times slower).
 */
final class Schema {

    /** The moment of the query in epoch milliseconds, in SQL that SQLite has understood since long before 3.38. */
    private static final String NOW_MILLIS = "CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER)";

    static final String METADATA = "_observability_metadata";
    static final String HEARTBEATS = "worker_heartbeats";
    static final String METRICS_METADATA = "metrics_metadata";
    static final String METRICS_TIMESERIES = "metrics_timeseries";
    static final String AUDIT = "audit_log";
    static final String EVENTS = "business_event_logs";
    static final String ALERTS = "system_alerts";
    static final String HTTP_REQUESTS = "http_request_logs";
    static final String ALERT_RULES = "alert_rules";
    static final String ALERT_INSTANCES = "alert_instances";
    static final String ALERT_LEASES = "alert_leases";
    static final String ALERT_NOTIFICATIONS = "alert_notifications";
    static final String ROLLUPS_MINUTE = "metrics_rollup_1m";
    static final String ROLLUPS_HOUR = "metrics_rollup_1h";

    /** Every table: the eight of the data, then those of alert rules' state, then the metric rollups. */
    static final List<String> TABLES = List.of(METADATA, HEARTBEATS, METRICS_METADATA, METRICS_TIMESERIES, AUDIT,
            EVENTS, ALERTS, HTTP_REQUESTS, ALERT_RULES, ALERT_INSTANCES, ALERT_LEASES, ALERT_NOTIFICATIONS,
            ROLLUPS_MINUTE, ROLLUPS_HOUR);

    /** Schema version 1. */
    static final List<String> VERSION_1 = List.of(
            """
            CREATE TABLE IF NOT EXISTS _observability_metadata (
                key   TEXT PRIMARY KEY, -- schema_version, created_at, library, metric_description:<metric name>
                value TEXT NOT NULL
            )""",

            """
            CREATE TABLE IF NOT EXISTS worker_heartbeats (
                id               INTEGER PRIMARY KEY,
                -- who beat, where, and how often it promised to: liveness is judged from the row alone
                worker_id        TEXT NOT NULL,
                host             TEXT,
                pid              INTEGER,
                timestamp        INTEGER NOT NULL,
                interval_ms      INTEGER NOT NULL,
                -- the JVM at that moment; memory in bytes, -1 where the JVM reports no figure
                live_threads     INTEGER,
                heap_used        INTEGER,
                heap_committed   INTEGER,
                heap_max         INTEGER,
                non_heap_used    INTEGER,
                gc_count         INTEGER,
                gc_time_ms       INTEGER,
                process_cpu_load REAL,    -- 0 to 1 across all cores; NULL when unknown
                uptime_ms        INTEGER
            )""",
            "CREATE INDEX IF NOT EXISTS idx_worker_heartbeats_worker_timestamp"
                    + " ON worker_heartbeats (worker_id, timestamp)",

            """
            CREATE TABLE IF NOT EXISTS metrics_metadata (
                series_id   INTEGER PRIMARY KEY,
                -- one row per series: the metric name and its canonical label JSON (sorted keys, Labels.toJson())
                name        TEXT NOT NULL,
                labels      TEXT NOT NULL,
                -- what the metric is: MetricType.storedName(), 'gauge' until described
                type        TEXT NOT NULL,
                unit        TEXT,
                description TEXT,
                -- the oldest and newest point timestamps written for the series
                first_seen  INTEGER NOT NULL,
                last_seen   INTEGER NOT NULL,
                UNIQUE (name, labels)
            )""",

            """
            CREATE TABLE IF NOT EXISTS metrics_timeseries (
                -- metrics_metadata.series_id. No REFERENCES clause: this is the hottest table, and the single
                -- writer only ever inserts a series_id it has just read or created in the same transaction.
                series_id INTEGER NOT NULL,
                timestamp INTEGER NOT NULL,
                -- 0, or 1, 2, ... for further points of the series in the same millisecond
                seq       INTEGER NOT NULL,
                value     REAL NOT NULL,
                PRIMARY KEY (series_id, timestamp, seq)
            ) WITHOUT ROWID""",
            // Clustered by series and time, without a row id: one b-tree instead of a table and an index, measured
            // 31 bytes a point on disk instead of 48, and a range of one series is read without row lookups.

            """
            CREATE TABLE IF NOT EXISTS audit_log (
                id            INTEGER PRIMARY KEY,
                entry_id      TEXT NOT NULL UNIQUE, -- time-ordered, globally unique; a retried batch is stored once
                timestamp     INTEGER NOT NULL,
                -- what was done, and how it ended
                component     TEXT NOT NULL,
                operation     TEXT NOT NULL,
                status        TEXT NOT NULL,
                -- who did it
                user_id       TEXT,
                session_id    TEXT,
                request_id    TEXT,
                -- JSON documents
                parameters    TEXT,
                result        TEXT,
                -- the failure, if any
                error_code    TEXT,
                error_message TEXT,
                duration_ms   INTEGER,
                metadata      TEXT -- JSON object
            )""",
            // One index per AuditQuery filter, each ending in timestamp so that the default ordering needs no sort.
            "CREATE INDEX IF NOT EXISTS idx_audit_log_timestamp ON audit_log (timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_audit_log_component_operation_timestamp"
                    + " ON audit_log (component, operation, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_audit_log_user_timestamp ON audit_log (user_id, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_audit_log_request ON audit_log (request_id)",
            "CREATE INDEX IF NOT EXISTS idx_audit_log_status_timestamp ON audit_log (status, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_audit_log_duration ON audit_log (duration_ms)",

            """
            CREATE TABLE IF NOT EXISTS business_event_logs (
                id          INTEGER PRIMARY KEY,
                event_id    TEXT NOT NULL UNIQUE, -- time-ordered, globally unique; a retried batch is stored once
                timestamp   INTEGER NOT NULL,
                -- what happened, where
                event_type  TEXT NOT NULL,
                service     TEXT NOT NULL,
                -- to what, by whom
                entity_type TEXT,
                entity_id   TEXT,
                user_id     TEXT,
                action      TEXT,
                details     TEXT, -- JSON
                success     INTEGER NOT NULL -- 1 or 0
            )""",
            "CREATE INDEX IF NOT EXISTS idx_business_event_logs_timestamp ON business_event_logs (timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_business_event_logs_type_timestamp"
                    + " ON business_event_logs (event_type, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_business_event_logs_service_timestamp"
                    + " ON business_event_logs (service, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_business_event_logs_entity_timestamp"
                    + " ON business_event_logs (entity_type, entity_id, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_business_event_logs_user_timestamp"
                    + " ON business_event_logs (user_id, timestamp)",

            """
            CREATE TABLE IF NOT EXISTS system_alerts (
                id          INTEGER PRIMARY KEY,
                alert_id    TEXT NOT NULL UNIQUE, -- time-ordered, globally unique
                timestamp   INTEGER NOT NULL,
                severity    TEXT NOT NULL,
                source      TEXT NOT NULL,
                message     TEXT NOT NULL,
                details     TEXT,   -- JSON
                resolved_at INTEGER -- NULL while the alert is open
            )""",
            "CREATE INDEX IF NOT EXISTS idx_system_alerts_timestamp ON system_alerts (timestamp)",

            """
            CREATE TABLE IF NOT EXISTS http_request_logs (
                id             INTEGER PRIMARY KEY,
                timestamp      INTEGER NOT NULL,
                -- the request and its outcome
                method         TEXT NOT NULL,
                path           TEXT NOT NULL,
                status_code    INTEGER NOT NULL,
                duration_ms    REAL,
                -- who and what asked
                request_id     TEXT,
                user_id        TEXT,
                client_ip      TEXT,
                request_bytes  INTEGER,
                response_bytes INTEGER,
                error          TEXT
            )""",
            "CREATE INDEX IF NOT EXISTS idx_http_request_logs_timestamp ON http_request_logs (timestamp)");

    /**
     * Schema version 2: views for an operator with only the {@code sqlite3} shell. Views store nothing, so writing
     * costs what it did; their SQL runs on any SQLite from 3.25 (window functions), not only the one bundled.
     */
    static final List<String> VERSION_2 = List.of(
            // Every point with its series' name, labels and unit, and its time as ISO-8601 text in UTC.
            """
            CREATE VIEW IF NOT EXISTS metric_points AS
            SELECT m.name AS name, m.labels AS labels, %s AS time, t.timestamp AS timestamp, t.value AS value,
                   m.unit AS unit, m.type AS type, t.series_id AS series_id
            FROM metrics_timeseries t JOIN metrics_metadata m ON m.series_id = t.series_id""".formatted(
                    isoTime("t.timestamp")),

            // Each worker's latest beat, judged as WorkerLiveness.judge judges it with no staleAfter given: stale
            // once the beat is older than STALE_AFTER_INTERVALS of the interval stored with it; a beat stamped
            // ahead of now is zero milliseconds old. The workers are walked as HeartbeatTable.LATEST_PER_WORKER
            // walks them, along the (worker_id, timestamp) index.
            """
            CREATE VIEW IF NOT EXISTS worker_liveness AS
            WITH RECURSIVE workers (worker) AS (
                SELECT min(worker_id) FROM worker_heartbeats
                UNION ALL
                SELECT (SELECT min(worker_id) FROM worker_heartbeats WHERE worker_id > workers.worker)
                FROM workers WHERE worker IS NOT NULL
            ),
            latest AS (
                SELECT beat.*, max(0, %s - beat.timestamp) AS age_ms, %d * max(1, beat.interval_ms) AS stale_after_ms
                FROM workers JOIN worker_heartbeats beat ON beat.id = (
                    SELECT id FROM worker_heartbeats WHERE worker_id = workers.worker
                    ORDER BY timestamp DESC, id DESC LIMIT 1)
            )
            SELECT worker_id, host, pid, age_ms <= stale_after_ms AS alive, %s AS last_beat_time,
                   timestamp AS last_beat, age_ms AS since_last_beat_ms, stale_after_ms, interval_ms
            FROM latest""".formatted(NOW_MILLIS, WorkerLiveness.STALE_AFTER_INTERVALS, isoTime("timestamp")));

    /**
     * Schema version 3: heartbeats that prove progress and record a graceful stop. A beat carries the worker's
     * progress count and when it last moved (NULL for a worker that never marks progress) and whether it was the
     * last beat of a stop; {@code worker_liveness} gains the verdict of {@link WorkerLiveness.State}. The new columns
     * and the view's new definition commit with the version, so the migration runs once.
     */
    static final List<String> VERSION_3 = List.of(
            "ALTER TABLE worker_heartbeats ADD COLUMN progress_count INTEGER",
            "ALTER TABLE worker_heartbeats ADD COLUMN progress_at INTEGER",
            "ALTER TABLE worker_heartbeats ADD COLUMN stopped INTEGER NOT NULL DEFAULT 0",
            "DROP VIEW IF EXISTS worker_liveness",

            // Each worker's latest beat, judged as WorkerLiveness.judge judges it with no staleAfter given: a stop
            // first, then staleness (older than STALE_AFTER_INTERVALS of the interval stored with the beat; a beat
            // stamped ahead of now is zero milliseconds old), then progress (the count still for more than
            // NOT_PROGRESSING_AFTER_INTERVALS intervals at the beat). The workers are walked as
            // HeartbeatTable.LATEST_PER_WORKER walks them, along the (worker_id, timestamp) index.
            """
            CREATE VIEW IF NOT EXISTS worker_liveness AS
            WITH RECURSIVE workers (worker) AS (
                SELECT min(worker_id) FROM worker_heartbeats
                UNION ALL
                SELECT (SELECT min(worker_id) FROM worker_heartbeats WHERE worker_id > workers.worker)
                FROM workers WHERE worker IS NOT NULL
            ),
            latest AS (
                SELECT beat.*, max(0, %1$s - beat.timestamp) AS age_ms,
                       %2$d * max(1, beat.interval_ms) AS stale_after_ms,
                       max(0, beat.timestamp - beat.progress_at) AS since_progress_ms
                FROM workers JOIN worker_heartbeats beat ON beat.id = (
                    SELECT id FROM worker_heartbeats WHERE worker_id = workers.worker
                    ORDER BY timestamp DESC, id DESC LIMIT 1)
            ),
            judged AS (
                SELECT latest.*, CASE
                    WHEN stopped THEN 'STOPPED'
                    WHEN age_ms > stale_after_ms THEN 'STALE'
                    WHEN since_progress_ms > %3$d * max(1, interval_ms) THEN 'NOT_PROGRESSING'
                    ELSE 'ALIVE' END AS state
                FROM latest
            )
            SELECT worker_id, host, pid, state IN ('ALIVE', 'NOT_PROGRESSING') AS alive, %4$s AS last_beat_time,
                   timestamp AS last_beat, age_ms AS since_last_beat_ms, stale_after_ms, interval_ms, state,
                   stopped, progress_count, progress_at, since_progress_ms,
                   since_progress_ms / max(1, interval_ms) AS intervals_without_progress
            FROM judged""".formatted(NOW_MILLIS, WorkerLiveness.STALE_AFTER_INTERVALS,
                    WorkerLiveness.NOT_PROGRESSING_AFTER_INTERVALS, isoTime("timestamp")));

    /**
     * Schema version 4: what HTTP request logging needs. {@code http_request_logs} gains the route template, the
     * trace id, the user agent and the query string (the last two stored only when asked for); its
     * {@code duration_ms} holds fractions of a millisecond. A row written before has its path as its route. The
     * indexes serve {@link io.liteobs.HttpRequestQuery} and {@link io.liteobs.HttpStatsQuery}; the view
     * {@code http_requests} shows each request with its time as ISO-8601 text.
     */
    static final List<String> VERSION_4 = List.of(
            // NOT NULL needs a default to be added; the store always writes a route, and the rows of an older file,
            // which have none, get their path as their route below.
            "ALTER TABLE http_request_logs ADD COLUMN route TEXT NOT NULL DEFAULT ''",
            "ALTER TABLE http_request_logs ADD COLUMN trace_id TEXT",
            "ALTER TABLE http_request_logs ADD COLUMN user_agent TEXT",
            "ALTER TABLE http_request_logs ADD COLUMN query TEXT",
            "UPDATE http_request_logs SET route = path WHERE route = ''",
            // Per-route statistics read this index alone, in the order their window needs: route, method, duration.
            "CREATE INDEX IF NOT EXISTS idx_http_request_logs_route_stats"
                    + " ON http_request_logs (route, method, duration_ms, timestamp, status_code)",
            // Partial: a request id or user is often absent (a user is stored only when asked for), and a row
            // without one costs these indexes nothing.
            "CREATE INDEX IF NOT EXISTS idx_http_request_logs_request ON http_request_logs (request_id)"
                    + " WHERE request_id IS NOT NULL",
            "CREATE INDEX IF NOT EXISTS idx_http_request_logs_user_timestamp ON http_request_logs (user_id, timestamp)"
                    + " WHERE user_id IS NOT NULL",
            """
            CREATE VIEW IF NOT EXISTS http_requests AS
            SELECT %s AS time, method, route, path, status_code, duration_ms, request_id, trace_id, user_id,
                   client_ip, user_agent, query, request_bytes, response_bytes, error, timestamp, id
            FROM http_request_logs""".formatted(isoTime("timestamp")));

    /**
     * Schema version 5: alert rules. {@code system_alerts} gains the columns of a rule's alert instance (the library's
     * own alerts leave them NULL, {@code evaluations} 0); the state of each instance, each rule's latest evaluation,
     * the lease that elects one evaluator among the processes sharing the file, and every attempt at delivering a
     * notification get tables of their own. ALTER TABLE cannot say IF NOT EXISTS: the migration runs in one
     * transaction with the version it records, so it never runs twice.
     */
    static final List<String> VERSION_5 = List.of(
            "ALTER TABLE system_alerts ADD COLUMN rule_id TEXT",     // NULL for the library's own alerts
            "ALTER TABLE system_alerts ADD COLUMN fingerprint TEXT", // the rule and label set of the instance
            "ALTER TABLE system_alerts ADD COLUMN labels TEXT",      // canonical label JSON of the instance
            "ALTER TABLE system_alerts ADD COLUMN value REAL",       // latest value; NULL when there is none
            "ALTER TABLE system_alerts ADD COLUMN updated_at INTEGER",
            "ALTER TABLE system_alerts ADD COLUMN evaluations INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX IF NOT EXISTS idx_system_alerts_open ON system_alerts (timestamp) WHERE resolved_at IS NULL",
            "CREATE INDEX IF NOT EXISTS idx_system_alerts_rule_timestamp ON system_alerts (rule_id, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_system_alerts_severity_timestamp ON system_alerts (severity, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_system_alerts_source_timestamp ON system_alerts (source, timestamp)",

            """
            CREATE TABLE IF NOT EXISTS alert_rules (
                rule_id        TEXT PRIMARY KEY,
                last_evaluated INTEGER NOT NULL -- the latest committed evaluation
            )""",

            """
            CREATE TABLE IF NOT EXISTS alert_instances (
                rule_id       TEXT NOT NULL,
                fingerprint   TEXT NOT NULL,
                labels        TEXT NOT NULL,
                -- NULL when not so: when the condition began to hold, when it began to fire, the latest
                -- evaluation that found it holding, the latest notification handed to delivery
                pending_since INTEGER,
                firing_since  INTEGER,
                last_held     INTEGER,
                last_notified INTEGER,
                alert_id      TEXT, -- system_alerts.alert_id of the open alert
                PRIMARY KEY (rule_id, fingerprint)
            ) WITHOUT ROWID""",

            """
            CREATE TABLE IF NOT EXISTS alert_leases (
                name       TEXT PRIMARY KEY,
                holder     TEXT NOT NULL,
                expires_at INTEGER NOT NULL
            )""",

            """
            CREATE TABLE IF NOT EXISTS alert_notifications (
                id              INTEGER PRIMARY KEY,
                notification_id TEXT NOT NULL,    -- the same for every attempt at one notification
                rule_id         TEXT NOT NULL,
                alert_ids       TEXT NOT NULL,    -- the alert ids, separated by spaces
                status          TEXT NOT NULL,    -- firing or resolved
                destination     TEXT NOT NULL,    -- the URL without query string and user information
                attempt         INTEGER NOT NULL, -- 1, 2, ...; 0 when never tried
                timestamp       INTEGER NOT NULL, -- when the attempt ended
                outcome         TEXT NOT NULL,    -- NotificationAttempt.Outcome
                http_status     INTEGER NOT NULL, -- 0 without a response
                error           TEXT,
                truncated       INTEGER NOT NULL  -- 1 when the payload was cut to its cap
            )""",
            "CREATE INDEX IF NOT EXISTS idx_alert_notifications_timestamp ON alert_notifications (timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_alert_notifications_rule_timestamp"
                    + " ON alert_notifications (rule_id, timestamp)",
            "CREATE INDEX IF NOT EXISTS idx_alert_notifications_notification ON alert_notifications (notification_id)");

    /**
     * Schema version 6: metric rollups, one table per {@link RollupTier}, each row the mergeable aggregates of one
     * series' points in one bucket. Clustered by series and bucket without a row id, as the points are, so that a
     * range of one series is one walk of one b-tree. Version 7 adds no table: its migration records what the rollups
     * of an older file lack ({@link Rollups#recordGaps}), which the rollup step fills after the store opens.
     */
    static final List<String> VERSION_6 = List.of(rollupTable(ROLLUPS_MINUTE), rollupTable(ROLLUPS_HOUR));

    /**
     * Schema version 8: each series' <em>raw minutes</em> ({@link RawMinutes}), {@code [raw_minutes_from,
     * raw_minutes_until)}, in which the minute tier keeps no row of the series and its points are read in the
     * rows' place. A series of few points a minute (a meter a registry publishes every minute, or every 10 seconds)
     * would otherwise write a minute row, wider than its points, as they come. The migration gives every
     * series the raw minutes that begin after the newest point the file holds
     * ({@link RawMinutes#startAfterNewestPoint}).
     */
    static final List<String> VERSION_8 = List.of(
            "ALTER TABLE metrics_metadata ADD COLUMN raw_minutes_from INTEGER",  // NULL: every point in the rows
            "ALTER TABLE metrics_metadata ADD COLUMN raw_minutes_until INTEGER"); // NULL: no end

    private Schema() {
    }

    private static String rollupTable(String name) {
        return """
            CREATE TABLE IF NOT EXISTS %s (
                series_id      INTEGER NOT NULL, -- metrics_metadata.series_id
                bucket_start   INTEGER NOT NULL, -- a multiple of the tier's bucket width since the epoch
                point_count    INTEGER NOT NULL, -- at least 1: a bucket without points has no row
                value_sum      REAL NOT NULL,
                value_min      REAL NOT NULL,
                value_max      REAL NOT NULL,
                -- the bucket's latest point (the highest seq of its millisecond): merging a late point needs its time
                last_value     REAL NOT NULL,
                last_timestamp INTEGER NOT NULL,
                PRIMARY KEY (series_id, bucket_start)
            ) WITHOUT ROWID""".formatted(name);
    }

    /** The table of a rollup tier. */
    static String tableOf(RollupTier tier) {
        return switch (tier) {
            case MINUTE -> ROLLUPS_MINUTE;
            case HOUR -> ROLLUPS_HOUR;
        };
    }

    /** Epoch milliseconds as ISO-8601 text in UTC with milliseconds, {@code 2025-10-09T08:53:20.000Z}. */
    private static String isoTime(String millis) {
        return "strftime('%%Y-%%m-%%dT%%H:%%M:%%S', %1$s / 1000, 'unixepoch') || printf('.%%03dZ', %1$s %% 1000)"
                .formatted(millis);
    }

    /**
     * What a column that a later schema version added reads as in a file written before it: what that version's
     * migration gives the rows it finds there. A reader of an older file selects this in the column's place.
     */
    static String readWithout(String table, String column) {
        return switch (table + "." + column) {
            case HTTP_REQUESTS + ".route" -> "path"; // version 4 gives a request logged before it its path as route
            case HEARTBEATS + ".stopped", ALERTS + ".evaluations" -> "0"; // their DEFAULT
            default -> "NULL";
        };
    }

    /**
     * The table that keeps one kind of data; its rows carry a {@code timestamp}, and all but
     * {@code metrics_timeseries} (clustered by series and time) an {@code id} row id.
     */
    static String tableOf(DataKind kind) {
        return switch (kind) {
            case AUDIT -> AUDIT;
            case METRICS -> METRICS_TIMESERIES;
            case EVENTS -> EVENTS;
            case HEARTBEATS -> HEARTBEATS;
            case ALERTS -> ALERTS;
            case HTTP_REQUESTS -> HTTP_REQUESTS;
        };
    }
}
