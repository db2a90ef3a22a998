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
import io.liteobs.LatestValue;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.RollupTier;
import io.liteobs.SeriesPoint;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;
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
 * <p>Its queries are those of {@link SqliteReader}, which a tool that only reads the file opens instead: it never
 * changes the file.
 *
 * <p>Thread-safe. Every method throws {@link StoreException} on failure, of kind
 * {@link StoreException.Kind#CLOSED} once the store is closed.
 */
public final class SqliteStore implements ObservabilityStore {

    /** The default {@code synchronous} level. */
    public static final SqliteSynchronous DEFAULT_SYNCHRONOUS = SqliteSynchronous.NORMAL;
    /** The schema version this library writes, and the newest it reads: a file of a newer one is refused. */
    public static final int SCHEMA_VERSION = Migrations.LATEST_VERSION;

    /** How long a write waits for another connection's write lock by default, in milliseconds. */
    public static final int DEFAULT_BUSY_TIMEOUT_MILLIS = 5_000;
    /** The default number of reading connections. */
    public static final int DEFAULT_READ_POOL_SIZE = 4;
    /** The largest number of reading connections accepted. */
    public static final int MAX_READ_POOL_SIZE = 64;
    /** The size the write-ahead log is brought back to once checkpointed, by default: 64 MiB. */
    public static final long DEFAULT_WAL_SIZE_LIMIT_BYTES = 64L << 20;
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

    private static final Logger log = LoggerFactory.getLogger(SqliteStore.class);

    private final Path file;
    private final WriteConnection writer;
    private final SqliteReader reader;
    private final MetricWriter metricWriter;
    private final WalGuard walGuard;
    private final DiskSpace diskSpace;
    private final ChangeGuard changeGuard;
    private final RetentionDeleter retention;
    private final Rollups rollups = new Rollups();
    private final AtomicBoolean closed = new AtomicBoolean();

    private SqliteStore(Path file, WriteConnection writer, SqliteReader reader, ReadPool readers,
            Builder settings) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.walGuard = new WalGuard(file, settings.walSizeLimit);
        this.diskSpace = new DiskSpace(file, settings.diskReserve, WAL_AUTOCHECKPOINT_PAGES * writer.pageSize());
        diskSpace.ensureReserve();
        this.metricWriter = new MetricWriter(file, MetricWriter.MAX_CACHED_SERIES, rollups);
        this.changeGuard = new ChangeGuard(file, writer, diskSpace, readers);
        this.retention = new RetentionDeleter(writer, reader, metricWriter, rollups, diskSpace, changeGuard);
    }

    /**
     * Opens the store in {@code file} with the default settings, creating the file if it is missing.
     *
     * @param file the database file; never null
     * @return the open store; the caller closes it
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
     * @return a builder for a store in {@code file}, to choose settings other than the defaults
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
        SqliteReader reader = null;
        try {
            Migrations.migrate(writer);
            ReadPool readers = ReadPool.open(file, config, settings.readPoolSize, settings.busyTimeout);
            reader = new SqliteReader(file, readers, StoredSchema.current());
            SqliteStore store = new SqliteStore(file, writer, reader, readers, settings);
            OpenFiles.opened(file);
            log.debug("LiteObs store {} opened: synchronous={}, busy timeout {}, {} reading connections", file,
                    settings.synchronous, settings.busyTimeout, settings.readPoolSize);
            return store;
        } catch (RuntimeException e) {
            if (reader != null) {
                reader.close();
            }
            writer.close();
            throw e;
        }
    }

    /**
     * The database file, as an absolute path.
     *
     * @return the database file, as an absolute path
     */
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
     * Alerts go to {@code system_alerts}, HTTP requests to {@code http_request_logs}.
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
    // the transaction has no result: its SqlFunction returns null, which nothing reads
    @SuppressWarnings("NullAway")
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen();
        if (batch.isEmpty()) {
            return;
        }
        changeGuard.refuseIfDamaged();
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
                HttpRequestTable.insert(session, batch.httpRequests());
                metricWriter.insert(session, batch.metrics(), touchedSeries);
                return null;
            }, () -> metricWriter.forget(touchedSeries), this::afterCommit);
        } catch (StoreException e) {
            throw changeGuard.failed(e);
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

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        return reader.findAudit(query);
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        return reader.findMetricPoints(query);
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        return reader.downsample(query);
    }

    @Override
    public List<WindowAggregate> aggregateWindow(WindowQuery query) {
        return reader.aggregateWindow(query);
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(@Nullable String name) {
        return reader.findMetricMetadata(name);
    }

    @Override
    public List<LatestValue> latestValues(long seenSinceMillis, int limit) {
        return reader.latestValues(seenSinceMillis, limit);
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        return reader.findEvents(query);
    }

    @Override
    public List<HttpRequest> findHttpRequests(HttpRequestQuery query) {
        return reader.findHttpRequests(query);
    }

    @Override
    public List<HttpRouteStats> httpRouteStats(HttpStatsQuery query) {
        return reader.httpRouteStats(query);
    }

    @Override
    public List<HttpRequestCount> countHttpRequests(HttpCountQuery query) {
        return reader.countHttpRequests(query);
    }

    @Override
    public List<AuditStatusCount> countAudit(AuditCountQuery query) {
        return reader.countAudit(query);
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        return reader.latestHeartbeat(workerId);
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        return reader.latestHeartbeats();
    }

    @Override
    public List<AlertRecord> findAlerts(AlertQuery query) {
        return reader.findAlerts(query);
    }

    @Override
    public List<NotificationAttempt> findNotificationAttempts(NotificationQuery query) {
        return reader.findNotificationAttempts(query);
    }

    /** Takes or renews the lease in {@code alert_leases}, in one short write transaction. */
    @Override
    public boolean tryLease(AlertEvaluation.Lease lease, long nowMillis, Duration duration) {
        Objects.requireNonNull(lease, "lease");
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException("duration must be at least 1 ms, got " + duration);
        }
        long expiresAt = nowMillis + duration.toMillis();
        return inAlertTransaction("lease " + lease.name(),
                session -> AlertStateTables.tryLease(session, lease, nowMillis, expiresAt));
    }

    @Override
    // the transaction has no result: its SqlFunction returns null, which nothing reads
    @SuppressWarnings("NullAway")
    public void releaseLease(AlertEvaluation.Lease lease) {
        Objects.requireNonNull(lease, "lease");
        inAlertTransaction("release of lease " + lease.name(), session -> {
            AlertStateTables.releaseLease(session, lease);
            return null;
        });
    }

    /** Reads {@code alert_rules} and {@code alert_instances} on a reading connection. */
    @Override
    public AlertRuleState loadAlertState(String ruleId) {
        return reader.loadAlertState(ruleId);
    }

    /**
     * Writes the instances' state, the rules' latest evaluations and their alerts in one {@code BEGIN IMMEDIATE}
     * transaction, after checking in the same transaction that the evaluations' leases are still held.
     */
    @Override
    public boolean commitAlertEvaluations(List<AlertEvaluation> evaluations) {
        List<AlertEvaluation> all = List.copyOf(evaluations);
        if (all.isEmpty()) {
            return true;
        }
        return inAlertTransaction("evaluation of " + all.size() + " alert rules", session -> {
            // a round's evaluations share one lease and one time: each pair is checked once
            Set<Map.Entry<AlertEvaluation.Lease, Long>> checked = new HashSet<>();
            for (AlertEvaluation evaluation : all) {
                AlertEvaluation.Lease lease = evaluation.lease();
                if (lease != null && checked.add(Map.entry(lease, evaluation.evaluatedAtMillis()))
                        && !AlertStateTables.holdsLease(session, lease, evaluation.evaluatedAtMillis())) {
                    return false;
                }
            }
            for (AlertEvaluation evaluation : all) {
                AlertStateTables.writeState(session, evaluation);
                AlertTable.upsert(session, evaluation.alerts());
                AlertStateTables.insertAttempts(session, evaluation.queuedNotifications());
            }
            return true;
        });
    }

    @Override
    // the transaction has no result: its SqlFunction returns null, which nothing reads
    @SuppressWarnings("NullAway")
    public void recordNotificationAttempts(List<NotificationAttempt> attempts) {
        Objects.requireNonNull(attempts, "attempts");
        if (attempts.isEmpty()) {
            return;
        }
        inAlertTransaction("record of " + attempts.size() + " notification attempts", session -> {
            AlertStateTables.insertAttempts(session, attempts);
            return null;
        });
    }

    /** A write transaction of alerting's, guarded as batches are against a damaged file. */
    private <T> T inAlertTransaction(String action, SqlFunction<WriteSession, T> work) {
        ensureOpen();
        changeGuard.refuseIfDamaged();
        try {
            return writer.inTransaction(action, work, () -> { }, this::afterCommit);
        } catch (StoreException e) {
            throw changeGuard.failed(e);
        }
    }

    /**
     * Deletes at most {@code maxRows} rows of one kind with a timestamp before the cutoff, in one short write
     * transaction, so that writes wait for one chunk at most. {@link DataKind#METRICS} deletes points only; the
     * series stay described in {@code metrics_metadata}. While the disk is low on space, or once it is full, the
     * rows go in chunks of a few hundred, each followed by a checkpoint of the log (see
     * {@link Builder#diskReserve}). Points of a file from an older release are rolled up ({@link #catchUp}) before
     * they go; those that cannot be yet (while the disk is low on space) stay until they can.
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
        long cutoff = kind == DataKind.METRICS ? rolledUpBefore(cutoffMillis) : cutoffMillis;
        return retention.deleteOlderThan(kind, cutoff, maxRows);
    }

    /** The cutoff, or an earlier one where points not rolled up yet begin, once the rollup steps ran up to it. */
    private long rolledUpBefore(long cutoffMillis) {
        long rolledUpBefore;
        boolean stepsLeft = true;
        while ((rolledUpBefore = rollups.pointsRolledUpBefore(writer)) < cutoffMillis && stepsLeft) {
            stepsLeft = catchUp();
        }
        return Math.min(cutoffMillis, rolledUpBefore);
    }

    /**
     * Deletes at most {@code maxRows} buckets of one rollup tier that start before the cutoff, as
     * {@link #deleteOlderThan} deletes rows, and records in the same transaction that the tier now begins at the
     * first bucket on or after the cutoff, so that queries answer older parts of a range from elsewhere.
     *
     * @param tier         the rollup tier; never null
     * @param cutoffMillis buckets that start before this, in epoch milliseconds, are deleted
     * @param maxRows      the most buckets to delete, at least 1
     * @return the buckets deleted; fewer than {@code maxRows} means none are left before the cutoff
     * @throws StoreException of kind {@link StoreException.Kind#INCOMPATIBLE}, without changing the file, once a
     *                        write, delete or checkpoint has found it damaged (and when this delete does)
     */
    @Override
    public long deleteRollupsOlderThan(RollupTier tier, long cutoffMillis, int maxRows) {
        Objects.requireNonNull(tier, "tier");
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        ensureOpen();
        return retention.deleteRollupsOlderThan(tier, cutoffMillis, maxRows);
    }

    /**
     * Rolls up one chunk of the metric points a file held before it had rollups (one written by a release of schema
     * version 5 or older), in one short write transaction of about {@value Rollups#CHUNK_TARGET_MILLIS} ms; does
     * nothing, without a transaction, once nothing is left. Points written by this store are rolled up as they are
     * written. The writer thread of {@code LiteObs} calls this between batches; a program that writes through the
     * store alone calls it until it returns false. Queries answer what is not rolled up yet from raw points.
     *
     * @return whether another chunk is left to roll up
     * @throws StoreException of kind {@link StoreException.Kind#UNAVAILABLE} when the file is locked past the busy
     *                        timeout, full or read-only, {@link StoreException.Kind#INCOMPATIBLE} once a write,
     *                        delete or checkpoint has found it damaged
     */
    @Override
    public boolean catchUp() {
        ensureOpen();
        changeGuard.refuseIfDamaged();
        if (diskSpace.writesMustWait() != null) {
            return false;
        }
        try {
            return rollups.catchUp(writer, this::afterCommit);
        } catch (StoreException e) {
            throw changeGuard.failed(e);
        }
    }

    /**
     * Rolls up, in one write transaction of about {@value Rollups#CHUNK_TARGET_MILLIS} ms, metric points that were
     * stored as they came: those of series with several points a minute, up to {@value RawMinutes#MAX_POINTS_A_MINUTE},
     * whose minutes the writer leaves to be read as points (docs/rollups.md, "Raw minutes"). Queries answer the same
     * before and after; a minute's row reads faster than its points. Does nothing, without a transaction, when
     * nothing is left. The writer thread of {@code LiteObs} calls this while nothing waits to be written; a program
     * that writes through the store alone may call it until it returns false.
     *
     * @return whether more is left
     * @throws StoreException of kind {@link StoreException.Kind#UNAVAILABLE} when the file is locked past the busy
     *                        timeout, full or read-only, {@link StoreException.Kind#INCOMPATIBLE} once a write,
     *                        delete or checkpoint has found it damaged
     */
    @Override
    public boolean workWhileIdle() {
        ensureOpen();
        changeGuard.refuseIfDamaged();
        if (diskSpace.writesMustWait() != null
                || !writer.withoutTransaction("looking for work while idle", session -> metricWriter.hasIdleWork())) {
            return false;
        }
        try {
            return metricWriter.rollUpWhileIdle(writer, this::afterCommit);
        } catch (StoreException e) {
            throw changeGuard.failed(e);
        }
    }

    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        return reader.newestTimestamp(kind);
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
        changeGuard.refuseIfDamaged();
        boolean truncated;
        try {
            truncated = writer.checkpoint(WriteConnection.Checkpoint.TRUNCATE, WriteConnection.CHECKPOINT_WAIT)
                    .completed();
        } catch (StoreException e) {
            throw changeGuard.failed(e);
        }
        if (!truncated) {
            log.info("LiteObs store {}: the WAL could not be truncated while other connections used it", file);
        }
        diskSpace.ensureReserve();
    }

    /**
     * Rebuilds the file without the pages that deletes freed ({@code VACUUM}), then truncates the log: gives the
     * space of deleted rows back to the file system, which {@link #compact()} leaves inside the file for later
     * writes. The rewrite holds the write lock throughout (seconds for a file of hundreds of MiB), so every writer
     * of the file, in this process or another, waits meanwhile, and it needs free disk space up to the file's size
     * twice over. Meant for an operator's cleanup, not for a schedule.
     *
     * @throws StoreException of kind {@link StoreException.Kind#UNAVAILABLE} when the file cannot be rewritten now
     *                        (locked, read-only, disk full), {@link StoreException.Kind#INCOMPATIBLE} once a write,
     *                        delete or checkpoint has found it damaged
     */
    @SuppressWarnings("NullAway") // the statement has no result: its SqlFunction returns null, which nothing reads
    public void vacuum() {
        ensureOpen();
        changeGuard.refuseIfDamaged();
        try {
            writer.withoutTransaction("VACUUM", session -> {
                // VACUUM refuses to run while a statement of its connection is still active, as the cached statements
                // of the rollups' upserts can be; the next transaction prepares them afresh
                session.dropStatements();
                session.execute("VACUUM");
                return null;
            });
            writer.checkpoint(WriteConnection.Checkpoint.TRUNCATE, WriteConnection.CHECKPOINT_WAIT);
        } catch (StoreException e) {
            throw changeGuard.failed(e);
        }
    }

    @Override
    public Map<DataKind, Long> rowCounts() {
        return reader.rowCounts();
    }

    @Override
    public long seriesCount() {
        return reader.seriesCount();
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
        reader.close();
        writer.close();
        OpenFiles.closed(file);
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

    /** Runs a query on a reading connection, for tests that look at what the connections see. */
    <T> T read(String action, SqlFunction<Connection, T> query) {
        return reader.read(action, query);
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw SqlErrors.closed(file);
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
        /** The reserve's size for the database file's size. */
        private LongUnaryOperator diskReserve = DiskSpace::sizedToFile;

        private Builder(Path file) {
            this.file = Objects.requireNonNull(file, "file");
        }

        /**
         * How hard SQLite works to make each commit survive a power loss; {@link SqliteSynchronous#NORMAL} unless
         * set.
         *
         * @param synchronous the level; never null
         * @return this builder
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
         * @return this builder
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
         * @return this builder
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
         * size (and above 1 MiB), the store checkpoints it, waiting up to 200 ms for the readers of the moment, so
         * that readers coming and going cannot keep it growing. While another connection holds one read transaction
         * open for longer, the log cannot be checkpointed past it and grows with every write (a warning says so);
         * the second commit after that reader is gone brings it back to this size.
         *
         * @param bytes 0 (cut to nothing) to {@link Integer#MAX_VALUE}
         * @return this builder
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
         * 100 ms) and in {@link #compact()}. Unless set, the reserve is sized to the database file: an eighth of it,
         * at least 1 MiB and at most 8 MiB (from a 64 MiB file on), made larger as the file grows, under the same
         * rule.
         *
         * @param bytes 0 (no reserve) or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder diskReserve(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("diskReserve must not be negative, got " + bytes);
            }
            this.diskReserve = fileBytes -> bytes;
            return this;
        }

        /**
         * Opens the store.
         *
         * @return the open store; the caller closes it
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
