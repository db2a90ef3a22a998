package io.liteobs.sqlite;

import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.SortDirection;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/** HTTP requests in {@code http_request_logs}: how they are written, found, read back and summed up per route. */
final class HttpRequestTable {

    static final String INSERT = """
            INSERT INTO http_request_logs (timestamp, method, path, route, status_code, duration_ms, request_id,
                trace_id, user_id, client_ip, user_agent, query, request_bytes, response_bytes, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private static final String SELECT = """
            SELECT timestamp, method, path, route, status_code, duration_ms, request_id, trace_id, user_id,
                client_ip, user_agent, query, request_bytes, response_bytes, error
            FROM http_request_logs""";

    /**
     * The start of a request's step: its timestamp rounded down to a multiple of the step, with the step bound three
     * times, as {@link MetricQueries} rounds buckets.
     */
    private static final String STEP_START = "timestamp - ((timestamp % ?) + ?) % ?";

    /**
     * The nearest rank of each percentile, {@code ceil(p * total / 100)} in integers, as
     * {@link io.liteobs.Aggregation#nearestRank} computes it; the percents are constants of this class.
     */
    private static final String PERCENTILES = """
            max(CASE WHEN position = (50 * total + 99) / 100 THEN duration_ms END) AS p50,
            max(CASE WHEN position = (90 * total + 99) / 100 THEN duration_ms END) AS p90,
            max(CASE WHEN position = (95 * total + 99) / 100 THEN duration_ms END) AS p95,
            max(CASE WHEN position = (99 * total + 99) / 100 THEN duration_ms END) AS p99""";

    private HttpRequestTable() {
    }

    static void insert(WriteSession session, List<HttpRequest> requests) throws SQLException {
        session.executeBatch(INSERT, requests, HttpRequestTable::bind);
    }

    private static void bind(PreparedStatement insert, HttpRequest request) throws SQLException {
        insert.setLong(1, request.timestampMillis());
        insert.setString(2, request.method());
        insert.setString(3, request.path());
        insert.setString(4, request.route());
        insert.setInt(5, request.status());
        insert.setDouble(6, request.durationMillis());
        insert.setString(7, request.requestId());
        insert.setString(8, request.traceId());
        insert.setString(9, request.user());
        insert.setString(10, request.clientAddress());
        insert.setString(11, request.userAgent());
        insert.setString(12, request.query());
        Jdbc.setLong(insert, 13, request.requestBytes());
        Jdbc.setLong(insert, 14, request.responseBytes());
        insert.setString(15, request.error());
    }

    static List<HttpRequest> find(Connection connection, HttpRequestQuery query) throws SQLException {
        Select select = new Select(SELECT)
                .whereWithin("timestamp", query.range())
                .whereEquals("method", query.method())
                .whereEquals("route", query.route())
                .whereEquals("request_id", query.requestId())
                .whereEquals("user_id", query.user());
        if (query.status() != null) {
            select.where("status_code = ?", query.status());
        }
        if (query.statusClass() != null) {
            select.where("status_code >= ? AND status_code < ?", query.statusClass() * 100,
                    query.statusClass() * 100 + 100);
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
                Jdbc.getLong(row, "request_bytes"), Jdbc.getLong(row, "response_bytes"), row.getString("request_id"),
                row.getString("trace_id"), row.getString("user_id"), row.getString("client_ip"),
                row.getString("user_agent"), row.getString("query"), row.getString("error"));
    }

    /**
     * Per-route statistics in one pass of SQL: each request is numbered within its route, method (and step) in
     * ascending order of duration, and the percentiles are the rows at their nearest ranks. Without a step, the
     * (route, method, duration_ms, timestamp, status_code) index hands the rows over already in that order, and
     * covers every column read, so no row is looked up and nothing is sorted.
     */
    static List<HttpRouteStats> stats(Connection connection, HttpStatsQuery query) throws SQLException {
        boolean stepped = query.step() != null;
        long step = query.stepMillis();
        Select ranked = stepped
                ? new Select("SELECT route, method, " + STEP_START + " AS start, status_code, duration_ms,"
                        + " row_number() OVER (PARTITION BY route, method, " + STEP_START
                        + " ORDER BY duration_ms) AS position, count(*) OVER (PARTITION BY route, method, "
                        + STEP_START + ") AS total FROM http_request_logs", step, step, step, step, step, step, step,
                        step, step)
                : new Select("SELECT route, method, ? AS start, status_code, duration_ms,"
                        + " row_number() OVER (PARTITION BY route, method ORDER BY duration_ms) AS position,"
                        + " count(*) OVER (PARTITION BY route, method) AS total FROM http_request_logs",
                        query.range().fromMillis());
        return ranked.whereWithin("timestamp", query.range())
                .whereEquals("route", query.route())
                .whereEquals("method", query.method())
                .within("SELECT route, method, start, count(*) AS requests,"
                                + " sum(status_code >= 400 AND status_code < 500) AS client_errors,"
                                + " sum(status_code >= 500) AS server_errors, " + PERCENTILES
                                + ", max(duration_ms) AS max_ms FROM (",
                        ") GROUP BY route, method, start ORDER BY route, method, start")
                .list(connection, row -> readStats(row, query));
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
