package io.liteobs.sqlite;

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
import io.liteobs.Labels;
import io.liteobs.LatestValue;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.SeriesPoint;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.StoreReader;
import java.nio.file.Path;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Reads a LiteObs SQLite file without ever changing it: for tools that only read, such as a report or a check over
 * the file of a running service. {@link SqliteStore} answers its own queries through the same
 * code, on its pool of reading connections.
 *
 * <pre>{@code
 * try (SqliteReader reader = SqliteReader.open(Path.of("/var/lib/orders/observability.db"))) {
 *     List<AuditEntry> failures = reader.findAudit(AuditQuery.builder().status("error").build());
 * }
 * }</pre>
 *
 * <p>A reader creates nothing and writes nothing: no folder, no file, no schema migration, no {@code journal_mode}
 * change, no disk reserve. Its connections are opened read-only ({@code SQLITE_OPEN_READONLY}) and
 * {@code query_only}; each lives for one query, which costs a few hundred microseconds to open, a price made for
 * tools rather than hot paths. While a service writes the file in WAL mode, a query shares its {@code -wal} and
 * {@code -shm} files and sees its latest commit. When no {@code -wal} lies beside the file, nobody is writing it;
 * a query then opens it {@code immutable}, so that SQLite creates no {@code -wal} or {@code -shm} file, and reads
 * again if a writer came in meanwhile.
 *
 * <p>A file of an older schema version, written by an earlier release, is read as it is, never migrated: what its
 * version lacks reads as absent — a column as null (or as the value its migration would give the rows, such as a
 * request's path as its route), a table as empty. Which tables, columns and indexes the file holds is read once,
 * when the reader opens; a file migrated by a service while the reader is open shows its new columns to a reader
 * opened after that.
 *
 * <p>Opening refuses, with a {@link StoreException} whose message names the file and what to do, a missing file,
 * one that is not a SQLite database, another application's database, an empty one, and one whose schema is newer
 * than this LiteObs reads ({@link #READS_UP_TO}).
 *
 * <p>Thread-safe. Every method throws {@link StoreException} on failure, of kind
 * {@link StoreException.Kind#CLOSED} once the reader is closed.
 */
public final class SqliteReader implements StoreReader {

    /** The newest schema version this LiteObs reads and writes; a reader reads every version up to it. */
    public static final int READS_UP_TO = Migrations.LATEST_VERSION;

    /** How many label sets {@link #latestValues} remembers before it starts afresh. */
    private static final int LABELS_REMEMBERED = 100_000;
    private static final String POINT_AT_A_STORE = "Point the reader at the file a LiteObs store writes.";

    private final Path file;
    private final ReadConnections connections;
    private final StoredSchema schema;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The labels {@link #latestValues} parsed, by their JSON: a scrape asks for the same series every time. */
    private final Map<String, Labels> labelsByJson = new ConcurrentHashMap<>();

    SqliteReader(Path file, ReadConnections connections, StoredSchema schema) {
        this.file = file;
        this.connections = connections;
        this.schema = schema;
    }

    /**
     * Opens {@code file} for reading only.
     *
     * @param file the database file of a LiteObs store; never null
     * @return a reader of the file; the caller closes it
     * @throws StoreException of kind {@link StoreException.Kind#UNAVAILABLE} when the file does not exist or cannot
     *                        be read now, {@link StoreException.Kind#INCOMPATIBLE} when it is not a SQLite
     *                        database, is another application's database, is empty, or has a schema newer than
     *                        this LiteObs reads; the message names the file and what to do
     */
    public static SqliteReader open(Path file) {
        Path absolute = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
        ReadOnlyFile connections = ReadOnlyFile.of(absolute, SqliteStore.DEFAULT_BUSY_TIMEOUT_MILLIS);
        try {
            StoredSchema schema = connections.withConnection(connection ->
                    StoredSchema.read(connection, readableVersion(connection, absolute)));
            return new SqliteReader(absolute, connections, schema);
        } catch (SQLException e) {
            connections.close();
            throw SqlErrors.translate(absolute, "opening", e);
        } catch (RuntimeException e) {
            connections.close();
            throw e;
        }
    }

    /** The file's schema version; refuses a file this library cannot read. Only reads. */
    private static int readableVersion(Connection connection, Path file) throws SQLException {
        DatabaseFile.Contents contents;
        try {
            contents = DatabaseFile.Contents.of(connection);
        } catch (SQLException e) {
            if (DatabaseFile.isNotADatabase(e)) {
                throw DatabaseFile.notADatabase(file, POINT_AT_A_STORE, e);
            }
            throw e;
        }
        if (contents.foreign()) {
            throw DatabaseFile.foreign(file, POINT_AT_A_STORE);
        }
        if (contents.empty()) {
            throw DatabaseFile.refusal(file, "is an empty SQLite database: no LiteObs store has written to it",
                    POINT_AT_A_STORE, null);
        }
        int version = Migrations.storedVersion(connection, file);
        if (version == 0) {
            throw DatabaseFile.refusal(file, "records no schema version: a LiteObs store was creating it and"
                    + " stopped before it was done", "Open it once with SqliteStore, which finishes it.", null);
        }
        return version;
    }

    /**
     * The database file, as an absolute path.
     *
     * @return the database file, as an absolute path
     */
    public Path file() {
        return file;
    }

    /**
     * The schema version of the file, as it was when the reader opened it: from 1 to {@link #READS_UP_TO}. An older
     * file is read as it is; {@link SqliteStore} migrates it when it opens it.
     *
     * @return the version stored in the file
     */
    public int schemaVersion() {
        return schema.version();
    }

    /** The tables, columns and indexes of the file, read when the reader opened. */
    StoredSchema schema() {
        return schema;
    }

    /** The database file's name, for thread names and log messages. */
    @Override
    public String name() {
        return file.getFileName().toString();
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

    /** The matching points of all matching series aggregated per bucket in SQL, oldest first. */
    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        Objects.requireNonNull(query, "query");
        return read("downsample query", connection -> MetricQueries.downsample(connection, schema, query));
    }

    /** Each series' aggregate over the window, in one query that walks each series' points in the window. */
    @Override
    public List<WindowAggregate> aggregateWindow(WindowQuery query) {
        Objects.requireNonNull(query, "query");
        return read("window query", connection -> MetricQueries.aggregateWindow(connection, query));
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(@Nullable String name) {
        return read("metric metadata query", connection -> MetricQueries.findMetadata(connection, name));
    }

    /** One query: each recent series and, by one seek of the clustered points table, its latest point. */
    @Override
    public List<LatestValue> latestValues(long seenSinceMillis, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (labelsByJson.size() > LABELS_REMEMBERED) {
            labelsByJson.clear();
        }
        return read("latest values query", connection -> MetricQueries.latestValues(connection, seenSinceMillis,
                limit, labelsByJson));
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        Objects.requireNonNull(query, "query");
        return read("event query", connection -> EventTable.find(connection, query));
    }

    @Override
    public List<HttpRequest> findHttpRequests(HttpRequestQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP request query", connection -> HttpRequestTable.find(connection, schema, query));
    }

    /** Exact per-route statistics, computed in SQL over every request in range; see {@link HttpRequestTable}. */
    @Override
    public List<HttpRouteStats> httpRouteStats(HttpStatsQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP statistics query", connection -> HttpRequestTable.stats(connection, schema, query));
    }

    /** Counted in SQL, in one GROUP BY over the requests in range; see {@link HttpRequestTable}. */
    @Override
    public List<HttpRequestCount> countHttpRequests(HttpCountQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP count query", connection -> HttpRequestTable.count(connection, schema, query));
    }

    /** Counted in SQL, in one GROUP BY over the entries in range. */
    @Override
    public List<AuditStatusCount> countAudit(AuditCountQuery query) {
        Objects.requireNonNull(query, "query");
        return read("audit count query", connection -> AuditTable.count(connection, query));
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        return read("heartbeat query", connection -> HeartbeatTable.latest(connection, schema, workerId));
    }

    /** The newest heartbeat of every worker, ordered by worker id; reads one index entry per worker. */
    @Override
    public List<Heartbeat> latestHeartbeats() {
        return read("heartbeat query", connection -> HeartbeatTable.latestPerWorker(connection, schema));
    }

    @Override
    public List<AlertRecord> findAlerts(AlertQuery query) {
        Objects.requireNonNull(query, "query");
        return read("alert query", connection -> AlertTable.find(connection, schema, query));
    }

    @Override
    public List<NotificationAttempt> findNotificationAttempts(NotificationQuery query) {
        Objects.requireNonNull(query, "query");
        return read("notification query", connection -> AlertStateTables.findAttempts(connection, schema, query));
    }

    /** The stored state of an alert rule, for the store. */
    AlertRuleState loadAlertState(String ruleId) {
        Objects.requireNonNull(ruleId, "ruleId");
        return read("alert state query", connection -> AlertStateTables.load(connection, ruleId));
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

    /** The row count of each kind's table, counted in one consistent snapshot. */
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

    /** The rows of {@code metrics_metadata}: one per series, kept when retention deletes its points. */
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

    /**
     * Closes the reading connections. Idempotent and thread-safe; every later query throws {@link StoreException}
     * of kind {@link StoreException.Kind#CLOSED}.
     */
    @Override
    public void close() {
        if (!closed.getAndSet(true)) {
            connections.close();
        }
    }

    /**
     * Runs a query on a reading connection. Every failure comes out as a {@link StoreException}: stored data that
     * cannot be read back (an unknown metric type, labels that are not JSON) as {@link
     * StoreException.Kind#INCOMPATIBLE}.
     */
    <T> T read(String action, SqlFunction<Connection, T> query) {
        if (closed.get()) {
            throw SqlErrors.closed(file);
        }
        try {
            return connections.withConnection(query);
        } catch (SQLException e) {
            throw closed.get() ? SqlErrors.closed(file) : SqlErrors.translate(file, action, e);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException(StoreException.Kind.INCOMPATIBLE, action + " on " + file
                    + " found stored data it cannot read: " + e, e);
        }
    }
}
