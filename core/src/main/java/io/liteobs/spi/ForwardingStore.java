package io.liteobs.spi;

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
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * A store that hands every call to another one: the base of a decorator that times, counts or fails some calls and
 * leaves the rest alone, so that it overrides only what it changes.
 *
 * <pre>{@code
 * final class TimedStore extends ForwardingStore {
 *     TimedStore(ObservabilityStore store) {
 *         super(store);
 *     }
 *
 *     @Override
 *     public void write(WriteBatch batch) {
 *         long started = System.nanoTime();
 *         super.write(batch);
 *         writeNanos.record(System.nanoTime() - started);
 *     }
 * }
 * }</pre>
 */
public abstract class ForwardingStore implements ObservabilityStore {

    private final ObservabilityStore delegate;

    /** @param delegate the store every call goes to; never null */
    protected ForwardingStore(ObservabilityStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /**
     * The store every call goes to.
     *
     * @return the store every call goes to
     */
    protected ObservabilityStore delegate() {
        return delegate;
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public void write(WriteBatch batch) {
        delegate.write(batch);
    }

    @Override
    public List<AuditEntry> findAudit(AuditQuery query) {
        return delegate.findAudit(query);
    }

    @Override
    public List<MetricPoint> findMetricPoints(MetricQuery query) {
        return delegate.findMetricPoints(query);
    }

    @Override
    public List<SeriesPoint> downsample(DownsampleQuery query) {
        return delegate.downsample(query);
    }

    @Override
    public List<WindowAggregate> aggregateWindow(WindowQuery query) {
        return delegate.aggregateWindow(query);
    }

    @Override
    public List<MetricMetadata> findMetricMetadata(@Nullable String name) {
        return delegate.findMetricMetadata(name);
    }

    @Override
    public List<LatestValue> latestValues(long seenSinceMillis, int limit) {
        return delegate.latestValues(seenSinceMillis, limit);
    }

    @Override
    public List<BusinessEvent> findEvents(EventQuery query) {
        return delegate.findEvents(query);
    }

    @Override
    public List<HttpRequest> findHttpRequests(HttpRequestQuery query) {
        return delegate.findHttpRequests(query);
    }

    @Override
    public List<HttpRouteStats> httpRouteStats(HttpStatsQuery query) {
        return delegate.httpRouteStats(query);
    }

    @Override
    public List<HttpRequestCount> countHttpRequests(HttpCountQuery query) {
        return delegate.countHttpRequests(query);
    }

    @Override
    public List<AuditStatusCount> countAudit(AuditCountQuery query) {
        return delegate.countAudit(query);
    }

    @Override
    public Optional<Heartbeat> latestHeartbeat(String workerId) {
        return delegate.latestHeartbeat(workerId);
    }

    @Override
    public List<Heartbeat> latestHeartbeats() {
        return delegate.latestHeartbeats();
    }

    @Override
    public OptionalLong newestTimestamp(DataKind kind) {
        return delegate.newestTimestamp(kind);
    }

    @Override
    public Map<DataKind, Long> rowCounts() {
        return delegate.rowCounts();
    }

    @Override
    public long seriesCount() {
        return delegate.seriesCount();
    }

    @Override
    public long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows) {
        return delegate.deleteOlderThan(kind, cutoffMillis, maxRows);
    }

    @Override
    public long deleteRollupsOlderThan(RollupTier tier, long cutoffMillis, int maxRows) {
        return delegate.deleteRollupsOlderThan(tier, cutoffMillis, maxRows);
    }

    @Override
    public boolean catchUp() {
        return delegate.catchUp();
    }

    @Override
    public boolean workWhileIdle() {
        return delegate.workWhileIdle();
    }

    @Override
    public void compact() {
        delegate.compact();
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public List<AlertRecord> findAlerts(AlertQuery query) {
        return delegate.findAlerts(query);
    }

    @Override
    public List<NotificationAttempt> findNotificationAttempts(NotificationQuery query) {
        return delegate.findNotificationAttempts(query);
    }

    @Override
    public boolean tryLease(AlertEvaluation.Lease lease, long nowMillis, Duration duration) {
        return delegate.tryLease(lease, nowMillis, duration);
    }

    @Override
    public void releaseLease(AlertEvaluation.Lease lease) {
        delegate.releaseLease(lease);
    }

    @Override
    public AlertRuleState loadAlertState(String ruleId) {
        return delegate.loadAlertState(ruleId);
    }

    @Override
    public boolean commitAlertEvaluations(List<AlertEvaluation> evaluations) {
        return delegate.commitAlertEvaluations(evaluations);
    }

    @Override
    public void recordNotificationAttempts(List<NotificationAttempt> attempts) {
        delegate.recordNotificationAttempts(attempts);
    }
}
