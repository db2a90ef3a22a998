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
import io.liteobs.LatestValue;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.SeriesPoint;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
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
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LiteObs store in a PostgreSQL database, shared by a fleet: every service and instance writes the same tables,
 * and each row says which one wrote it ({@code source_id}, a row of {@code _observability_sources}). Writes of one
 * store go one batch at a time, each batch in one transaction; queries run on the other connections of a HikariCP
 * pool and span every source.
 *
 * <pre>{@code
 * PostgresOptions options = PostgresOptions.builder("jdbc:postgresql://db.internal:5432/observability")
 *         .user("liteobs").password(System.getenv("LITEOBS_DB_PASSWORD"))
 *         .service("orders").instance(System.getenv("HOSTNAME"))
 *         .build();
 * LiteObs obs = LiteObs.builder().store(PostgresStore.open(options)).build();
 * }</pre>
 *
 * <p>Opening registers the source and brings the schema up to date, once for all the processes opening the
 * database at that moment. It refuses a schema written by a newer LiteObs, and a schema holding another
 * application's {@code audit_log}.
 *
 * <p>A write that fails because the connection was lost, the server restarted or chose it as a deadlock victim is
 * tried again on a fresh connection, {@value Database#ATTEMPTS} times in all, before it fails as
 * {@link StoreException.Kind#UNAVAILABLE} and core's writer keeps the batch for later. A connection lost while the
 * server commits leaves the outcome unknown: the batch written again, here or by core's writer, is found stored and
 * stored once, every kind of entry alike — each store numbers its batches in {@code _observability_writers}, in the
 * batch's own transaction.
 *
 * <p>Queries span every source; {@link #forSource(String, String)} reads one, and {@link #sources()} lists them.
 *
 * <p>Thread-safe. Every method throws {@link StoreException} on failure, of kind
 * {@link StoreException.Kind#CLOSED} once the store is closed.
 */
public final class PostgresStore implements ObservabilityStore {

    private static final Logger log = LoggerFactory.getLogger(PostgresStore.class);

    private final Database database;
    private final PostgresReader reader;
    private final int sourceId;
    /** One batch or retention chunk at a time: the metric writer's cache and the ledger are kept under it. */
    private final ReentrantLock writeLock = new ReentrantLock();
    private final MetricWriter metricWriter;
    private final WriteLedger ledger;
    private final AtomicBoolean closed = new AtomicBoolean();

    private PostgresStore(Database database, int sourceId) {
        this.database = database;
        this.reader = new PostgresReader(database, null);
        this.sourceId = sourceId;
        this.metricWriter = new MetricWriter(database.name(), sourceId, MetricWriter.MAX_CACHED_SERIES);
        this.ledger = new WriteLedger(sourceId);
    }

    /**
     * Opens the store in the database of the JDBC URL, as service {@value PostgresOptions#DEFAULT_SERVICE} on this
     * host, with every other setting at its default.
     *
     * @param jdbcUrl a {@code jdbc:postgresql:} URL; never null
     * @return the open store; the caller closes it
     * @throws StoreException see {@link #open(PostgresOptions)}
     */
    public static PostgresStore open(String jdbcUrl) {
        return open(PostgresOptions.of(jdbcUrl));
    }

    /**
     * Opens the store: connects, creates or migrates the schema, and registers the options' service and instance.
     *
     * @param options where to connect and who writes; never null
     * @return the open store; the caller closes it
     * @throws StoreException of kind {@link StoreException.Kind#UNAVAILABLE} when the server cannot be reached,
     *                        {@link StoreException.Kind#INCOMPATIBLE} when it refuses the credentials, has no such
     *                        database, or holds a schema of a newer LiteObs or of another application; the message
     *                        names the database and what to do
     */
    public static PostgresStore open(PostgresOptions options) {
        Objects.requireNonNull(options, "options");
        Database database = Database.open(options, "liteobs " + options.service() + " " + options.databaseName(),
                false);
        try {
            Migrations.migrate(database);
            int sourceId = registerSource(database, options);
            log.debug("LiteObs store {} opened as {}/{} (source {})", database.name(), options.service(),
                    options.instance(), sourceId);
            return new PostgresStore(database, sourceId);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The source id of the service and instance, made on first use. */
    private static int registerSource(Database database, PostgresOptions options) {
        return database.inTransaction("registering " + options.service() + "/" + options.instance(), connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO _observability_sources"
                    + " (service, instance, first_seen) VALUES (?, ?, ?) ON CONFLICT (service, instance) DO NOTHING");
                 PreparedStatement select = connection.prepareStatement(
                         "SELECT source_id FROM _observability_sources WHERE service = ? AND instance = ?")) {
                insert.setString(1, options.service());
                insert.setString(2, options.instance());
                insert.setLong(3, System.currentTimeMillis());
                insert.executeUpdate();
                select.setString(1, options.service());
                select.setString(2, options.instance());
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        }, () -> { });
    }

    /** The database: host, port, database name and schema, without credentials. */
    @Override
    public String name() {
        return database.name();
    }

    /**
     * The id of this store's service and instance in {@code _observability_sources}.
     *
     * @return the id of this store's service and instance in {@code _observability_sources}
     */
    public int sourceId() {
        return sourceId;
    }

    /**
     * Writes the batch in one transaction. A batch written again after a failure — by this call's retries, or by
     * core's writer handing over the same entries — stores its entries once, whether or not the failed attempt
     * committed; audit entries, events and alerts whose id is already stored are skipped as well. A metric point's
     * series is created on its first point; descriptions apply to the metric's existing series, of every source, and
     * to those created later.
     *
     * @param batch the entries to write; never null; not kept after this call returns
     * @throws StoreException of kind {@link StoreException.Kind#REJECTED_DATA} when an entry breaks a constraint (a
     *                        required field is null, a value is not finite, text holds a NUL character),
     *                        {@link StoreException.Kind#UNAVAILABLE} when the database cannot be written after the
     *                        retries; nothing of the batch is stored then
     */
    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen();
        if (batch.isEmpty()) {
            return;
        }
        writeLock.lock();
        try {
            WriteLedger.Numbered numbered = ledger.number(batch);
            // set once an attempt failed: its transaction may have committed all the same
            AtomicBoolean mayHaveCommitted = new AtomicBoolean(numbered.retried());
            List<MetricWriter.SeriesKey> touchedSeries = new ArrayList<>();
            try {
                database.inTransaction("write of " + batch.size() + " entries", connection -> {
                    if (!ledger.claim(connection, numbered.number(), mayHaveCommitted.get())) {
                        log.debug("LiteObs store {}: batch {} was stored by an earlier attempt", database.name(),
                                numbered.number());
                        return 0;
                    }
                    MetricWriter.describe(connection, batch.descriptions());
                    AuditTable.INSERT.insert(connection, sourceId, batch.audit());
                    EventTable.INSERT.insert(connection, sourceId, batch.events());
                    HeartbeatTable.INSERT.insert(connection, sourceId, batch.heartbeats());
                    AlertTable.INSERT.insert(connection, sourceId, batch.alerts());
                    HttpRequestTable.INSERT.insert(connection, sourceId, batch.httpRequests());
                    metricWriter.insert(connection, batch.metrics(), touchedSeries);
                    return batch.size();
                }, () -> {
                    metricWriter.forget(touchedSeries);
                    touchedSeries.clear();
                    mayHaveCommitted.set(true);
                });
            } catch (StoreException e) {
                if (e.kind() == StoreException.Kind.UNAVAILABLE) {
                    ledger.failed(batch, numbered);
                }
                throw e;
            }
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        ensureOpen();
        return reader.findAudit(query);
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        ensureOpen();
        return reader.findMetricPoints(query);
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        ensureOpen();
        return reader.downsample(query);
    }

    @Override
    public List<WindowAggregate> aggregateWindow(WindowQuery query) {
        ensureOpen();
        return reader.aggregateWindow(query);
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(@Nullable String name) {
        ensureOpen();
        return reader.findMetricMetadata(name);
    }

    @Override
    public List<LatestValue> latestValues(long seenSinceMillis, int limit) {
        ensureOpen();
        return reader.latestValues(seenSinceMillis, limit);
    }

    /**
     * Every service instance that has opened a store on the database, as {@link PostgresReader#sources()} lists
     * them.
     *
     * @return the sources, ordered by service, then instance
     */
    public List<PostgresSource> sources() {
        ensureOpen();
        return reader.sources();
    }

    /**
     * A reader of what one service instance wrote, as {@link PostgresReader#forSource(String, String)} gives it; it
     * shares this store's connections and is closed with it.
     *
     * @param service  the service name the source writes as; never null
     * @param instance the instance name the source writes as; never null
     * @return a reader of the source's rows
     * @throws IllegalArgumentException when no store has opened as that service and instance
     */
    public PostgresReader forSource(String service, String instance) {
        ensureOpen();
        return reader.forSource(service, instance);
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        ensureOpen();
        return reader.findEvents(query);
    }

    @Override
    public List<HttpRequest> findHttpRequests(HttpRequestQuery query) {
        ensureOpen();
        return reader.findHttpRequests(query);
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
    public List<HttpRouteStats> httpRouteStats(HttpStatsQuery query) {
        ensureOpen();
        return reader.httpRouteStats(query);
    }

    @Override
    public List<AlertRecord> findAlerts(AlertQuery query) {
        ensureOpen();
        return reader.findAlerts(query);
    }

    @Override
    public List<NotificationAttempt> findNotificationAttempts(NotificationQuery query) {
        ensureOpen();
        return reader.findNotificationAttempts(query);
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        ensureOpen();
        return reader.latestHeartbeat(workerId);
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        ensureOpen();
        return reader.latestHeartbeats();
    }

    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        ensureOpen();
        return reader.newestTimestamp(kind);
    }

    @Override
    public Map<DataKind, Long> rowCounts() {
        ensureOpen();
        return reader.rowCounts();
    }

    @Override
    public long seriesCount() {
        ensureOpen();
        return reader.seriesCount();
    }

    /**
     * Deletes at most {@code maxRows} rows of one kind with a timestamp before the cutoff, of every source, in one
     * short transaction. Rows another instance's retention is deleting at the same moment are skipped, not waited
     * for. {@link DataKind#METRICS} deletes points only; the series stay described, their first seen time moved up
     * to their oldest point left.
     *
     * @param kind         which table; never null
     * @param cutoffMillis rows with a timestamp before this, in epoch milliseconds, are deleted
     * @param maxRows      the most rows to delete, at least 1
     * @return the rows deleted; fewer than {@code maxRows} means none are left before the cutoff, or that another
     *         instance holds the rest
     */
    @Override
    public long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        Objects.requireNonNull(kind, "kind");
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        ensureOpen();
        String action = "deleting rows older than " + cutoffMillis + " from " + Schema.tableOf(kind);
        if (kind != DataKind.METRICS) {
            return database.inTransaction(action,
                    connection -> Retention.deleteOlderThan(connection, kind, cutoffMillis, maxRows), () -> { });
        }
        writeLock.lock();
        try {
            List<Integer> seriesOfDeleted = database.inTransaction(action,
                    connection -> Retention.deleteOldPoints(connection, cutoffMillis, maxRows), () -> { });
            metricWriter.forgetIds(seriesOfDeleted);
            return seriesOfDeleted.size();
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Runs {@code VACUUM (ANALYZE)} on the tables retention deletes from, which makes the room of deleted rows
     * reusable at once and gives back empty pages at the end of a table; autovacuum does the same on its own
     * schedule. It never takes the exclusive lock of {@code VACUUM FULL}: writers go on meanwhile.
     */
    @Override
    public void compact() {
        ensureOpen();
        int vacuumed = database.read("vacuum", connection -> {
            try (Statement vacuum = connection.createStatement()) {
                for (DataKind kind : DataKind.values()) {
                    vacuum.execute("VACUUM (ANALYZE) " + Schema.tableOf(kind));
                }
            }
            return DataKind.values().length;
        });
        log.debug("LiteObs store {}: {} tables vacuumed", database.name(), vacuumed);
    }

    /**
     * Takes or renews the lease in {@code alert_leases}, one row per lease: an upsert that changes the row only when
     * it is free, expired or the holder's own, so that of the instances asking at once exactly one is granted it.
     */
    @Override
    public boolean tryLease(AlertEvaluation.Lease lease, long nowMillis, Duration duration) {
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(duration, "duration");
        if (duration.toMillis() < 1) {
            throw new IllegalArgumentException("duration must be at least 1 ms, got " + duration);
        }
        ensureOpen();
        long expiresAt = nowMillis + duration.toMillis();
        return database.inTransaction("lease " + lease.name(),
                connection -> AlertStateTables.tryLease(connection, lease, nowMillis, expiresAt), () -> { });
    }

    @Override
    public void releaseLease(AlertEvaluation.Lease lease) {
        Objects.requireNonNull(lease, "lease");
        ensureOpen();
        database.inTransaction("release of lease " + lease.name(), connection -> {
            AlertStateTables.releaseLease(connection, lease);
            return lease;
        }, () -> { });
    }

    @Override
    public AlertRuleState loadAlertState(String ruleId) {
        ensureOpen();
        return reader.loadAlertState(ruleId);
    }

    /**
     * Writes the instances' state, the rules' latest evaluations and their alerts in one transaction, after checking
     * in it that the evaluations' leases are still held; the check locks the lease row, so that no other instance
     * takes the lease over before the transaction commits.
     */
    @Override
    public boolean commitAlertEvaluations(List<AlertEvaluation> evaluations) {
        List<AlertEvaluation> all = List.copyOf(evaluations);
        ensureOpen();
        if (all.isEmpty()) {
            return true;
        }
        return database.inTransaction("evaluation of " + all.size() + " alert rules", connection -> {
            // a round's evaluations share one lease and one time: each pair is checked once
            Set<Map.Entry<AlertEvaluation.Lease, Long>> checked = new HashSet<>();
            for (AlertEvaluation evaluation : all) {
                AlertEvaluation.Lease lease = evaluation.lease();
                if (lease != null && checked.add(Map.entry(lease, evaluation.evaluatedAtMillis()))
                        && !AlertStateTables.holdsLease(connection, lease, evaluation.evaluatedAtMillis())) {
                    return false;
                }
            }
            for (AlertEvaluation evaluation : all) {
                AlertStateTables.writeState(connection, sourceId, evaluation);
                AlertStateTables.insertAttempts(connection, sourceId, evaluation.queuedNotifications());
                AlertTable.UPSERT.insert(connection, sourceId, evaluation.alerts());
            }
            return true;
        }, () -> { });
    }

    @Override
    public void recordNotificationAttempts(List<NotificationAttempt> attempts) {
        List<NotificationAttempt> all = List.copyOf(attempts);
        ensureOpen();
        if (all.isEmpty()) {
            return;
        }
        database.inTransaction("record of " + all.size() + " notification attempts", connection -> {
            AlertStateTables.insertAttempts(connection, sourceId, all);
            return all.size();
        }, () -> { });
    }

    /**
     * Closes the connections, once the current batch is written. Idempotent and thread-safe; every later call on
     * the store throws {@link StoreException} of kind {@link StoreException.Kind#CLOSED}.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        writeLock.lock();
        try {
            reader.close();
        } finally {
            writeLock.unlock();
        }
        log.debug("LiteObs store {} closed", database.name());
    }

    /** The metric writer, for tests that look at its cache. */
    MetricWriter metricWriter() {
        return metricWriter;
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw SqlErrors.closed(database.name());
        }
    }
}
