/**
 * The SQLite store of LiteObs: {@link io.liteobs.sqlite.SqliteStore} keeps audit entries, metrics, business events
 * and heartbeats in one SQLite file, in WAL mode, with one writing connection and a pool of reading ones;
 * {@link io.liteobs.sqlite.SqliteReader} reads such a file without ever changing it.
 *
 * <p>The file holds eight tables ({@code _observability_metadata}, {@code worker_heartbeats},
 * {@code metrics_metadata}, {@code metrics_timeseries}, {@code audit_log}, {@code business_event_logs},
 * {@code system_alerts}, {@code http_request_logs}) and two views for reading it with the {@code sqlite3} shell
 * ({@code metric_points}, {@code worker_liveness}); its schema version is kept in
 * {@code _observability_metadata} and migrated forward when the store opens. Everything in this package other than
 * the public types is an implementation detail.
 */
@NullMarked
package io.liteobs.sqlite;

import org.jspecify.annotations.NullMarked;
