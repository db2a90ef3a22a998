package io.liteobs.sqlite;

import io.liteobs.Aggregation;
import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** HTTP requests in {@code http_request_logs}: how they are written, found, read back and summed up per route. */
final class HttpRequestTable {

    static final String INSERT = """
            INSERT INTO http_request_logs (timestamp, method, path, route, status_code, duration_ms, request_id,
                trace_id, user_id, client_ip, user_agent, query, request_bytes, response_bytes, error)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    /** The columns a request is read from. */
    private static final String[] COLUMNS = {"timestamp", "method", "path", "route", "status_code", "duration_ms",
        "request_id", "trace_id", "user_id", "client_ip", "user_agent", "query", "request_bytes", "response_bytes",
        "error"};

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

    static List<HttpRequest> find(Connection connection, StoredSchema schema, HttpRequestQuery query)
            throws SQLException {
        Select select = new Select("SELECT " + schema.select(Schema.HTTP_REQUESTS, COLUMNS) + " FROM "
                + Schema.HTTP_REQUESTS)
                .whereWithin("timestamp", query.range())
                .whereEquals("method", query.method())
                .whereEquals(route(schema), query.route())
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

    /** The index that holds every column the statistics read, in the order their windows need. */
    static final String STATS_INDEX = "idx_http_request_logs_route_stats";
    /** The index on time alone. */
    static final String TIME_INDEX = "idx_http_request_logs_timestamp";

    /**
     * Per-route statistics, exact, in SQL. Over most of the table without a step, {@link #statsBySeeking}; otherwise
     * (steps, or a short part of a long history, read through {@link #TIME_INDEX}) {@link #statsByWindow}.
     */
    static List<HttpRouteStats> stats(Connection connection, StoredSchema schema, HttpStatsQuery query)
            throws SQLException {
        String index = indexFor(connection, schema, query.range());
        return query.step() == null && index.equals(STATS_INDEX)
                ? statsBySeeking(connection, query)
                : statsByWindow(connection, route(schema), query, index);
    }

    /**
     * The index a pass over the range reads: {@link #statsIndex}'s choice, or the time index in a file written before
     * the statistics index existed.
     */
    private static String indexFor(Connection connection, StoredSchema schema, TimeRange range) throws SQLException {
        return schema.hasIndex(STATS_INDEX) ? statsIndex(connection, range) : TIME_INDEX;
    }

    /** The route of a request: its column, or its path in a file written before routes were stored. */
    private static String route(StoredSchema schema) {
        return schema.column(Schema.HTTP_REQUESTS, "route");
    }

    /** The count, error counts and longest duration of one method and route in range. */
    private record Group(String route, String method, long count, long clientErrors, long serverErrors,
                         double maxMillis) {
    }

    /**
     * Two steps over {@link #STATS_INDEX}, whose entries of one route and method are in order of duration: one pass
     * counts each group, its errors and its longest duration (a GROUP BY in the index's order); then each percentile
     * is the one entry at its nearest rank, reached by {@code LIMIT 1 OFFSET} from the nearer end of the group
     * (p90 to p99 from the longest), so that the four percentiles together walk about two thirds of the entries
     * once more. Over 1,000,000 rows of 50 routes this took 0.2 s of CPU where one window over every row took 2.0 s
     * ({@code HttpHarness}).
     */
    private static List<HttpRouteStats> statsBySeeking(Connection connection, HttpStatsQuery query)
            throws SQLException {
        List<Group> groups = new Select("SELECT route, method, count(*) AS requests,"
                + " sum(status_code >= 400 AND status_code < 500) AS client_errors,"
                + " sum(status_code >= 500) AS server_errors, max(duration_ms) AS max_ms"
                + " FROM http_request_logs INDEXED BY " + STATS_INDEX)
                .whereWithin("timestamp", query.range())
                .whereEquals("route", query.route())
                .whereEquals("method", query.method())
                .append("GROUP BY route, method ORDER BY route, method")
                .list(connection, row -> new Group(row.getString("route"), row.getString("method"),
                        row.getLong("requests"), row.getLong("client_errors"), row.getLong("server_errors"),
                        row.getDouble("max_ms")));
        List<HttpRouteStats> stats = new ArrayList<>(groups.size());
        try (PreparedStatement shortest = connection.prepareStatement(nthSql("ASC"));
             PreparedStatement longest = connection.prepareStatement(nthSql("DESC"))) {
            long start = query.range().fromMillis();
            for (Group group : groups) {
                long n = group.count();
                stats.add(new HttpRouteStats(group.method(), group.route(), start, n,
                        n / query.secondsCovered(start), (double) group.clientErrors() / n,
                        (double) group.serverErrors() / n,
                        nth(shortest, longest, group, query.range(), Aggregation.P50.nearestRank(n)),
                        nth(shortest, longest, group, query.range(), Aggregation.P90.nearestRank(n)),
                        nth(shortest, longest, group, query.range(), Aggregation.P95.nearestRank(n)),
                        nth(shortest, longest, group, query.range(), Aggregation.P99.nearestRank(n)),
                        group.maxMillis()));
            }
        }
        return stats;
    }

    /** The duration at 0-based {@code OFFSET ?} of one group in range, in the given order. */
    private static String nthSql(String direction) {
        return "SELECT duration_ms FROM http_request_logs INDEXED BY " + STATS_INDEX
                + " WHERE route = ? AND method = ? AND timestamp >= ? AND timestamp < ?"
                + " ORDER BY duration_ms " + direction + " LIMIT 1 OFFSET ?";
    }

    /** The duration at 1-based {@code rank} in ascending order, reached from the nearer end of the group. */
    private static double nth(PreparedStatement shortest, PreparedStatement longest, Group group, TimeRange range,
                              long rank) throws SQLException {
        boolean fromLongest = rank - 1 > group.count() - rank;
        PreparedStatement select = fromLongest ? longest : shortest;
        select.setString(1, group.route());
        select.setString(2, group.method());
        select.setLong(3, range.fromMillis());
        select.setLong(4, range.toMillis());
        select.setLong(5, fromLongest ? group.count() - rank : rank - 1);
        try (ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                throw new SQLException("no request at rank " + rank + " of " + group.count() + " for "
                        + group.method() + " " + group.route() + ": the table changed between two reads");
            }
            return row.getDouble(1);
        }
    }

    /**
     * One pass of SQL: each request is numbered within its route, method (and step) in ascending order of
     * duration, and the percentiles are the rows at their nearest ranks.
     */
    private static List<HttpRouteStats> statsByWindow(Connection connection, String route, HttpStatsQuery query,
            String index) throws SQLException {
        boolean stepped = query.step() != null;
        long step = query.stepMillis();
        // One window for both functions: a frame of the whole partition for the count, with the same partitioning
        // and ordering as the numbering, lets SQLite compute both in one pass, without sorting again.
        Select ranked = new Select("SELECT " + route + " AS route, method, " + (stepped ? STEP_START : "?")
                + " AS start,"
                + " status_code, duration_ms, row_number() OVER byDuration AS position,"
                + " count(*) OVER (byDuration ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS total"
                + " FROM http_request_logs INDEXED BY " + index,
                stepped ? new Object[] {step, step, step} : new Object[] {query.range().fromMillis()});
        ranked.whereWithin("timestamp", query.range())
                .whereEquals(route, query.route())
                .whereEquals("method", query.method());
        if (stepped) {
            ranked.append("WINDOW byDuration AS (PARTITION BY " + route + ", method, " + STEP_START
                    + " ORDER BY duration_ms)", step, step, step);
        } else {
            ranked.append("WINDOW byDuration AS (PARTITION BY " + route + ", method ORDER BY duration_ms)");
        }
        return ranked.within("SELECT route, method, start, count(*) AS requests,"
                                + " sum(status_code >= 400 AND status_code < 500) AS client_errors,"
                                + " sum(status_code >= 500) AS server_errors, " + PERCENTILES
                                + ", max(duration_ms) AS max_ms FROM (",
                        ") GROUP BY route, method, start ORDER BY route, method, start")
                .list(connection, row -> readStats(row, query));
    }

    /**
     * The index the statistics read. When the range spans at least half of the time the table holds (the last day
     * of a table that keeps a day or two), {@link #STATS_INDEX}: it covers every column read, and without a step
     * it hands the rows over already ordered by route, method and duration, so nothing is sorted; the rows out of
     * range are skipped inside the index. Over a shorter part of a longer history, {@link #TIME_INDEX}, which
     * reads only the rows in range, and then sorts them. The table's first and last timestamps come from the time
     * index in two seeks; SQLite's own planner, without statistics of the table, would guess.
     */
    static String statsIndex(Connection connection, TimeRange range) throws SQLException {
        try (Statement statement = connection.createStatement();
             // two subqueries: SQLite answers min() or max() from the index alone only when it is the one aggregate
             ResultSet span = statement.executeQuery("SELECT (SELECT min(timestamp) FROM http_request_logs),"
                     + " (SELECT max(timestamp) FROM http_request_logs)")) {
            span.next();
            long first = span.getLong(1);
            long last = span.getLong(2);
            if (span.wasNull()) {
                return STATS_INDEX;
            }
            long covered = Math.min(last + 1, range.toMillis()) - Math.max(first, range.fromMillis());
            return covered * 2 >= last + 1 - first ? STATS_INDEX : TIME_INDEX;
        }
    }

    /**
     * The requests per route, method and status in one GROUP BY, through the index {@link #statsIndex} picks for the
     * range: the covering {@link #STATS_INDEX} over most of the table, the time index over a short part of it. A
     * request stored without a duration (by a release before durations were kept) counts as within any threshold,
     * as it reads back with a duration of 0.
     */
    static List<HttpRequestCount> count(Connection connection, StoredSchema schema, HttpCountQuery query)
            throws SQLException {
        Double threshold = query.thresholdMillis();
        String route = route(schema);
        String from = " FROM http_request_logs INDEXED BY " + indexFor(connection, schema, query.range());
        Select select = threshold == null
                ? new Select("SELECT " + route + " AS route, method, status_code, count(*) AS requests,"
                        + " count(*) AS within_threshold" + from)
                : new Select("SELECT " + route + " AS route, method, status_code, count(*) AS requests,"
                        + " sum(coalesce(duration_ms, 0) <= ?) AS within_threshold" + from, threshold);
        return select.whereWithin("timestamp", query.range())
                .whereEquals(route, query.route())
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
