package io.liteobs.sqlite;

import io.liteobs.DataKind;
import io.liteobs.Heartbeat;
import io.liteobs.Labels;
import io.liteobs.Page;
import io.liteobs.RollupTier;
import io.liteobs.SortDirection;
import io.liteobs.SystemAlert;
import io.liteobs.TimeRange;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an operator's tool reads from a LiteObs file beyond the queries of {@link io.liteobs.spi.StoreReader}: the
 * file's size and contents table by table, the library's own alerts, heartbeats over time, and how many rows a
 * retention policy would delete. Reads through a {@link SqliteReader}, so it never changes the file either.
 *
 * <pre>{@code
 * try (SqliteReader reader = SqliteReader.open(Path.of("orders-obs.db"))) {
 *     SqliteFileStats stats = SqliteFileInspector.of(reader).stats(5);
 * }
 * }</pre>
 */
public final class SqliteFileInspector {

    /** The most series {@link #stats(int)} ranks by volume. */
    public static final int MAX_BUSIEST_SERIES = 1_000;

    private final SqliteReader reader;

    private SqliteFileInspector(SqliteReader reader) {
        this.reader = reader;
    }

    /**
     * An inspector reading through {@code reader}, which stays the caller's to close.
     *
     * @param reader the reader of the file to inspect
     * @return an inspector reading through {@code reader}, which stays the caller's to close
     */
    public static SqliteFileInspector of(SqliteReader reader) {
        return new SqliteFileInspector(Objects.requireNonNull(reader, "reader"));
    }

    /**
     * The file's tables, sizes and busiest series, read in one snapshot. Counting rows and ranking series reads
     * every metric point's index entry: about a second for ten million points. The bytes per table come from
     * SQLite's {@code dbstat} table, which reads every page; where SQLite lacks it they are null.
     *
     * @param busiestSeries how many of the series with the most points to list, 0 to {@value #MAX_BUSIEST_SERIES}
     * @return the file's tables, sizes and busiest series, read in one snapshot
     * @throws IllegalArgumentException when {@code busiestSeries} is out of range
     * @throws io.liteobs.spi.StoreException when the file cannot be read
     */
    public SqliteFileStats stats(int busiestSeries) {
        if (busiestSeries < 0 || busiestSeries > MAX_BUSIEST_SERIES) {
            throw new IllegalArgumentException("busiestSeries must be 0 to " + MAX_BUSIEST_SERIES + ", got "
                    + busiestSeries);
        }
        Path file = reader.file();
        return reader.read("file statistics", connection -> {
            Map<String, Long> bytes = bytesPerTable(connection);
            List<SqliteFileStats.TableStats> tables = new ArrayList<>();
            for (String table : Schema.TABLES) {
                if (!reader.schema().hasTable(table)) {
                    continue; // added by a later schema version than the file's
                }
                long[] times = timeRange(connection, table);
                tables.add(new SqliteFileStats.TableStats(table, count(connection, table), bytes.get(table),
                        times == null ? null : times[0], times == null ? null : times[1]));
            }
            return new SqliteFileStats(file, Migrations.storedVersion(connection, file),
                    pragma(connection, "page_size"), pragma(connection, "page_count"),
                    pragma(connection, "freelist_count"), sizeOf(file), sizeOf(sibling(file, "-wal")),
                    sizeOf(sibling(file, "-reserve")), tables, count(connection, Schema.METRICS_METADATA),
                    busiest(connection, busiestSeries));
        });
    }

    /**
     * The alerts in {@code system_alerts} that match the query.
     *
     * @param query which alerts: range, severity, source and page
     * @return the alerts in {@code system_alerts} that match the query
     * @throws io.liteobs.spi.StoreException when the file cannot be read
     */
    public List<StoredAlert> alerts(SystemAlertQuery query) {
        Objects.requireNonNull(query, "query");
        String order = Select.keyword(query.direction());
        Select select = new Select("SELECT alert_id, timestamp, severity, source, message, details, resolved_at FROM "
                + Schema.ALERTS)
                .whereWithin("timestamp", query.range())
                .whereEquals("severity", query.severity())
                .whereEquals("source", query.source());
        if (query.openOnly()) {
            select.where("resolved_at IS NULL");
        }
        select.append("ORDER BY timestamp " + order + ", id " + order)
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset());
        return reader.read("alert query", connection -> select.list(connection, row -> new StoredAlert(
                new SystemAlert(row.getString("alert_id"), row.getLong("timestamp"), row.getString("severity"),
                        row.getString("source"), row.getString("message"), row.getString("details")),
                Jdbc.getLong(row, "resolved_at"))));
    }

    /**
     * The heartbeats of one worker, or of every worker, over a time range: the history behind
     * {@link SqliteReader#latestHeartbeat}. Ordered by time in {@code direction}, ties broken by insertion order.
     *
     * @param workerId the worker; null for every worker
     * @param range the time range
     * @param direction oldest or newest first
     * @param page which of the ordered beats are returned
     * @return the heartbeats of one worker, or of every worker, over a time range
     * @throws io.liteobs.spi.StoreException when the file cannot be read
     */
    public List<Heartbeat> heartbeats(@Nullable String workerId, TimeRange range, SortDirection direction,
            Page page) {
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(page, "page");
        String order = Select.keyword(Objects.requireNonNull(direction, "direction"));
        Select select = new Select("SELECT " + HeartbeatTable.columns(reader.schema()) + " FROM " + Schema.HEARTBEATS)
                .whereEquals("worker_id", workerId)
                .whereWithin("timestamp", range)
                .append("ORDER BY timestamp " + order + ", id " + order)
                .append("LIMIT ? OFFSET ?", page.limit(), page.offset());
        return reader.read("heartbeat history query", connection -> select.list(connection, HeartbeatTable::read));
    }

    /**
     * One page of one series' points in range, oldest first, in the order of the table's key, for reading a series
     * whole without holding it in memory: pass the last point of a page as {@code after} to get the next one.
     *
     * @param seriesId the series, as {@link io.liteobs.MetricMetadata#seriesId()} gives it
     * @param range the time range
     * @param after    the last point of the previous page; null for the first page
     * @param limit    the most points returned, at least 1
     * @return one page of one series' points in range, oldest first, in the order of the table's key, for reading a
     *     series whole without holding it in memory
     * @throws io.liteobs.spi.StoreException when the file cannot be read
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
        return reader.read("points of series " + seriesId, connection -> select.list(connection,
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

    /**
     * How many rows of a kind have a timestamp before the cutoff: what a retention run with that cutoff deletes.
     *
     * @param kind the kind of rows, which names the table
     * @param cutoffMillis rows stamped before this epoch millisecond are counted
     * @return how many rows of a kind have a timestamp before the cutoff
     * @throws io.liteobs.spi.StoreException when the file cannot be read
     */
    public long rowsOlderThan(DataKind kind, long cutoffMillis) {
        Objects.requireNonNull(kind, "kind");
        Select select = new Select("SELECT count(*) FROM " + Schema.tableOf(kind)).where("timestamp < ?",
                cutoffMillis);
        return reader.read("counting rows of " + kind + " before " + cutoffMillis,
                connection -> select.list(connection, row -> row.getLong(1)).get(0));
    }

    /**
     * How many buckets of a rollup tier start before the cutoff: what a retention run with that cutoff deletes; 0 in
     * a file of a schema version without rollups.
     *
     * @param tier         the rollup tier, which names the table
     * @param cutoffMillis buckets that start before this epoch millisecond are counted
     * @return how many buckets of the tier start before the cutoff
     * @throws io.liteobs.spi.StoreException when the file cannot be read
     */
    public long rollupBucketsOlderThan(RollupTier tier, long cutoffMillis) {
        Objects.requireNonNull(tier, "tier");
        String table = Schema.tableOf(tier);
        return reader.read("counting buckets of " + table + " before " + cutoffMillis, connection -> {
            if (new Select("SELECT count(*) FROM sqlite_schema").where("type = 'table' AND name = ?", table)
                    .list(connection, row -> row.getLong(1)).get(0) == 0) {
                return 0L;
            }
            return new Select("SELECT count(*) FROM " + table).where("bucket_start < ?", cutoffMillis)
                    .list(connection, row -> row.getLong(1)).get(0);
        });
    }

    /**
     * The bytes of each table's pages and its indexes' pages, from {@code dbstat}; empty when this SQLite was built
     * without it.
     */
    private static Map<String, Long> bytesPerTable(Connection connection) throws SQLException {
        Map<String, Long> bytes = new HashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT s.tbl_name, sum(d.pgsize) FROM dbstat d"
                     + " JOIN sqlite_schema s ON s.name = d.name GROUP BY s.tbl_name")) {
            while (rows.next()) {
                bytes.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            if (!String.valueOf(e.getMessage()).contains("no such table: dbstat")) {
                throw e;
            }
        }
        return bytes;
    }

    /** The oldest and newest timestamp of a table, each read through an index; null when it has none. */
    private static long @Nullable [] timeRange(Connection connection, String table) throws SQLException {
        String sql = switch (table) {
            case Schema.METRICS_TIMESERIES -> "SELECT min(first_seen), max(last_seen) FROM " + Schema.METRICS_METADATA;
            // the (worker_id, timestamp) index does not order by time alone: the row ids do, as beats are inserted
            case Schema.HEARTBEATS -> "SELECT (SELECT timestamp FROM " + table + " ORDER BY id LIMIT 1),"
                    + " (SELECT timestamp FROM " + table + " ORDER BY id DESC LIMIT 1)";
            case Schema.AUDIT, Schema.EVENTS, Schema.ALERTS, Schema.HTTP_REQUESTS ->
                    "SELECT min(timestamp), max(timestamp) FROM " + table;
            default -> null;
        };
        if (sql == null) {
            return null;
        }
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(sql)) {
            row.next();
            long oldest = row.getLong(1);
            return row.wasNull() ? null : new long[] {oldest, row.getLong(2)};
        }
    }

    private static long count(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** A pragma that reads one number; the name is one of this class's constants. */
    private static long pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getLong(1);
        }
    }

    /** The series with the most points: walks the (series_id, timestamp, seq) key once, without sorting points. */
    private static List<SqliteFileStats.SeriesVolume> busiest(Connection connection, int limit) throws SQLException {
        if (limit == 0) {
            return List.of();
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                SELECT m.series_id, m.name, m.labels, v.points
                FROM (SELECT series_id, count(*) AS points FROM metrics_timeseries GROUP BY series_id
                      ORDER BY points DESC, series_id LIMIT ?) v
                JOIN metrics_metadata m ON m.series_id = v.series_id
                ORDER BY v.points DESC, m.series_id""")) {
            statement.setInt(1, limit);
            List<SqliteFileStats.SeriesVolume> series = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    series.add(new SqliteFileStats.SeriesVolume(rows.getLong(1), rows.getString(2),
                            Labels.fromJson(rows.getString(3)), rows.getLong(4)));
                }
            }
            return series;
        }
    }

    private static Path sibling(Path file, String suffix) {
        return file.resolveSibling(file.getFileName() + suffix);
    }

    /** The size of a file beside the database; 0 when it does not exist (or vanished meanwhile). */
    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }
}
