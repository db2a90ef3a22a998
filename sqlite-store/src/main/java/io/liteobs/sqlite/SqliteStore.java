package io.liteobs.sqlite;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
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
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;

/**
 * The LiteObs store in one SQLite file. Writes go through a single writing connection, one {@code BEGIN IMMEDIATE}
 * transaction per batch; queries run on a small pool of reading connections, which WAL mode lets read while the
 * writer writes. Several stores, in this process or others, may share a file: SQLite's lock orders their writes,
 * and a writer waits up to the busy timeout for it.
 *
 * <pre>{@code
 * try (SqliteStore store = SqliteStore.builder(Path.of("/var/lib/orders/observability.db"))
 *         .synchronous(SqliteSynchronous.FULL)
 *         .busyTimeout(Duration.ofSeconds(2))
 *         .build()) {
 *     List<AuditEntry> failures = store.findAudit(AuditQuery.builder().status("error").build());
 * }
 * }</pre>
 *
 * <p>Opening creates missing folders, and a new file readable by its owner only (on POSIX file systems), then
 * brings the schema up to date. It refuses, without modifying it, a file that is not a SQLite database, another
 * application's database (one with tables but no LiteObs metadata) and one written by a newer LiteObs. Every connection runs with {@code journal_mode=WAL}, the chosen
 * {@code synchronous} level and the busy timeout.
 *
 * <p>Thread-safe. Every method throws {@link StoreException} on failure, of kind
 * {@link StoreException.Kind#CLOSED} once the store is closed.
 */
public final class SqliteStore implements ObservabilityStore {

    /** The default {@code synchronous} level. */
    public static final SqliteSynchronous DEFAULT_SYNCHRONOUS = SqliteSynchronous.NORMAL;
    /** How long a write waits for another connection's write lock by default, in milliseconds. */
    public static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 5_000;
    /** The default number of reading connections. */
    public static final int DEFAULT_READ_POOL_SIZE = 4;
    /** The largest number of reading connections accepted. */
    public static final int MAX_READ_POOL_SIZE = 64;
    /** The size the write-ahead log is brought back to once checkpointed, by default: 64 MiB. */
    public static final long DEFAULT_WAL_SIZE_LIMIT_BYTES = 64L << 20;
    /** The disk space kept in reserve for retention on a full disk, by default: 8 MiB. */
    public static final long DEFAULT_DISK_RESERVE_BYTES = 8L << 20;
    /**
     * The page cache of the writing connection, in KiB: 64 MiB of native memory, not heap. Points of many series
     * land on as many b-tree pages per batch; measured with 1,000 series, SQLite's default 2 MiB ingested 108k
     * points a second and 64 MiB 255k.
     */
    public static final int WRITE_CACHE_KIB = 64 * 1024;
    /**
     * Pages in the write-ahead log before a commit checkpoints it (SQLite's default is 1,000): fewer, larger
     * checkpoints cost the writer thread fewer fsyncs.
     */
    public static final int WAL_AUTOCHECKPOINT_PAGES = 10_000;

    /** The shortest time HikariCP accepts to wait for a free connection. */
    private static final long MIN_POOL_TIMEOUT_MILLIS = 250;

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final Path file;
    private final WriteConnection writer;
    private final HikariDataSource readPool;
    private final MetricWriter metricWriter;
    private final WalGuard walGuard;
    private final DiskSpace diskSpace;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Set once a write, delete or checkpoint finds the file damaged: the store does not change it again. */
    private volatile StoreException damaged;

    private SqliteStore(Path file, WriteConnection writer, HikariDataSource readPool, Builder settings) {
        this.file = file;
        this.writer = writer;
        this.readPool = readPool;
        this.walGuard = new WalGuard(file, settings.walSizeLimit);
        this.diskSpace = new DiskSpace(file, settings.diskReserve, WAL_AUTOCHECKPOINT_PAGES * writer.pageSize());
        diskSpace.ensureReserve();
        this.metricWriter = new MetricWriter(file, MetricWriter.MAX_CACHED_SERIES);
    }

    /**
     * Opens the store in {@code file} with the default settings, creating the file if it is missing.
     *
     * @param file the database file; never null
     * @throws StoreException of kind {@link StoreException.Kind#UNAVAILABLE} when the file cannot be created or
     *                        opened, {@link StoreException.Kind#INCOMPATIBLE} when it is not a SQLite database, is
     *                        another application's database or was written by a newer LiteObs; the message names
     *                        the file and what to do
     */
    public static SqliteStore open(Path file) {
        return builder(file).build();
    }

    /**
     * A builder for a store in {@code file}, to choose settings other than the defaults.
     *
     * @param file the database file; never null
     */
    public static Builder builder(Path file) {
        return new Builder(file);
    }

    private static SqliteStore open(Builder settings) {
        Path file = DatabaseFile.prepare(settings.file);
        DatabaseFile.refuseForeign(file, settings.busyTimeout);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(settings.synchronous.mode());
        config.setBusyTimeout((int) settings.busyTimeout.toMillis());
        config.setJournalSizeLimit((int) settings.walSizeLimit);

        WriteConnection writer = WriteConnection.open(file, config, settings.busyTimeout);
        try {
            Migrations.migrate(writer);
            HikariDataSource readPool = openReadPool(file, config, settings);
            log.debug("LiteObs store {} opened: synchronous={}, busy timeout {}, {} reading connections", file,
                    settings.synchronous, settings.busyTimeout, settings.readPoolSize);
            return new SqliteStore(file, writer, readPool, settings);
        } catch (RuntimeException e) {
            writer.close();
            throw e;
        }
    }

    private static HikariDataSource openReadPool(Path file, SQLiteConfig config, Builder settings) {
        HikariConfig pool = new HikariConfig();
        pool.setPoolName("liteobs-read-" + file.getFileName());
        pool.setDriverClassName(org.sqlite.JDBC.class.getName());
        pool.setJdbcUrl(DatabaseFile.jdbcUrl(file));
        // The same pragmas as the writing connection: toProperties() returns the config's own table, not a copy;
        // setDataSourceProperties copies its entries into the pool's own properties.
        pool.setDataSourceProperties(config.toProperties());
        // Queries only: a reading connection cannot change the file, whatever SQL reaches it.
        pool.setConnectionInitSql("PRAGMA query_only = ON");
        pool.setMaximumPoolSize(settings.readPoolSize);
        // A query waits for a free reading connection as long as a write waits for the lock.
        pool.setConnectionTimeout(Math.max(MIN_POOL_TIMEOUT_MILLIS, settings.busyTimeout.toMillis()));
        try {
            return new HikariDataSource(pool);
        } catch (HikariPool.PoolInitializationException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE,
                    "opening the reading connections to " + file + " failed: " + e.getMessage(), e);
        }
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

    /**
     * Writes the batch in one {@code BEGIN IMMEDIATE} transaction. Audit entries and events whose id is already
     * stored are skipped, so a batch written again after a failure stores each entry once. A metric point's series
     * is created on its first point; descriptions apply to the metric's existing series and to those created later.
     * Alerts go to {@code system_alerts}.
     *
     * <p>After a write that found the disk full, writes are not tried again until the disk has room for the disk
     * reserve (they fail at once with the same exception); after one that found the file damaged, never again.
     *
     * @param batch the entries to write; never null; not kept after this call returns
     * @throws StoreException of kind {@link StoreException.Kind#REJECTED_DATA} when an entry breaks a constraint
     *                        (a required field is null), {@link StoreException.Kind#UNAVAILABLE} when the file is
     *                        locked past the busy timeout, full, read-only or failing,
     *                        {@link StoreException.Kind#INCOMPATIBLE} when it is damaged; nothing of the batch is
     *                        stored then
     */
    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen();
        if (batch.isEmpty()) {
            return;
        }
        refuseIfDamaged();
        StoreException full = diskSpace.writesMustWait();
        if (full != null) {
            throw full;
        }
        List<MetricWriter.SeriesKey> touchedSeries = new ArrayList<>();
        try {
            writer.inTransaction("write of " + batch.size() + " entries", session -> {
                metricWriter.describe(session, batch.descriptions());
                AuditTable.insert(session, batch.audit());
                EventTable.insert(session, batch.events());
                HeartbeatTable.insert(session, batch.heartbeats());
                AlertTable.insert(session, batch.alerts());
                metricWriter.insert(session, batch.metrics(), touchedSeries);
                return null;
            }, () -> metricWriter.forget(touchedSeries), this::afterCommit);
        } catch (StoreException e) {
            throw failed(e);
        }
    }

    /**
     * Upkeep after a committed write, under the write lock: several threads may write through one store, and the
     * WAL guard and the disk-space checks keep state between commits.
     */
    private void afterCommit() {
        walGuard.afterCommit(writer);
        if (diskSpace.afterCommit()) {
            writer.checkpointQuietly(WriteConnection.Checkpoint.PASSIVE);
        }
    }

    /** Throws the failure that found the file damaged, if one did: nothing changes the file after that. */
    private void refuseIfDamaged() {
        StoreException damage = damaged;
        if (damage != null) {
            throw damage;
        }
    }

    /**
     * What every failed change of the file (a write, a delete, a checkpoint) goes through. A damaged file is not
     * changed again: later writes, deletes and compactions fail at once with the same exception. A full disk puts
     * the store in low-space mode, checkpoints the log, and holds writes back until there is room again (see
     * {@link DiskSpace}).
     *
     * @return {@code e}, to be thrown
     */
    private StoreException failed(StoreException e) {
        if (SqlErrors.isDamaged(e)) {
            if (damaged == null) {
                damaged = e;
                log.error("LiteObs store {}: {}", file, e.getMessage());
            }
        } else if (SqlErrors.isFull(e)) {
            diskSpace.full(e);
            writer.checkpointQuietly(WriteConnection.Checkpoint.RESTART);
        }
        return e;
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
     * Deletes at most {@code maxRows} rows of one kind with a timestamp before the cutoff, in one short write
     * transaction, so that writes wait for one chunk at most. {@link DataKind#METRICS} deletes points only; the
     * series stay described in {@code metrics_metadata}.
     *
     * @param kind         which table; never null
     * @param cutoffMillis rows with a timestamp before this, in epoch milliseconds, are deleted
     * @param maxRows      the most rows to delete, at least 1
     * @return the rows deleted; fewer than {@code maxRows} means none are left before the cutoff
     * @throws StoreException of kind {@link StoreException.Kind#INCOMPATIBLE}, without changing the file, once a
     *                        write, delete or checkpoint has found it damaged (and when this delete does)
     */
    @Override
    public long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        Objects.requireNonNull(kind, "kind");
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        ensureOpen();
        refuseIfDamaged();
        try {
            if (!hasRowsBefore(kind, cutoffMillis)) {
                return 0;
            }
            boolean full = diskSpace.wasFull();
            if (!full && !diskSpace.low()) {
                try {
                    return deleteChunk(kind, cutoffMillis, maxRows);
                } catch (StoreException e) {
                    if (!SqlErrors.isFull(e)) {
                        throw e;
                    }
                    full = true;
                }
            }
            if (full) {
                // Deleting needs room in the log too: release the reserve, and go on in chunks small enough for it.
                diskSpace.releaseForRetention();
                writer.checkpointQuietly(WriteConnection.Checkpoint.RESTART);
            }
            return deleteInSmallChunks(kind, cutoffMillis, maxRows);
        } catch (StoreException e) {
            throw failed(e);
        }
    }

    /**
     * Whether any row of the kind may be older than the cutoff, asked on a reading connection, without the write
     * lock, through the timestamp index (for metrics, through each series' first_seen): the last chunk of every
     * retention run finds nothing, and would otherwise walk the whole table under the write lock to find it.
     */
    private boolean hasRowsBefore(DataKind kind, long cutoffMillis) {
        String sql = kind == DataKind.METRICS
                ? "SELECT 1 FROM " + Schema.METRICS_METADATA + " WHERE first_seen < ? LIMIT 1"
                : "SELECT 1 FROM " + Schema.tableOf(kind) + " WHERE timestamp < ? LIMIT 1";
        return read("looking for rows of " + kind + " older than " + cutoffMillis, connection -> {
            try (PreparedStatement query = connection.prepareStatement(sql)) {
                query.setLong(1, cutoffMillis);
                try (ResultSet row = query.executeQuery()) {
                    return row.next();
                }
            }
        });
    }

    private long deleteChunk(DataKind kind, long cutoffMillis, int maxRows) {
        String table = Schema.tableOf(kind);
        String action = "deleting rows older than " + cutoffMillis + " from " + table;
        if (kind == DataKind.METRICS) {
            long cursor = metricWriter.retentionCursor();
            return writer.inTransaction(action, session -> metricWriter.deleteOlderThan(session, cutoffMillis,
                    maxRows), () -> metricWriter.retentionRolledBack(cursor), () -> { });
        }
        return writer.inTransaction(action, session -> {
            PreparedStatement delete = session.prepared(deleteOldestSql(table));
            delete.setLong(1, cutoffMillis);
            delete.setInt(2, maxRows);
            return (long) delete.executeUpdate();
        });
    }

    /** Deletes up to {@code maxRows} in transactions of a few hundred rows, checkpointing the log after each. */
    private long deleteInSmallChunks(DataKind kind, long cutoffMillis, int maxRows) {
        long total = 0;
        long deleted;
        do {
            int chunk = (int) Math.min(DiskSpace.LOW_SPACE_CHUNK, maxRows - total);
            deleted = deleteChunk(kind, cutoffMillis, chunk);
            total += deleted;
            writer.checkpointQuietly(WriteConnection.Checkpoint.RESTART);
        } while (deleted == DiskSpace.LOW_SPACE_CHUNK && total < maxRows);
        return total;
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
     * Walks the table in row-id order, not through a timestamp index: measured on 500k rows, an index walk took
     * 9 s and grew the WAL to 1.5 GiB, the row-id walk 1 s and 25 MiB. Row ids grow with insertion time, so the
     * oldest rows come first. NOT INDEXED keeps the planner from choosing a timestamp index.
     */
    private static String deleteOldestSql(String table) {
        return "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table
                + " NOT INDEXED WHERE timestamp < ? ORDER BY id LIMIT ?)";
    }

    /**
     * Truncates the write-ahead log ({@code PRAGMA wal_checkpoint(TRUNCATE)}), which does not shrink by itself
     * after large deletes. Waits at most 200 ms ({@link WriteConnection#CHECKPOINT_WAIT}) for readers and writers of
     * other connections, not the busy timeout: every writer of the file waits meanwhile. When they hold it up, the
     * log is checkpointed as far as they allow and left at its size; a later commit starts it over.
     *
     * @throws StoreException of kind {@link StoreException.Kind#INCOMPATIBLE}, without changing the file, once a
     *                        write, delete or checkpoint has found it damaged
     */
    @Override
    public void compact() {
        ensureOpen();
        refuseIfDamaged();
        boolean truncated;
        try {
            truncated = writer.checkpoint(WriteConnection.Checkpoint.TRUNCATE, WriteConnection.CHECKPOINT_WAIT);
        } catch (StoreException e) {
            throw failed(e);
        }
        if (!truncated) {
            log.info("LiteObs store {}: the WAL could not be truncated while other connections used it", file);
        }
        diskSpace.ensureReserve();
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
     * Closes the reading connections, then the writing one once its current transaction is done. Idempotent and
     * thread-safe; every later call on the store throws {@link StoreException} of kind
     * {@link StoreException.Kind#CLOSED}.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        readPool.close();
        writer.close();
        log.debug("LiteObs store {} closed", file);
    }

    /** The metric writer, for tests that measure its work. */
    MetricWriter metricWriter() {
        return metricWriter;
    }

    /** The writing connection, for tests that inject faults into it. */
    WriteConnection writeConnection() {
        return writer;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw SqlErrors.closed(file);
        }
    }

    /**
     * Runs a query on a reading connection. Every failure comes out as a {@link StoreException}: stored data that
     * cannot be read back (an unknown metric type, labels that are not JSON) as {@link
     * StoreException.Kind#INCOMPATIBLE}.
     */
    <T> T read(String action, SqlFunction<Connection, T> query) {
        ensureOpen();
        try (Connection connection = readPool.getConnection()) {
            return query.apply(connection);
        } catch (SQLException e) {
            throw closed.get() ? SqlErrors.closed(file) : SqlErrors.translate(file, action, e);
        } catch (StoreException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new StoreException(StoreException.Kind.INCOMPATIBLE, action + " on " + file
                    + " found stored data it cannot read: " + e, e);
        }
    }

    /**
     * Settings for a {@link SqliteStore}. Every setting has a default; {@link #build()} opens the store with the
     * settings as they are then, and later changes to the builder do not affect it.
     */
    public static final class Builder {

        private final Path file;
        private SqliteSynchronous synchronous = DEFAULT_SYNCHRONOUS;
        private Duration busyTimeout = Duration.ofMillis(DEFAULT_BUSY_TIMEOUT_MILLIS);
        private int readPoolSize = DEFAULT_READ_POOL_SIZE;
        private long walSizeLimit = DEFAULT_WAL_SIZE_LIMIT_BYTES;
        private long diskReserve = DEFAULT_DISK_RESERVE_BYTES;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /**
         * How hard SQLite works to make each commit survive a power loss; {@link SqliteSynchronous#NORMAL} unless
         * set.
         *
         * @param synchronous the level; never null
         */
        public Builder synchronous(SqliteSynchronous synchronous) {
            this.synchronous = Objects.requireNonNull(synchronous, "synchronous");
            return this;
        }

        /**
         * How long a write waits for another connection's write lock before it fails as
         * {@link StoreException.Kind#UNAVAILABLE}; {@value SqliteStore#DEFAULT_BUSY_TIMEOUT_MILLIS} ms unless set.
         * Queries wait as long for a free reading connection (at least 250 ms).
         *
         * @param busyTimeout zero (fail at once) or more, at most {@link Integer#MAX_VALUE} milliseconds; never null
         * @throws IllegalArgumentException when out of range
         */
        public Builder busyTimeout(Duration busyTimeout) {
            Objects.requireNonNull(busyTimeout, "busyTimeout");
            if (busyTimeout.isNegative() || busyTimeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
                throw new IllegalArgumentException("busyTimeout must be between 0 and " + Integer.MAX_VALUE
                        + " ms, got " + busyTimeout);
            }
            this.busyTimeout = busyTimeout;
            return this;
        }

        /**
         * How many connections queries may use at once; {@value SqliteStore#DEFAULT_READ_POOL_SIZE} unless set.
         *
         * @param readPoolSize 1 to {@value SqliteStore#MAX_READ_POOL_SIZE}
         * @throws IllegalArgumentException when out of range
         */
        public Builder readPoolSize(int readPoolSize) {
            if (readPoolSize < 1 || readPoolSize > MAX_READ_POOL_SIZE) {
                throw new IllegalArgumentException("readPoolSize must be between 1 and " + MAX_READ_POOL_SIZE
                        + ", got " + readPoolSize);
            }
            this.readPoolSize = readPoolSize;
            return this;
        }

        /**
         * The size the write-ahead log file is cut back to ({@code PRAGMA journal_size_limit}) each time SQLite
         * starts it over, which it does once every frame is checkpointed and no connection reads an older snapshot;
         * {@value SqliteStore#DEFAULT_WAL_SIZE_LIMIT_BYTES} bytes unless set. When a commit leaves the log above this
         * size, the store checkpoints it, waiting up to 200 ms for the readers of the moment, so that readers
         * coming and going cannot keep it growing. While another connection holds one read transaction open for
         * longer, the log cannot be checkpointed past it and grows with every write (a warning says so); the
         * first commits after that reader is gone bring it back to this size.
         *
         * @param bytes 0 (cut to nothing) to {@link Integer#MAX_VALUE}
         * @throws IllegalArgumentException when out of range
         */
        public Builder walSizeLimit(long bytes) {
            if (bytes < 0 || bytes > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("walSizeLimit must be between 0 and " + Integer.MAX_VALUE
                        + " bytes, got " + bytes);
            }
            this.walSizeLimit = bytes;
            return this;
        }

        /**
         * The disk space the store keeps in reserve, as the file {@code <file>-reserve} beside the database, for a
         * full disk: SQLite needs room in its log even to delete, so on the first {@code SQLITE_FULL} the store
         * deletes the reserve, and retention can then free space. Whenever the reserve is missing and the disk has at
         * least twice its size free, the store makes it (again): on opening, after a commit (looking at most every
         * 100 ms) and in {@link #compact()}. {@value SqliteStore#DEFAULT_DISK_RESERVE_BYTES} bytes unless set.
         *
         * @param bytes 0 (no reserve) or more
         * @throws IllegalArgumentException when negative
         */
        public Builder diskReserve(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("diskReserve must not be negative, got " + bytes);
            }
            this.diskReserve = bytes;
            return this;
        }

        /**
         * Opens the store.
         *
         * @throws StoreException of kind {@link StoreException.Kind#UNAVAILABLE} when the file cannot be created
         *                        or opened, {@link StoreException.Kind#INCOMPATIBLE} when it is not a SQLite
         *                        database, is another application's database or was written by a newer LiteObs;
         *                        the message names the file and what to do
         */
        public SqliteStore build() {
            return SqliteStore.open(this);
        }
    }
}
