package io.liteobs.sqlite;

import static io.liteobs.store.tck.Entries.T0;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.stream.IntStream;

/**
 * Files as earlier releases wrote them, for the tests of this module and of the readers of such files (the command
 * line): the migrations of each version up to the one asked for, the metadata, then rows. Shared through this
 * module's test jar.
 */
public final class OlderFiles {

    /** The worker of {@link #SAMPLE_ROWS}'s heartbeat. */
    public static final String WORKER = "orders";
    /** The metric of {@link #SAMPLE_ROWS}'s two points, 1.5 at T0 and 2.5 a second later, label region=eu. */
    public static final String METRIC = "orders.latency";
    /** The path of {@link #SAMPLE_ROWS}'s HTTP request, which files before version 4 read as its route. */
    public static final String PATH = "/orders/7";

    /**
     * A row of every table the first schema version has, at {@code Entries.T0}, in the columns of version 1 that
     * every later version still has: a file of any version takes them.
     */
    public static final String[] SAMPLE_ROWS = {
        "INSERT INTO worker_heartbeats (worker_id, host, pid, timestamp, interval_ms, live_threads, heap_used,"
                + " heap_committed, heap_max, non_heap_used, gc_count, gc_time_ms, process_cpu_load, uptime_ms)"
                + " VALUES ('" + WORKER + "', 'app-1', 4242, " + T0 + ", 10000, 12, 100, 200, 300, 50, 3, 40, 0.25,"
                + " 60000)",
        "INSERT INTO metrics_metadata (series_id, name, labels, type, unit, description, first_seen, last_seen)"
                + " VALUES (1, '" + METRIC + "', '{\"region\":\"eu\"}', 'gauge', 'ms', 'order latency', " + T0
                + ", " + (T0 + 1_000) + ")",
        "INSERT INTO metrics_timeseries (series_id, timestamp, seq, value) VALUES (1, " + T0 + ", 0, 1.5), (1, "
                + (T0 + 1_000) + ", 0, 2.5)",
        "INSERT INTO audit_log (entry_id, timestamp, component, operation, status, user_id, duration_ms)"
                + " VALUES ('a-1', " + T0 + ", 'orders', 'create', 'error', 'alice', 12)",
        "INSERT INTO business_event_logs (event_id, timestamp, event_type, service, entity_type, entity_id,"
                + " success) VALUES ('e-1', " + T0 + ", 'order.created', 'orders', 'order', 'o-1', 1)",
        "INSERT INTO system_alerts (alert_id, timestamp, severity, source, message) VALUES ('al-1', " + T0
                + ", 'warning', 'liteobs.audit', 'audit entries dropped')",
        "INSERT INTO http_request_logs (timestamp, method, path, status_code, duration_ms, request_id, user_id)"
                + " VALUES (" + T0 + ", 'GET', '" + PATH + "', 500, 12.5, 'r-1', 'alice')"};

    private OlderFiles() {
    }

    /** The schema version this LiteObs writes. */
    public static int latestVersion() {
        return Migrations.LATEST_VERSION;
    }

    /** Every version before {@link #latestVersion()}, oldest first: those a released build could have written. */
    public static IntStream olderVersions() {
        return IntStream.range(1, Migrations.LATEST_VERSION);
    }

    /**
     * Writes the file as the release of that schema version wrote it: its migrations' statements, its metadata, then
     * the given rows. The file is left in SQLite's default rollback journal mode, with no {@code -wal} beside it.
     */
    public static void write(Path file, int version, String... rows) throws SQLException {
        for (Migrations.Migration migration : Migrations.ALL) {
            if (migration.version() <= version) {
                execute(file, migration.statements().toArray(String[]::new));
            }
        }
        execute(file, "INSERT INTO _observability_metadata (key, value) VALUES ('schema_version', '" + version + "'),"
                + " ('library', '" + Migrations.LIBRARY + "'), ('created_at', '" + T0 + "')");
        execute(file, rows);
    }

    private static void execute(Path file, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
