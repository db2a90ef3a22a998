package io.liteobs.sqlite;

import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.SeriesPoint;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * The queries of a LiteObs SQLite file, on the connections of a {@link ReadConnections} source.
 *
 * <p>Thread-safe. Every method throws {@link StoreException} on failure, of kind
 * {@link StoreException.Kind#CLOSED} once the reader is closed.
 */
final class SqliteReader implements StoreReader {

    private final Path file;
    private final ReadConnections connections;
    private final AtomicBoolean closed = new AtomicBoolean();

    SqliteReader(Path file, ReadConnections connections) {
        this.file = file;
        this.connections = connections;
    }

    /** The database file, as an absolute path. */
    public Path file() {
        return file;
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
        return read("downsample query", connection -> MetricQueries.downsample(connection, query));
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(String name) {
        return read("metric metadata query", connection -> MetricQueries.findMetadata(connection, name));
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        Objects.requireNonNull(query, "query");
        return read("event query", connection -> EventTable.find(connection, query));
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        return read("heartbeat query", connection -> HeartbeatTable.latest(connection, workerId));
    }

    /** The newest heartbeat of every worker, ordered by worker id; reads one index entry per worker. */
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
