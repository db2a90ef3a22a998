package io.liteobs.postgres;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.AuditCountQuery;
import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.AuditStatusCount;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.SeriesPoint;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.StoreReader;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads a LiteObs PostgreSQL database without ever changing it: for the command line, the HTTP server and reports
 * over a fleet's data. Its connections are read-only (pgjdbc's {@code readOnlyMode=always}: every statement runs in
 * a read-only transaction), so a reader can also point at a read replica. {@link PostgresStore} answers its own
 * queries through the same code.
 *
 * <pre>{@code
 * PostgresOptions replica = PostgresOptions.of("jdbc:postgresql://replica.internal/observability");
 * try (PostgresReader reader = PostgresReader.open(replica)) {
 *     List<AuditEntry> failures = reader.findAudit(AuditQuery.builder().status("error").build());
 * }
 * }</pre>
 *
 * <p>Queries span every service and instance writing the database.
 *
 * <p>Thread-safe. Every method throws {@link StoreException} on failure, of kind
 * {@link StoreException.Kind#CLOSED} once the reader is closed.
 */
public final class PostgresReader implements StoreReader {

    private final Database database;

    PostgresReader(Database database) {
        this.database = database;
    }

    /**
     * Opens a reader of the database; {@link PostgresOptions#service()} and {@link PostgresOptions#instance()} do
     * not matter to it.
     *
     * @param options where to connect; never null
     * @throws StoreException of kind {@link StoreException.Kind#UNAVAILABLE} when the server cannot be reached,
     *                        {@link StoreException.Kind#INCOMPATIBLE} when it refuses the credentials, or when the
     *                        schema holds no LiteObs tables, or tables of another schema version than this LiteObs
     *                        reads; the message names the database and what to do
     */
    public static PostgresReader open(PostgresOptions options) {
        Objects.requireNonNull(options, "options");
        Database database = Database.open(options, "liteobs-reader " + options.databaseName(), true);
        try {
            int version = database.read("reading the schema version",
                    connection -> Migrations.storedVersion(connection, database.name()));
            if (version != Migrations.LATEST_VERSION) {
                throw Migrations.refusal(database.name(), version == 0 ? "has no LiteObs tables"
                        : "has schema version " + version + ", older than the version " + Migrations.LATEST_VERSION
                                + " this LiteObs reads", "Open it once with PostgresStore, which creates or migrates"
                        + " the tables, or check the database and currentSchema in the JDBC URL.");
            }
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return new PostgresReader(database);
    }

    /** The database: host, port, database name and schema, without credentials. */
    @Override
    public String name() {
        return database.name();
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return read("audit query", connection -> AuditTable.find(connection, query));
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        return read("metric query", connection -> MetricQueries.findPoints(connection, query));
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        Objects.requireNonNull(query, "query");
        return read("downsample query", connection -> MetricQueries.downsample(connection, query));
    }

    /** Every series of the metric, of every source; series of several instances may share name and labels. */
    @Override
    public List<MetricMetadata> findMetricMetadata(@Nullable String name) {
        return read("metric metadata query", connection -> MetricQueries.findMetadata(connection, name));
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        Objects.requireNonNull(query, "query");
        return read("event query", connection -> EventTable.find(connection, query));
    }

    @Override
    public List<HttpRequest> findHttpRequests(HttpRequestQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP request query", connection -> HttpRequestTable.find(connection, query));
    }

    /** Exact over every request in range, of every source: the percentiles are the requests at their nearest ranks. */
    @Override
    public List<HttpRouteStats> httpRouteStats(HttpStatsQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP statistics query", connection -> HttpRequestTable.stats(connection, query));
    }

    /** Counted in SQL, in one GROUP BY over the requests in range; see {@link HttpRequestTable}. */
    @Override
    public List<HttpRequestCount> countHttpRequests(HttpCountQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP count query", connection -> HttpRequestTable.count(connection, query));
    }

    /** Counted in SQL, in one GROUP BY over the entries in range. */
    @Override
    public List<AuditStatusCount> countAudit(AuditCountQuery query) {
        Objects.requireNonNull(query, "query");
        return read("audit count query", connection -> AuditTable.count(connection, query));
    }

    @Override
    public List<AlertRecord> findAlerts(AlertQuery query) {
        Objects.requireNonNull(query, "query");
        return read("alert query", connection -> AlertTable.find(connection, query));
    }

    @Override
    public List<NotificationAttempt> findNotificationAttempts(NotificationQuery query) {
        Objects.requireNonNull(query, "query");
        return read("notification query", connection -> AlertStateTables.findAttempts(connection, query));
    }

    /** The stored state of an alert rule, for {@link PostgresStore#loadAlertState}. */
    AlertRuleState loadAlertState(String ruleId) {
        Objects.requireNonNull(ruleId, "ruleId");
        return read("alert state of " + ruleId, connection -> AlertStateTables.load(connection, ruleId));
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        return read("heartbeat query", connection -> HeartbeatTable.latest(connection, workerId));
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        return read("heartbeat query", HeartbeatTable::latestPerWorker);
    }

    /**
     * The newest timestamp of one kind: the greatest, through the timestamp index, for audit entries, events,
     * alerts and HTTP requests; the latest inserted for heartbeats; the greatest last-seen time of any series for
     * metric points.
     */
    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        Objects.requireNonNull(kind, "kind");
        String sql = switch (kind) {
            case METRICS -> "SELECT max(last_seen) FROM " + Schema.METRICS_METADATA;
            case HEARTBEATS -> "SELECT timestamp FROM " + Schema.HEARTBEATS + " ORDER BY id DESC LIMIT 1";
            default -> "SELECT max(timestamp) FROM " + Schema.tableOf(kind);
        };
        return read("newest timestamp of " + kind, connection -> {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                if (!row.next()) {
                    return OptionalLong.empty();
                }
                long newest = row.getLong(1);
                return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(newest);
            }
        });
    }

    /**
     * The row count of each kind's table, counted in one statement and so in one snapshot. PostgreSQL counts by
     * reading the table (or its smallest index): on a large database, this is a query for a report, not for a
     * dashboard refreshed every few seconds.
     */
    @Override
    public Map<DataKind, Long> rowCounts() {
        DataKind[] kinds = DataKind.values();
        String sql = Arrays.stream(kinds)
                .map(kind -> "(SELECT count(*) FROM " + Schema.tableOf(kind) + ")")
                .collect(Collectors.joining(", ", "SELECT ", ""));
        return read("row count", connection -> {
            Map<DataKind, Long> counts = new EnumMap<>(DataKind.class);
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
                row.next();
                for (int i = 0; i < kinds.length; i++) {
                    counts.put(kinds[i], row.getLong(i + 1));
                }
            }
            return Collections.unmodifiableMap(counts);
        });
    }

    /** The rows of {@code metrics_metadata}: one per series and source, kept when retention deletes its points. */
    @Override
    public long seriesCount() {
        return read("series count", connection -> {
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("SELECT count(*) FROM " + Schema.METRICS_METADATA)) {
                row.next();
                return row.getLong(1);
            }
        });
    }

    /** Closes the connections. Idempotent and thread-safe. */
    @Override
    public void close() {
        database.close();
    }

    /**
     * Runs a query on a connection of the pool. Stored data that cannot be read back (an unknown metric type, labels
     * that are not JSON) fails as {@link StoreException.Kind#INCOMPATIBLE}.
     */
    <T> T read(String action, SqlFunction<Connection, T> query) {
        try {
            return database.read(action, query);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException(StoreException.Kind.INCOMPATIBLE, action + " on " + database.name()
                    + " found stored data it cannot read: " + e, e);
        }
    }
}
