package io.liteobs.postgres;

import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.SortDirection;
import io.liteobs.postgres.BatchInsert.Column;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** HTTP requests in {@code http_request_logs}: how they are written, found, read back and summed up per route. */
final class HttpRequestTable {

    /** A request without a route fails the batch (NOT NULL, 23502): the logger always gives one. */
    static final BatchInsert<HttpRequest> INSERT = new BatchInsert<>(Schema.HTTP_REQUESTS, "",
            List.of(new Column<>("timestamp", HttpRequest::timestampMillis),
                    new Column<>("method", HttpRequest::method),
                    new Column<>("path", HttpRequest::path),
                    new Column<>("route", HttpRequest::route),
                    new Column<>("status_code", HttpRequest::status),
                    new Column<>("duration_ms", HttpRequest::durationMillis),
                    new Column<>("request_id", HttpRequest::requestId),
                    new Column<>("trace_id", HttpRequest::traceId),
                    new Column<>("user_id", HttpRequest::user),
                    new Column<>("client_ip", HttpRequest::clientAddress),
                    new Column<>("user_agent", HttpRequest::userAgent),
                    new Column<>("query", HttpRequest::query),
                    new Column<>("request_bytes", HttpRequest::requestBytes),
                    new Column<>("response_bytes", HttpRequest::responseBytes),
                    new Column<>("error", HttpRequest::error)));

    private static final String SELECT = """
            SELECT timestamp, method, path, route, status_code, duration_ms, request_id, trace_id, user_id,
                client_ip, user_agent, query, request_bytes, response_bytes, error
            FROM http_request_logs""";

    /** A request's step: its timestamp rounded down to a multiple of the step, as {@link MetricQueries} buckets. */
    private static final String STEP_START = "timestamp - ((timestamp % ?) + ?) % ?";

    /**
     * The nearest rank of each percentile, {@code ceil(p * total / 100)} in integers, as
     * {@link io.liteobs.Aggregation#nearestRank} computes it; {@code percentile_disc} would interpolate no value
     * either, but ranks by the fraction {@code p / 100} in floating point, which the kit's nearest ranks need not
     * match.
     */
    private static final String PERCENTILES = """
            max(duration_ms) FILTER (WHERE position = (50 * total + 99) / 100) AS p50,
            max(duration_ms) FILTER (WHERE position = (90 * total + 99) / 100) AS p90,
            max(duration_ms) FILTER (WHERE position = (95 * total + 99) / 100) AS p95,
            max(duration_ms) FILTER (WHERE position = (99 * total + 99) / 100) AS p99""";

    private HttpRequestTable() {
    }

    /** The requests the query matches, written by the source, or by every source when it is null. */
    static List<HttpRequest> find(Connection connection, HttpRequestQuery query, @Nullable Integer sourceId)
            throws SQLException {
        Select select = new Select(SELECT)
                .whereWithin("timestamp", query.range())
                .whereSource("source_id", sourceId)
                .whereEquals("method", query.method())
                .whereEquals("route", query.route())
                .whereEquals("request_id", query.requestId())
                .whereEquals("user_id", query.user());
        Integer status = query.status();
        if (status != null) {
            select.where("status_code = ?", status);
        }
        Integer statusClass = query.statusClass();
        if (statusClass != null) {
            select.where("status_code >= ? AND status_code < ?", statusClass * 100, statusClass * 100 + 100);
        }
        Double minDuration = query.minDurationMillis();
        if (minDuration != null) {
            select.where("duration_ms >= ?", minDuration);
        }
        return select.append("ORDER BY " + orderBy(query.orderBy(), query.direction()))
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset())
                .list(connection, HttpRequestTable::read);
    }

    /** Ties are broken by row id, in the same direction, so that pages never overlap. */
    private static String orderBy(HttpRequestOrder order, SortDirection direction) {
        String keyword = Select.keyword(direction);
        return switch (order) {
            case TIME -> "timestamp " + keyword + ", id " + keyword;
            case DURATION -> "duration_ms " + keyword + ", id " + keyword;
        };
    }

    private static HttpRequest read(ResultSet row) throws SQLException {
        return new HttpRequest(row.getLong("timestamp"), row.getString("method"), row.getString("path"),
                row.getString("route"), row.getInt("status_code"), Math.round(row.getDouble("duration_ms") * 1e6),
                row.getObject("request_bytes", Long.class), row.getObject("response_bytes", Long.class),
                row.getString("request_id"), row.getString("trace_id"), row.getString("user_id"),
                row.getString("client_ip"), row.getString("user_agent"), row.getString("query"),
                row.getString("error"));
    }

    /**
     * Per-route statistics, exact, in one statement: each request in range is numbered within its route, method
     * (and step) in ascending order of duration, and the percentiles are the rows at their nearest ranks. Over
     * the requests of the source, or of every source when it is null.
     */
    static List<HttpRouteStats> stats(Connection connection, HttpStatsQuery query, @Nullable Integer sourceId)
            throws SQLException {
        boolean stepped = query.step() != null;
        long step = query.stepMillis();
        Select ranked = new Select("SELECT route, method, " + (stepped ? STEP_START : "?::bigint") + " AS start,"
                + " status_code, duration_ms, row_number() OVER byDuration AS position,"
                + " count(*) OVER (byDuration ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS total"
                + " FROM http_request_logs",
                stepped ? new Object[] {step, step, step} : new Object[] {query.range().fromMillis()});
        ranked.whereWithin("timestamp", query.range())
                .whereSource("source_id", sourceId)
                .whereEquals("route", query.route())
                .whereEquals("method", query.method());
        if (stepped) {
            ranked.append("WINDOW byDuration AS (PARTITION BY route, method, " + STEP_START
                    + " ORDER BY duration_ms)", step, step, step);
        } else {
            ranked.append("WINDOW byDuration AS (PARTITION BY route, method ORDER BY duration_ms)");
        }
        return ranked.within("SELECT route, method, start, count(*) AS requests,"
                                + " count(*) FILTER (WHERE status_code >= 400 AND status_code < 500) AS client_errors,"
                                + " count(*) FILTER (WHERE status_code >= 500) AS server_errors, " + PERCENTILES
                                + ", max(duration_ms) AS max_ms FROM (",
                        ") AS ranked GROUP BY route, method, start ORDER BY route, method, start")
                .list(connection, row -> readStats(row, query));
    }

    /** The requests per route, method and status in one GROUP BY, of the source or of every source. */
    static List<HttpRequestCount> count(Connection connection, HttpCountQuery query, @Nullable Integer sourceId)
            throws SQLException {
        Double threshold = query.thresholdMillis();
        Select select = threshold == null
                ? new Select("SELECT route, method, status_code, count(*) AS requests, count(*) AS within_threshold"
                        + " FROM http_request_logs")
                : new Select("SELECT route, method, status_code, count(*) AS requests,"
                        + " count(*) FILTER (WHERE coalesce(duration_ms, 0) <= ?) AS within_threshold"
                        + " FROM http_request_logs", threshold);
        return select.whereWithin("timestamp", query.range())
                .whereSource("source_id", sourceId)
                .whereEquals("route", query.route())
                .whereEquals("method", query.method())
                .append("GROUP BY route, method, status_code ORDER BY route, method, status_code")
                .list(connection, row -> new HttpRequestCount(row.getString("method"), row.getString("route"),
                        row.getInt("status_code"), row.getLong("requests"), row.getLong("within_threshold")));
    }

    private static HttpRouteStats readStats(ResultSet row, HttpStatsQuery query) throws SQLException {
        long start = row.getLong("start");
        long count = row.getLong("requests");
        return new HttpRouteStats(row.getString("method"), row.getString("route"), start, count,
                count / query.secondsCovered(start), (double) row.getLong("client_errors") / count,
                (double) row.getLong("server_errors") / count, row.getDouble("p50"), row.getDouble("p90"),
                row.getDouble("p95"), row.getDouble("p99"), row.getDouble("max_ms"));
    }
}
