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
import io.liteobs.Labels;
import io.liteobs.LatestValue;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.Page;
import io.liteobs.SeriesPoint;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.StoreReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
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
 * <p>Queries span every service and instance writing the database; {@link #forSource(String, String)} gives a reader
 * of what one of them wrote, and {@link #sources()} lists them:
 *
 * <pre>{@code
 * for (PostgresSource source : reader.sources()) {
 *     StoreReader instance = reader.forSource(source.service(), source.instance());
 *     System.out.println(source.instance() + ": " + instance.latestHeartbeats());
 * }
 * }</pre>
 *
 * <p>Thread-safe. Every method throws {@link StoreException} on failure, of kind
 * {@link StoreException.Kind#CLOSED} once the reader is closed.
 */
public final class PostgresReader implements StoreReader {

    /** The rows of {@code _observability_sources}, each with the newest last write of its writers. */
    private static final String SOURCES = """
            SELECT s.source_id, s.service, s.instance, s.first_seen, max(w.last_write) AS last_write
            FROM _observability_sources s LEFT JOIN _observability_writers w ON w.source_id = s.source_id""";

    /** The most series {@link #stats(int)} ranks by volume. */
    public static final int MAX_BUSIEST_SERIES = 1_000;

    /** The series with the most points, with their source: walks the (series_id, timestamp) index once. */
    private static final String BUSIEST_SERIES = """
            SELECT m.series_id, m.name, m.labels, s.service, s.instance, v.points
            FROM (SELECT series_id, count(*) AS points FROM metrics_timeseries GROUP BY series_id
                  ORDER BY points DESC, series_id LIMIT ?) v
            JOIN metrics_metadata m ON m.series_id = v.series_id
            JOIN _observability_sources s ON s.source_id = m.source_id
            ORDER BY v.points DESC, m.series_id""";

    private final Database database;
    /** The source whose rows this reader reads; null for every source. */
    private final @Nullable PostgresSource source;

    PostgresReader(Database database, @Nullable PostgresSource source) {
        this.database = database;
        this.source = source;
    }

    /**
     * Opens a reader of the database; {@link PostgresOptions#service()} and {@link PostgresOptions#instance()} do
     * not matter to it.
     *
     * @param options where to connect; never null
     * @return a reader of the database; the caller closes it
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
        return new PostgresReader(database, null);
    }

    /**
     * The database: host, port, database name and schema, without credentials; for a reader of one source, followed
     * by its service and instance.
     */
    @Override
    public String name() {
        return source == null ? database.name() : database.name() + " " + source.service() + "/" + source.instance();
    }

    /**
     * Every service instance that has opened a store on the database, ordered by service, then instance.
     *
     * @return the sources, each with when it first opened and when it last wrote
     */
    public List<PostgresSource> sources() {
        return read("source list", connection -> new Select(SOURCES)
                .append("GROUP BY s.source_id ORDER BY s.service, s.instance")
                .list(connection, PostgresReader::readSource));
    }

    /**
     * A reader of what one service instance wrote: every query answers as if the database held that source's rows
     * only — its audit entries, events, heartbeats, HTTP requests, metric series and their points, the alerts its
     * alert evaluations wrote last and the notification attempts it made. It shares this reader's connections:
     * closing it does nothing, closing this reader closes both.
     *
     * @param service  the service name the source writes as; never null
     * @param instance the instance name the source writes as; never null
     * @return a reader of the source's rows
     * @throws IllegalArgumentException when no store has opened as that service and instance; {@link #sources()}
     *                                  lists those that have
     */
    public PostgresReader forSource(String service, String instance) {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(instance, "instance");
        List<PostgresSource> found = read("source lookup", connection -> new Select(SOURCES)
                .where("s.service = ?", service).where("s.instance = ?", instance)
                .append("GROUP BY s.source_id")
                .list(connection, PostgresReader::readSource));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no store has written to " + database.name() + " as service '"
                    + service + "', instance '" + instance + "'; sources() lists those that have");
        }
        return new PostgresReader(database, found.get(0));
    }

    /**
     * The source this reader reads.
     *
     * @return the source given to {@link #forSource(String, String)}; empty for a reader of every source
     */
    public Optional<PostgresSource> source() {
        return Optional.ofNullable(source);
    }

    private static PostgresSource readSource(ResultSet row) throws SQLException {
        long lastWrite = row.getLong("last_write");
        OptionalLong written = row.wasNull() ? OptionalLong.empty() : OptionalLong.of(lastWrite);
        return new PostgresSource(row.getInt("source_id"), row.getString("service"), row.getString("instance"),
                row.getLong("first_seen"), written);
    }

    private @Nullable Integer sourceId() {
        return source == null ? null : source.sourceId();
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        return read("audit query", connection -> AuditTable.find(connection, query, sourceId()));
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        return read("metric query", connection -> MetricQueries.findPoints(connection, query, sourceId()));
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        Objects.requireNonNull(query, "query");
        return read("downsample query", connection -> MetricQueries.downsample(connection, query, sourceId()));
    }

    /**
     * Each label set's aggregate over the window, of this reader's source or of every source (their series with one
     * label set together).
     */
    @Override
    public List<WindowAggregate> aggregateWindow(WindowQuery query) {
        Objects.requireNonNull(query, "query");
        return read("window query", connection -> MetricQueries.aggregateWindow(connection, query, sourceId()));
    }

    /** Every series of the metric, of every source; series of several instances may share name and labels. */
    @Override
    public List<MetricMetadata> findMetricMetadata(@Nullable String name) {
        return read("metric metadata query", connection -> MetricQueries.findMetadata(connection, name, sourceId()));
    }

    /**
     * In one query: the series are picked by their stored last seen time, which trails their points by less than a
     * second, with a second to spare, and then by their latest point, found through the {@code (series_id,
     * timestamp)} index. Each series' last seen time is that of its latest point.
     */
    @Override
    public List<LatestValue> latestValues(long seenSinceMillis, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        return read("latest values query",
                connection -> MetricQueries.latestValues(connection, seenSinceMillis, limit, sourceId()));
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        Objects.requireNonNull(query, "query");
        return read("event query", connection -> EventTable.find(connection, query, sourceId()));
    }

    @Override
    public List<HttpRequest> findHttpRequests(HttpRequestQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP request query", connection -> HttpRequestTable.find(connection, query, sourceId()));
    }

    /** Exact over every request in range, of every source: the percentiles are the requests at their nearest ranks. */
    @Override
    public List<HttpRouteStats> httpRouteStats(HttpStatsQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP statistics query", connection -> HttpRequestTable.stats(connection, query, sourceId()));
    }

    /** Counted in SQL, in one GROUP BY over the requests in range; see {@link HttpRequestTable}. */
    @Override
    public List<HttpRequestCount> countHttpRequests(HttpCountQuery query) {
        Objects.requireNonNull(query, "query");
        return read("HTTP count query", connection -> HttpRequestTable.count(connection, query, sourceId()));
    }

    /** Counted in SQL, in one GROUP BY over the entries in range. */
    @Override
    public List<AuditStatusCount> countAudit(AuditCountQuery query) {
        Objects.requireNonNull(query, "query");
        return read("audit count query", connection -> AuditTable.count(connection, query, sourceId()));
    }

    @Override
    public List<AlertRecord> findAlerts(AlertQuery query) {
        Objects.requireNonNull(query, "query");
        return read("alert query", connection -> AlertTable.find(connection, query, sourceId()));
    }

    @Override
    public List<NotificationAttempt> findNotificationAttempts(NotificationQuery query) {
        Objects.requireNonNull(query, "query");
        return read("notification query", connection -> AlertStateTables.findAttempts(connection, query, sourceId()));
    }

    /** The stored state of an alert rule, for {@link PostgresStore#loadAlertState}. */
    AlertRuleState loadAlertState(String ruleId) {
        Objects.requireNonNull(ruleId, "ruleId");
        return read("alert state of " + ruleId, connection -> AlertStateTables.load(connection, ruleId));
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        return read("heartbeat query", connection -> HeartbeatTable.latest(connection, workerId, sourceId()));
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        return read("heartbeat query", connection -> HeartbeatTable.latestPerWorker(connection, sourceId()));
    }

    /**
     * The newest timestamp of one kind: the greatest, through the timestamp index, for audit entries, events,
     * alerts and HTTP requests; the latest inserted for heartbeats; the greatest last-seen time of any series for
     * metric points.
     */
    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        Objects.requireNonNull(kind, "kind");
        Select select = switch (kind) {
            case METRICS -> new Select("SELECT max(last_seen) FROM " + Schema.METRICS_METADATA)
                    .whereSource("source_id", sourceId());
            case HEARTBEATS -> new Select("SELECT timestamp FROM " + Schema.HEARTBEATS)
                    .whereSource("source_id", sourceId()).append("ORDER BY id DESC LIMIT 1");
            default -> new Select("SELECT max(timestamp) FROM " + Schema.tableOf(kind))
                    .whereSource("source_id", sourceId());
        };
        return read("newest timestamp of " + kind, connection -> select.list(connection, row -> {
            long newest = row.getLong(1);
            return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(newest);
        }).stream().findFirst().orElse(OptionalLong.empty()));
    }

    /**
     * The row count of each kind's table, counted in one statement and so in one snapshot. PostgreSQL counts by
     * reading the table (or its smallest index): on a large database, this is a query for a report, not for a
     * dashboard refreshed every few seconds.
     */
    @Override
    public Map<DataKind, Long> rowCounts() {
        DataKind[] kinds = DataKind.values();
        Integer sourceId = sourceId();
        String sql = Arrays.stream(kinds)
                .map(kind -> "(SELECT count(*) FROM " + Schema.tableOf(kind) + (sourceId == null ? ""
                        : kind == DataKind.METRICS ? " WHERE series_id IN (SELECT series_id FROM "
                                + Schema.METRICS_METADATA + " WHERE source_id = ?)" : " WHERE source_id = ?") + ")")
                .collect(Collectors.joining(", ", "SELECT ", ""));
        Object[] parameters = sourceId == null ? new Object[0] : Collections.nCopies(kinds.length, sourceId).toArray();
        return read("row count", connection -> new Select(sql, parameters).list(connection, row -> {
            Map<DataKind, Long> counts = new EnumMap<>(DataKind.class);
            for (int i = 0; i < kinds.length; i++) {
                counts.put(kinds[i], row.getLong(i + 1));
            }
            return Collections.unmodifiableMap(counts);
        }).get(0));
    }

    /** The rows of {@code metrics_metadata}: one per series and source, kept when retention deletes its points. */
    @Override
    public long seriesCount() {
        return read("series count", connection -> new Select("SELECT count(*) FROM " + Schema.METRICS_METADATA)
                .whereSource("source_id", sourceId())
                .list(connection, row -> row.getLong(1)).get(0));
    }

    /**
     * The heartbeats of one worker, or of every worker, of every source, over a time range: the history behind
     * {@link #latestHeartbeat}, as {@code SqliteFileInspector.heartbeats} reads it from a file. Ordered by time in
     * {@code direction}, ties broken by insertion order.
     *
     * @param workerId  the worker; null for every worker
     * @param range     the time range of the beats
     * @param direction oldest or newest first
     * @param page      which of the ordered beats are returned
     * @return the beats, at most a page of them
     */
    public List<Heartbeat> heartbeats(@Nullable String workerId, TimeRange range, SortDirection direction, Page page) {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(page, "page");
        return read("heartbeat history query", connection -> HeartbeatTable.history(connection, workerId, range,
                direction, page));
    }

    /**
     * How many rows of a kind, of every source, have a timestamp before the cutoff: what a retention run with that
     * cutoff deletes. Counts through the kind's timestamp index (BRIN for metric points).
     *
     * @param kind         the kind of data
     * @param cutoffMillis epoch milliseconds; rows stamped before it are counted
     * @return the rows older than the cutoff
     */
    public long rowsOlderThan(DataKind kind, long cutoffMillis) {
        Objects.requireNonNull(kind, "kind");
        String sql = "SELECT count(*) FROM " + Schema.tableOf(kind) + " WHERE timestamp < ?";
        return read("counting rows of " + kind + " before " + cutoffMillis, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                statement.setLong(1, cutoffMillis);
                try (ResultSet row = statement.executeQuery()) {
                    row.next();
                    return row.getLong(1);
                }
            }
        });
    }

    /**
     * What the database holds and how large its tables are, of every source whatever source this reader keeps to:
     * per table its rows, its bytes on disk ({@code pg_total_relation_size}: heap, indexes and TOAST) and its
     * oldest and newest time, counted in one statement and so in one snapshot; the schema version, the sources, the
     * series and the busiest of them. Counting reads every table, and ranking series every point's index entry: a
     * query for a report, not for a dashboard refreshed every few seconds.
     *
     * @param busiestSeries how many of the series with the most points to list, 0 to {@value #MAX_BUSIEST_SERIES}
     * @return what the database holds and how large its tables are
     * @throws IllegalArgumentException when {@code busiestSeries} is out of range
     */
    public PostgresStats stats(int busiestSeries) {
        if (busiestSeries < 0 || busiestSeries > MAX_BUSIEST_SERIES) {
            throw new IllegalArgumentException("busiestSeries must be 0 to " + MAX_BUSIEST_SERIES + ", got "
                    + busiestSeries);
        }
        String tables = Schema.TABLES.stream().map(PostgresReader::tableStatsSql)
                .collect(Collectors.joining(" UNION ALL "));
        return read("database statistics", connection -> new PostgresStats(database.name(),
                Migrations.storedVersion(connection, database.name()),
                new Select("SELECT count(*) FROM " + Schema.SOURCES).list(connection, row -> row.getLong(1)).get(0),
                new Select(tables).list(connection, row -> new PostgresStats.TableStats(row.getString(1),
                        row.getLong(2), row.getLong(3), nullableLong(row, 4), nullableLong(row, 5))),
                new Select("SELECT count(*) FROM " + Schema.METRICS_METADATA).list(connection, row -> row.getLong(1))
                        .get(0),
                busiestSeries == 0 ? List.of() : new Select(BUSIEST_SERIES, busiestSeries).list(connection,
                        row -> new PostgresStats.SeriesVolume(row.getLong("series_id"), row.getString("name"),
                                Labels.fromJson(row.getString("labels")), row.getString("service"),
                                row.getString("instance"), row.getLong("points")))));
    }

    /**
     * One row of {@link #stats(int)}'s table statement: name, rows, bytes, oldest and newest time. The times are read
     * as {@link #newestTimestamp} reads them: of metric points from their series' first and last seen times, of
     * heartbeats by insertion order, of the other timed tables through their timestamp index.
     */
    private static String tableStatsSql(String table) {
        String times = switch (table) {
            case Schema.METRICS_TIMESERIES -> "(SELECT min(first_seen) FROM " + Schema.METRICS_METADATA + "),"
                    + " (SELECT max(last_seen) FROM " + Schema.METRICS_METADATA + ")";
            case Schema.HEARTBEATS -> "(SELECT timestamp FROM " + table + " ORDER BY id LIMIT 1),"
                    + " (SELECT timestamp FROM " + table + " ORDER BY id DESC LIMIT 1)";
            case Schema.AUDIT, Schema.EVENTS, Schema.ALERTS, Schema.HTTP_REQUESTS ->
                    "(SELECT min(timestamp) FROM " + table + "), (SELECT max(timestamp) FROM " + table + ")";
            default -> "NULL::bigint, NULL::bigint";
        };
        return "SELECT '" + table + "', (SELECT count(*) FROM " + table + "), pg_total_relation_size('" + table
                + "'::regclass), " + times;
    }

    private static @Nullable Long nullableLong(ResultSet row, int column) throws SQLException {
        long value = row.getLong(column);
        return row.wasNull() ? null : value;
    }

    /**
     * One page of one series' points in range, oldest first, in the order the series' points were written, for
     * reading a series whole without holding it in memory: pass the last point of a page as {@code after} to get the
     * next one. Reads through the {@code (series_id, timestamp)} index.
     *
     * @param seriesId the series, as {@link MetricMetadata#seriesId()} gives it
     * @param range    the time range
     * @param after    the last point of the previous page; null for the first page
     * @param limit    the most points returned, at least 1
     * @return one page of the series' points in range, ordered by time, then by their order within a millisecond
     * @throws IllegalArgumentException when {@code limit} is less than 1
     */
    public List<StoredPoint> seriesPoints(long seriesId, TimeRange range, @Nullable StoredPoint after, int limit) {
        Objects.requireNonNull(range, "range");
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        Select select = new Select("SELECT timestamp, seq, value FROM " + Schema.METRICS_TIMESERIES)
                .where("series_id = ?", seriesId)
                .whereWithin("timestamp", range);
        if (after != null) {
            select.where("(timestamp, seq) > (?, ?)", after.timestampMillis(), after.seq());
        }
        select.append("ORDER BY timestamp, seq LIMIT ?", limit);
        return read("points of series " + seriesId, connection -> select.list(connection,
                row -> new StoredPoint(row.getLong(1), row.getLong(2), row.getDouble(3))));
    }

    /**
     * A stored point of one series.
     *
     * @param timestampMillis when it was observed, epoch milliseconds
     * @param seq             0, or 1, 2, ... for further points of the series in the same millisecond
     * @param value           the value
     */
    public record StoredPoint(long timestampMillis, long seq, double value) {
    }

    /** Closes the connections, unless this is a reader of one source, which shares them. Idempotent, thread-safe. */
    @Override
    public void close() {
        if (source == null) {
            database.close();
        }
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
