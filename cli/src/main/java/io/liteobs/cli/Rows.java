package io.liteobs.cli;

import io.liteobs.AlertRecord;
import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Heartbeat;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRouteStats;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.sqlite.StoredAlert;
import java.util.List;

/**
 * The columns of each kind of stored row, and its values in that order: the queries and the exports print a kind
 * the same way. Column names are the schema's where it has one.
 */
final class Rows {

    static final List<Column> AUDIT = List.of(Column.time("timestamp"), Column.text("component"),
            Column.text("operation"), Column.text("status"), Column.text("user_id"), Column.text("session_id"),
            Column.text("request_id"), Column.duration("duration_ms"), Column.text("error_code"),
            Column.text("error_message"), Column.json("parameters"), Column.json("result"), Column.json("metadata"),
            Column.text("entry_id"));

    static final List<Column> EVENTS = List.of(Column.time("timestamp"), Column.text("event_type"),
            Column.text("service"), Column.text("entity_type"), Column.text("entity_id"), Column.text("user_id"),
            Column.text("action"), Column.bool("success"), Column.json("details"), Column.text("event_id"));

    static final List<Column> HEARTBEATS = List.of(Column.text("worker_id"), Column.time("timestamp"),
            Column.duration("interval_ms"), Column.text("host"), Column.integer("pid"),
            Column.integer("live_threads"), Column.bytes("heap_used"), Column.bytes("heap_committed"),
            Column.bytes("heap_max"), Column.bytes("non_heap_used"), Column.integer("gc_count"),
            Column.duration("gc_time_ms"), Column.number("process_cpu_load"), Column.duration("uptime_ms"));

    static final List<Column> ALERTS = List.of(Column.time("timestamp"), Column.text("severity"),
            Column.text("source"), Column.text("message"), Column.json("details"), Column.time("resolved_at"),
            Column.text("alert_id"));

    static final List<Column> POINTS = List.of(Column.time("timestamp"), Column.text("name"), Column.json("labels"),
            Column.number("value"), Column.text("unit"));

    static final List<Column> SERIES = List.of(Column.text("name"), Column.json("labels"), Column.text("type"),
            Column.text("unit"), Column.time("first_seen"), Column.time("last_seen"), Column.text("description"),
            Column.integer("series_id"));

    /** Durations in milliseconds with their fraction, as the store keeps them: a number, not a whole duration. */
    static final List<Column> HTTP_REQUESTS = List.of(Column.time("timestamp"), Column.text("method"),
            Column.text("path"), Column.text("route"), Column.integer("status_code"), Column.number("duration_ms"),
            Column.text("request_id"), Column.text("trace_id"), Column.text("user_id"), Column.text("client_ip"),
            Column.text("user_agent"), Column.text("query"), Column.bytes("request_bytes"),
            Column.bytes("response_bytes"), Column.text("error"));

    static final List<Column> HTTP_ROUTES = List.of(Column.text("method"), Column.text("route"),
            Column.time("start"), Column.integer("count"), Column.number("requests_per_second"),
            Column.number("client_error_rate"), Column.number("server_error_rate"), Column.number("p50_ms"),
            Column.number("p90_ms"), Column.number("p95_ms"), Column.number("p99_ms"), Column.number("max_ms"));

    private Rows() {
    }

    static void audit(Output out, AuditEntry entry) {
        out.row(entry.timestampMillis(), entry.component(), entry.operation(), entry.status(), entry.userId(),
                entry.sessionId(), entry.requestId(), entry.durationMillis(), entry.errorCode(), entry.errorMessage(),
                entry.parametersJson(), entry.resultJson(), entry.metadataJson(), entry.id());
    }

    static void event(Output out, BusinessEvent event) {
        out.row(event.timestampMillis(), event.eventType(), event.service(), event.entityType(), event.entityId(),
                event.userId(), event.action(), event.success(), event.detailsJson(), event.id());
    }

    static void heartbeat(Output out, Heartbeat beat) {
        out.row(beat.workerId(), beat.timestampMillis(), beat.intervalMillis(), beat.host(), beat.pid(),
                beat.liveThreads(), beat.heapUsed(), beat.heapCommitted(), beat.heapMax(), beat.nonHeapUsed(),
                beat.gcCount(), beat.gcTimeMillis(), beat.processCpuLoad(), beat.uptimeMillis());
    }

    /** An alert as the store SPI reads it, in the columns of {@link #ALERTS}. */
    static void alert(Output out, AlertRecord alert) {
        out.row(alert.openedAtMillis(), alert.severity(), alert.source(), alert.message(), alert.detailsJson(),
                alert.resolvedAtMillis(), alert.id());
    }

    static void alert(Output out, StoredAlert stored) {
        out.row(stored.alert().timestampMillis(), stored.alert().severity(), stored.alert().source(),
                stored.alert().message(), stored.alert().detailsJson(), stored.resolvedAtMillis(), stored.alert().id());
    }

    static void point(Output out, MetricPoint point) {
        out.row(point.timestampMillis(), point.name(), point.labels().toJson(), point.value(), point.unit());
    }

    static void series(Output out, MetricMetadata series) {
        out.row(series.name(), series.labels().toJson(), series.type().storedName(),
                series.unit(), series.firstSeenMillis(), series.lastSeenMillis(), series.description(),
                series.seriesId());
    }

    static void httpRequest(Output out, HttpRequest request) {
        out.row(request.timestampMillis(), request.method(), request.path(), request.route(), request.status(),
                request.durationMillis(), request.requestId(), request.traceId(), request.user(),
                request.clientAddress(), request.userAgent(), request.query(), request.requestBytes(),
                request.responseBytes(), request.error());
    }

    static void httpRoute(Output out, HttpRouteStats stats) {
        out.row(stats.method(), stats.route(), stats.startMillis(), stats.count(), stats.requestsPerSecond(),
                stats.clientErrorRate(), stats.serverErrorRate(), stats.p50Millis(), stats.p90Millis(),
                stats.p95Millis(), stats.p99Millis(), stats.maxMillis());
    }
}
