package io.liteobs.memory;

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
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.internal.Checks;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertInstanceState;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.time.Duration;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A store that keeps everything in memory: the reference implementation of the store SPI, and a store for unit
 * tests of code that records through LiteObs, the way Micrometer's {@code SimpleMeterRegistry} serves tests of
 * instrumented code. It answers every query as {@code io.liteobs.sqlite.SqliteStore} does, and passes the same
 * compatibility kit ({@code io.liteobs.store.tck.StoreCompatibilityKit}); where SQLite saves work by approximating
 * (a series' last seen time is written when it moves by a second or more), this store is exact.
 *
 * <pre>{@code
 * InMemoryStore store = InMemoryStore.create();
 * try (LiteObs obs = LiteObs.builder(store).build()) {   // closing LiteObs closes the store too
 *     orderService(obs).cancel("o-1001");
 *     obs.flush(Duration.ofSeconds(5));
 *     List<AuditEntry> audited = store.findAudit(AuditQuery.builder().component("orders").build());
 * }
 * }</pre>
 *
 * <p>Unbounded unless built with {@link Builder#maxRowsPerKind(long)}: a bounded store keeps the rows of each kind
 * written last, and with a bound of 0 it checks and accepts every batch but keeps nothing, for measuring what
 * recording costs without a store's work.
 *
 * <p>Thread-safe: a write holds every reader off until its whole batch is stored, so queries see a batch entirely
 * or not at all. Every method throws {@link StoreException} of kind {@link StoreException.Kind#CLOSED} once the
 * store is closed.
 */
public final class InMemoryStore implements ObservabilityStore {

    /** The store's name unless another is set. */
    public static final String DEFAULT_NAME = "memory";

    private final String name;
    private final long maxRowsPerKind;
    private final Rows<AuditEntry> audit = new Rows<>(AuditEntry::timestampMillis);
    private final Rows<BusinessEvent> events = new Rows<>(BusinessEvent::timestampMillis);
    private final Rows<Heartbeat> heartbeats = new Rows<>(Heartbeat::timestampMillis);
    private final Rows<AlertRecord> alerts = new Rows<>(AlertRecord::openedAtMillis);
    private final Rows<NotificationAttempt> notifications = new Rows<>(NotificationAttempt::timestampMillis);
    /** Alert instance state by rule, then fingerprint. */
    private final Map<String, Map<String, AlertInstanceState>> alertStates = new HashMap<>();
    private final Map<String, Long> lastEvaluated = new HashMap<>();
    /** Leases by name: the holder and when its lease expires. */
    private final Map<String, HeldLease> leases = new HashMap<>();
    private final Rows<HttpRequest> httpRequests = new Rows<>(HttpRequest::timestampMillis);
    private final MetricTable metrics;
    private final ReadWriteLock lock = new ReentrantReadWriteLock();
    private final AtomicBoolean closed = new AtomicBoolean();

    private InMemoryStore(Builder builder) {
        this.name = builder.name;
        this.maxRowsPerKind = builder.maxRowsPerKind;
        this.metrics = new MetricTable(isBounded());
    }

    /**
     * An unbounded store named {@value #DEFAULT_NAME}.
     *
     * @return an unbounded store named {@value #DEFAULT_NAME}
     */
    public static InMemoryStore create() {
        return builder().build();
    }

    /**
     * A builder, to name the store or bound its memory.
     *
     * @return a builder, to name the store or bound its memory
     */
    public static Builder builder() {
        return new Builder();
    }

    private boolean isBounded() {
        return maxRowsPerKind != Long.MAX_VALUE;
    }

    @Override
    public String name() {
        return name;
    }

    /**
     * Stores the whole batch, or nothing of it when an entry is refused. Audit entries, events and alerts whose id
     * is already stored are skipped, so a batch written again stores each of them once. Descriptions apply to the
     * metric's existing series and to those created later.
     *
     * @throws StoreException of kind {@link StoreException.Kind#REJECTED_DATA} when an entry lacks a required
     *                        field or a metric value is not finite
     */
    @Override
    public void write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        inLock(lock.writeLock(), () -> {
            store(batch);
            return null;
        });
    }

    private void store(WriteBatch batch) {
        refuseInvalid(batch);
        batch.descriptions().forEach(metrics::describe);
        batch.audit().forEach(entry -> audit.insert(entry.id(), entry));
        batch.events().forEach(event -> events.insert(event.id(), event));
        batch.heartbeats().forEach(beat -> heartbeats.insert(null, beat));
        batch.alerts().forEach(alert -> alerts.insert(alert.id(), AlertRecord.of(alert)));
        batch.metrics().forEach(metrics::insert);
        batch.httpRequests().forEach(request -> httpRequests.insert(null, request));
        if (isBounded()) {
            List.of(audit, events, heartbeats, alerts, httpRequests).forEach(rows -> rows.keepNewest(maxRowsPerKind));
            metrics.keepNewest(maxRowsPerKind);
        }
    }

    /** Refuses the batch for the first entry a database's constraints would refuse. */
    private void refuseInvalid(WriteBatch batch) {
        for (AuditEntry entry : batch.audit()) {
            requireFields("audit entry", entry, entry.id(), entry.component(), entry.operation(), entry.status());
        }
        for (BusinessEvent event : batch.events()) {
            requireFields("business event", event, event.id(), event.eventType(), event.service());
        }
        for (Heartbeat beat : batch.heartbeats()) {
            requireFields("heartbeat", beat, beat.workerId());
        }
        for (HttpRequest request : batch.httpRequests()) {
            requireFields("HTTP request", request, request.method(), request.path(), request.route());
        }
        for (MetricPoint point : batch.metrics()) {
            requireFields("metric point", point, point.name());
            if (!Double.isFinite(point.value())) {
                throw new StoreException(StoreException.Kind.REJECTED_DATA, "metric point " + point.name() + " "
                        + point.labels() + " has the value " + point.value() + "; store " + name
                        + " stores finite values only", null);
            }
        }
    }

    private void requireFields(String what, Object entry, @Nullable Object... required) {
        for (Object field : required) {
            if (field == null) {
                throw new StoreException(StoreException.Kind.REJECTED_DATA, what + " lacks a required field, store "
                        + name + " refused the batch: " + entry, null);
            }
        }
    }

    /** Entries in the query's order; ties broken by insertion order in the same direction. */
    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        Objects.requireNonNull(query, "query");
        Comparator<Rows.Row<AuditEntry>> order = switch (query.orderBy()) {
            case TIME -> inDirection(Comparator.comparingLong(row -> row.value().timestampMillis()),
                    query.direction());
            case DURATION -> Comparator.<Rows.Row<AuditEntry>, Boolean>comparing(
                            row -> row.value().durationMillis() == null)
                    .thenComparing(inDirection(Comparator.comparing(row -> row.value().durationMillis(),
                            Comparator.nullsLast(Comparator.<Long>naturalOrder())), query.direction()));
        };
        return read(() -> audit.stream()
                .filter(row -> within(row.value().timestampMillis(), query.range())
                        && matches(query.component(), row.value().component())
                        && matches(query.operation(), row.value().operation())
                        && matches(query.status(), row.value().status())
                        && matches(query.userId(), row.value().userId())
                        && matches(query.requestId(), row.value().requestId()))
                .sorted(order.thenComparing(inDirection(Comparator.comparingLong(Rows.Row::number),
                        query.direction())))
                .skip(query.page().offset()).limit(query.page().limit())
                .map(Rows.Row::value).toList());
    }

    /** Events by time in the query's direction; ties broken by insertion order in the same direction. */
    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        Objects.requireNonNull(query, "query");
        Comparator<Rows.Row<BusinessEvent>> order = inDirection(Comparator.<Rows.Row<BusinessEvent>>comparingLong(
                row -> row.value().timestampMillis()).thenComparingLong(Rows.Row::number), query.direction());
        return read(() -> events.stream()
                .filter(row -> within(row.value().timestampMillis(), query.range())
                        && matches(query.eventType(), row.value().eventType())
                        && matches(query.service(), row.value().service())
                        && matches(query.entityType(), row.value().entityType())
                        && matches(query.entityId(), row.value().entityId())
                        && matches(query.userId(), row.value().userId()))
                .sorted(order)
                .skip(query.page().offset()).limit(query.page().limit())
                .map(Rows.Row::value).toList());
    }

    /** Requests in the query's order; ties broken by insertion order in the same direction. */
    @Override
    public List<HttpRequest> findHttpRequests(HttpRequestQuery query) {
        Objects.requireNonNull(query, "query");
        Comparator<Rows.Row<HttpRequest>> order = switch (query.orderBy()) {
            case TIME -> Comparator.comparingLong(row -> row.value().timestampMillis());
            case DURATION -> Comparator.comparingDouble(row -> row.value().durationMillis());
        };
        Double minDuration = query.minDurationMillis();
        return read(() -> httpRequests.stream()
                .filter(row -> within(row.value().timestampMillis(), query.range())
                        && matches(query.method(), row.value().method())
                        && matches(query.route(), row.value().route())
                        && (query.status() == null || query.status() == row.value().status())
                        && (query.statusClass() == null || query.statusClass() == row.value().status() / 100)
                        && (minDuration == null || row.value().durationMillis() >= minDuration)
                        && matches(query.requestId(), row.value().requestId())
                        && matches(query.user(), row.value().user()))
                .sorted(inDirection(order.thenComparingLong(Rows.Row::number), query.direction()))
                .skip(query.page().offset()).limit(query.page().limit())
                .map(Rows.Row::value).toList());
    }

    /** Exact statistics over every request in range, computed as the SQLite store computes them. */
    @Override
    public List<HttpRouteStats> httpRouteStats(HttpStatsQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> HttpStatistics.of(httpRequests.stream().map(Rows.Row::value), query));
    }

    @Override
    public List<HttpRequestCount> countHttpRequests(HttpCountQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> HttpStatistics.count(httpRequests.stream().map(Rows.Row::value), query));
    }

    @Override
    public List<AuditStatusCount> countAudit(AuditCountQuery query) {
        Objects.requireNonNull(query, "query");
        Comparator<AuditStatusCount> order = Comparator.comparing(AuditStatusCount::component,
                        HttpStatistics.CODE_POINT_ORDER)
                .thenComparing(AuditStatusCount::operation, HttpStatistics.CODE_POINT_ORDER)
                .thenComparing(AuditStatusCount::status, HttpStatistics.CODE_POINT_ORDER);
        return read(() -> {
            Map<AuditStatusCount, Long> counts = new TreeMap<>(order);
            audit.stream().map(Rows.Row::value)
                    .filter(entry -> within(entry.timestampMillis(), query.range())
                            && matches(query.component(), entry.component())
                            && matches(query.operation(), entry.operation()))
                    .forEach(entry -> counts.merge(new AuditStatusCount(entry.component(), entry.operation(),
                            entry.status(), 0), 1L, Long::sum));
            return counts.entrySet().stream().map(count -> new AuditStatusCount(count.getKey().component(),
                    count.getKey().operation(), count.getKey().status(), count.getValue())).toList();
        });
    }

    private static <T> Comparator<T> inDirection(Comparator<T> ascending, SortDirection direction) {
        return direction == SortDirection.ASC ? ascending : ascending.reversed();
    }

    /** An exact match, as a query's filter asks: null matches everything, and a value never matches null. */
    private static boolean matches(@Nullable String filter, @Nullable String value) {
        return filter == null || filter.equals(value);
    }

    private static boolean within(long timestampMillis, TimeRange range) {
        return timestampMillis >= range.fromMillis() && timestampMillis < range.toMillis();
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> metrics.findPoints(query));
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> metrics.downsample(query));
    }

    @Override
    public List<WindowAggregate> aggregateWindow(WindowQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> metrics.aggregateWindow(query));
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(@Nullable String name) {
        return read(() -> metrics.findMetadata(name));
    }

    /** The worker's beat with the greatest timestamp; of beats sharing it, the one written last. */
    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        Objects.requireNonNull(workerId, "workerId");
        return read(() -> heartbeats.stream()
                .filter(row -> row.value().workerId().equals(workerId))
                .max(Comparator.<Rows.Row<Heartbeat>>comparingLong(row -> row.value().timestampMillis())
                        .thenComparingLong(Rows.Row::number))
                .map(Rows.Row::value));
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        return read(() -> heartbeats.stream()
                .collect(Collectors.toMap(row -> row.value().workerId(), row -> row, (older, newer) ->
                        newer.value().timestampMillis() >= older.value().timestampMillis() ? newer : older))
                .values().stream()
                .map(Rows.Row::value)
                .sorted(Comparator.comparing(Heartbeat::workerId))
                .toList());
    }

    /**
     * Deletes audit entries, events, heartbeats, alerts and HTTP requests first-written first; metric points series
     * by series, each series' oldest first. A series whose points are deleted stays described.
     */
    @Override
    public long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        Objects.requireNonNull(kind, "kind");
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        return inLock(lock.writeLock(), () -> switch (kind) {
            case AUDIT -> audit.deleteOlderThan(cutoffMillis, maxRows);
            case METRICS -> metrics.deleteOlderThan(cutoffMillis, maxRows);
            case EVENTS -> events.deleteOlderThan(cutoffMillis, maxRows);
            case HEARTBEATS -> heartbeats.deleteOlderThan(cutoffMillis, maxRows);
            case ALERTS -> deleteAlertingOlderThan(cutoffMillis, maxRows);
            case HTTP_REQUESTS -> httpRequests.deleteOlderThan(cutoffMillis, maxRows);
        });
    }

    /**
     * Alerting's rows, in the order SQLite's store deletes them: alerts that are resolved (or the library's own),
     * delivery attempts, then the instances and the latest evaluation of rules not evaluated since the cutoff, an
     * instance only when it has no open alert, a rule only when it has no instance left.
     */
    private long deleteAlertingOlderThan(long cutoffMillis, int maxRows) {
        long deleted = alerts.deleteOlderThan(cutoffMillis, maxRows,
                alert -> !alert.isOpen() || alert.ruleId() == null);
        deleted += notifications.deleteOlderThan(cutoffMillis, maxRows - deleted, attempt -> true);
        Iterator<Map.Entry<String, Long>> rules = lastEvaluated.entrySet().iterator();
        while (deleted < maxRows && rules.hasNext()) {
            Map.Entry<String, Long> rule = rules.next();
            if (rule.getValue() >= cutoffMillis) {
                continue;
            }
            Map<String, AlertInstanceState> instances = alertStates.getOrDefault(rule.getKey(), new HashMap<>());
            Iterator<AlertInstanceState> states = instances.values().iterator();
            while (deleted < maxRows && states.hasNext()) {
                if (!hasOpenAlert(states.next())) {
                    states.remove();
                    deleted++;
                }
            }
            if (instances.isEmpty() && deleted < maxRows) {
                alertStates.remove(rule.getKey());
                rules.remove();
                deleted++;
            }
        }
        return deleted;
    }

    private boolean hasOpenAlert(AlertInstanceState state) {
        String alertId = state.alertId();
        AlertRecord alert = alertId == null ? null : alerts.get(alertId);
        return alert != null && alert.isOpen();
    }

    /** Nothing to give back: memory is freed as rows are deleted. */
    @Override
    public void compact() {
        ensureOpen();
    }

    /**
     * The greatest timestamp of audit entries, events, alerts and HTTP requests; the timestamp of the heartbeat written last;
     * the greatest last seen time of any series for metric points.
     */
    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        Objects.requireNonNull(kind, "kind");
        return read(() -> switch (kind) {
            case AUDIT -> audit.newestTimestamp();
            case METRICS -> metrics.newestTimestamp();
            case EVENTS -> events.newestTimestamp();
            case HEARTBEATS -> heartbeats.lastInsertedTimestamp();
            case ALERTS -> alerts.newestTimestamp();
            case HTTP_REQUESTS -> httpRequests.newestTimestamp();
        });
    }

    @Override
    public Map<DataKind, Long> rowCounts() {
        return read(() -> {
            Map<DataKind, Long> counts = new EnumMap<>(DataKind.class);
            counts.put(DataKind.AUDIT, audit.size());
            counts.put(DataKind.METRICS, metrics.pointCount());
            counts.put(DataKind.EVENTS, events.size());
            counts.put(DataKind.HEARTBEATS, heartbeats.size());
            counts.put(DataKind.ALERTS, alerts.size());
            counts.put(DataKind.HTTP_REQUESTS, httpRequests.size());
            return Collections.unmodifiableMap(counts);
        });
    }

    @Override
    public long seriesCount() {
        return read(metrics::seriesCount);
    }

    /** Alerts newest opened first; ties broken by insertion order, last first. */
    @Override
    public List<AlertRecord> findAlerts(AlertQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> alerts.stream()
                .filter(row -> within(row.value().openedAtMillis(), query.range())
                        && (!query.openOnly() || row.value().isOpen())
                        && matches(query.severity(), row.value().severity())
                        && matches(query.ruleId(), row.value().ruleId())
                        && matches(query.source(), row.value().source()))
                .sorted(Comparator.<Rows.Row<AlertRecord>>comparingLong(row -> row.value().openedAtMillis())
                        .thenComparingLong(Rows.Row::number).reversed())
                .skip(query.page().offset()).limit(query.page().limit())
                .map(Rows.Row::value).toList());
    }

    @Override
    public List<NotificationAttempt> findNotificationAttempts(NotificationQuery query) {
        Objects.requireNonNull(query, "query");
        return read(() -> notifications.stream()
                .filter(row -> within(row.value().timestampMillis(), query.range())
                        && matches(query.ruleId(), row.value().ruleId())
                        && matches(query.notificationId(), row.value().notificationId()))
                .sorted(Comparator.<Rows.Row<NotificationAttempt>>comparingLong(
                        row -> row.value().timestampMillis()).thenComparingLong(Rows.Row::number).reversed())
                .skip(query.page().offset()).limit(query.page().limit())
                .map(Rows.Row::value).toList());
    }

    @Override
    public boolean tryLease(AlertEvaluation.Lease lease, long nowMillis, Duration duration) {
        Objects.requireNonNull(lease, "lease");
        long expiresAt = nowMillis + Checks.positive("duration", duration).toMillis();
        return inLock(lock.writeLock(), () -> {
            HeldLease held = leases.get(lease.name());
            if (held != null && !held.holder().equals(lease.holder()) && held.expiresAtMillis() > nowMillis) {
                return false;
            }
            leases.put(lease.name(), new HeldLease(lease.holder(), expiresAt));
            return true;
        });
    }

    @Override
    public void releaseLease(AlertEvaluation.Lease lease) {
        Objects.requireNonNull(lease, "lease");
        inLock(lock.writeLock(), () -> leases.computeIfPresent(lease.name(),
                (name, held) -> held.holder().equals(lease.holder()) ? null : held));
    }

    @Override
    public AlertRuleState loadAlertState(String ruleId) {
        Objects.requireNonNull(ruleId, "ruleId");
        return read(() -> new AlertRuleState(ruleId, lastEvaluated.get(ruleId),
                List.copyOf(alertStates.getOrDefault(ruleId, Map.of()).values())));
    }

    @Override
    public boolean commitAlertEvaluations(List<AlertEvaluation> evaluations) {
        List<AlertEvaluation> all = List.copyOf(evaluations);
        return inLock(lock.writeLock(), () -> {
            if (!all.stream().allMatch(this::holdsLease)) {
                return false;
            }
            for (AlertEvaluation evaluation : all) {
                Map<String, AlertInstanceState> states = alertStates.computeIfAbsent(evaluation.ruleId(),
                        rule -> new LinkedHashMap<>());
                evaluation.removedFingerprints().forEach(states::remove);
                evaluation.states().forEach(state -> states.put(state.fingerprint(), state));
                evaluation.alerts().forEach(alert -> alerts.put(alert.id(), alert));
                evaluation.queuedNotifications().forEach(attempt -> notifications.insert(null, attempt));
                lastEvaluated.put(evaluation.ruleId(), evaluation.evaluatedAtMillis());
            }
            return true;
        });
    }

    /** Whether the evaluation names no lease, or one its holder holds at the evaluation's time. */
    private boolean holdsLease(AlertEvaluation evaluation) {
        AlertEvaluation.Lease lease = evaluation.lease();
        if (lease == null) {
            return true;
        }
        HeldLease held = leases.get(lease.name());
        return held != null && held.holder().equals(lease.holder())
                && held.expiresAtMillis() > evaluation.evaluatedAtMillis();
    }

    @Override
    public void recordNotificationAttempts(List<NotificationAttempt> attempts) {
        Objects.requireNonNull(attempts, "attempts");
        inLock(lock.writeLock(), () -> {
            attempts.forEach(attempt -> notifications.insert(null, attempt));
            if (isBounded()) {
                notifications.keepNewest(maxRowsPerKind);
            }
            return null;
        });
    }

    /** Who holds a lease, and until when. */
    private record HeldLease(String holder, long expiresAtMillis) {
    }

    /** Closes the store; idempotent. What it held is let go with it. */
    @Override
    public void close() {
        closed.set(true);
    }

    private <T> T read(Supplier<T> query) {
        return inLock(lock.readLock(), query);
    }

    private <T> T inLock(Lock held, Supplier<T> action) {
        held.lock();
        try {
            ensureOpen();
            return action.get();
        } finally {
            held.unlock();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StoreException(StoreException.Kind.CLOSED, "store " + name + " is closed", null);
        }
    }

    @Override
    public String toString() {
        return "InMemoryStore[" + name + "]";
    }

    /** Settings for an {@link InMemoryStore}. */
    public static final class Builder {

        private String name = DEFAULT_NAME;
        private long maxRowsPerKind = Long.MAX_VALUE;

        private Builder() {
        }

        /**
         * The name in thread names and log messages; {@value InMemoryStore#DEFAULT_NAME} unless set.
         *
         * @param name never null
         * @return this builder
         */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Keeps at most this many rows of each kind, and as many metric series: the rows written last stay, and
         * the series created last of those holding no points. No bound unless set.
         *
         * @param rows 0 (check and accept every batch, keep nothing) or more
         * @return this builder
         * @throws IllegalArgumentException when negative
         */
        public Builder maxRowsPerKind(long rows) {
            if (rows < 0) {
                throw new IllegalArgumentException("maxRowsPerKind must be 0 (keep nothing) or more, got " + rows);
            }
            this.maxRowsPerKind = rows;
            return this;
        }

        /**
         * The store.
         *
         * @return the store
         */
        public InMemoryStore build() {
            return new InMemoryStore(this);
        }
    }
}
