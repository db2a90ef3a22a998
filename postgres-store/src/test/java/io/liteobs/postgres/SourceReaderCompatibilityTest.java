package io.liteobs.postgres;

import static io.liteobs.store.tck.Entries.DAY;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.alert;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.event;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.httpRequest;
import static io.liteobs.store.tck.Entries.point;

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
import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.store.tck.StoreCompatibilityKit;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compatibility kit, read through {@link PostgresStore#forSource}: the store under test writes as one source and
 * answers every query through a reader of that source, while another source has written rows of every kind into the
 * same tables beforehand — with the kit's metric names, labels, worker id and routes, a century after the kit's
 * timestamps, where retention leaves them alone. A reader that let any of them through would fail the kit's exact
 * answers.
 */
class SourceReaderCompatibilityTest extends StoreCompatibilityKit {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final long LATER = T0 + 36_500 * DAY;

    @Override
    protected ObservabilityStore openStore(Path directory) {
        String url = postgres.createSchema();
        try (PostgresStore other = PostgresStore.open(PostgresOptions.builder(url).service("other")
                .instance("other-1").build())) {
            other.write(batch(audit("other-a", LATER).build(), event("other-e", LATER).build(),
                    heartbeat("w-1", LATER), heartbeat("worker-1", LATER), alert("other-alert", LATER),
                    httpRequest("GET", "/orders", 500, 9, LATER), point("latency", 99, LATER),
                    point("latency", 98, LATER, "region", "eu"), point("queue", 97, LATER)));
        }
        PostgresStore store = PostgresStore.open(PostgresOptions.builder(url).service("kit").instance("kit-1")
                .build());
        return new SourceReading(store, store.forSource("kit", "kit-1"));
    }

    /** Writes through the store, reads through the reader of its source. */
    private static final class SourceReading extends ForwardingStore {

        private final PostgresReader reader;

        SourceReading(PostgresStore store, PostgresReader reader) {
            super(store);
            this.reader = reader;
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
        public List<WindowAggregate> aggregateWindow(WindowQuery query) {
            return reader.aggregateWindow(query);
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
        public OptionalLong newestTimestamp(DataKind kind) {
            return reader.newestTimestamp(kind);
        }

        @Override
        public Map<DataKind, Long> rowCounts() {
            return reader.rowCounts();
        }

        @Override
        public long seriesCount() {
            return reader.seriesCount();
        }

        @Override
        public List<AlertRecord> findAlerts(AlertQuery query) {
            return reader.findAlerts(query);
        }

        @Override
        public List<NotificationAttempt> findNotificationAttempts(NotificationQuery query) {
            return reader.findNotificationAttempts(query);
        }
    }
}
