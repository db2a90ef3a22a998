package io.liteobs.memory;

import io.liteobs.Aggregation;
import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.TimeRange;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Per-route statistics of HTTP requests, computed in Java as the SQLite store computes them in SQL. */
final class HttpStatistics {

    /** Routes and methods in the order of their UTF-8 bytes, which is the order of their code points. */
    static final Comparator<String> CODE_POINT_ORDER = (a, b) -> Arrays.compare(a.codePoints().toArray(),
            b.codePoints().toArray());
    private static final Comparator<HttpRouteStats> ORDER = Comparator.comparing(HttpRouteStats::route,
                    CODE_POINT_ORDER)
            .thenComparing(HttpRouteStats::method, CODE_POINT_ORDER)
            .thenComparingLong(HttpRouteStats::startMillis);

    private record Key(String method, String route, long startMillis) {
    }

    /** The requests of one key, folded as they come. */
    private static final class Group {
        private double[] durations = new double[16];
        private int count;
        private long clientErrors;
        private long serverErrors;

        void add(HttpRequest request) {
            if (count == durations.length) {
                durations = Arrays.copyOf(durations, count * 2);
            }
            durations[count++] = request.durationMillis();
            int statusClass = request.status() / 100;
            clientErrors += statusClass == 4 ? 1 : 0;
            serverErrors += statusClass == 5 ? 1 : 0;
        }

        HttpRouteStats stats(Key key, HttpStatsQuery query) {
            double[] sorted = Arrays.copyOf(durations, count);
            Arrays.sort(sorted);
            return new HttpRouteStats(key.method(), key.route(), key.startMillis(), count,
                    count / query.secondsCovered(key.startMillis()), (double) clientErrors / count,
                    (double) serverErrors / count, at(sorted, Aggregation.P50), at(sorted, Aggregation.P90),
                    at(sorted, Aggregation.P95), at(sorted, Aggregation.P99), sorted[count - 1]);
        }

        private static double at(double[] sorted, Aggregation percentile) {
            return sorted[(int) percentile.nearestRank(sorted.length) - 1];
        }
    }

    private HttpStatistics() {
    }

    /** The statistics of the requests the query selects, from {@code requests}, which may hold others. */
    static List<HttpRouteStats> of(Stream<HttpRequest> requests, HttpStatsQuery query) {
        Map<Key, Group> groups = new HashMap<>();
        requests.filter(request -> request.timestampMillis() >= query.range().fromMillis()
                        && request.timestampMillis() < query.range().toMillis()
                        && (query.method() == null || query.method().equals(request.method()))
                        && (query.route() == null || query.route().equals(request.route())))
                .forEach(request -> groups.computeIfAbsent(new Key(request.method(),
                        Objects.requireNonNull(request.route(), "the route of a stored request"),
                        query.stepStart(request.timestampMillis())), key -> new Group()).add(request));
        List<HttpRouteStats> stats = new ArrayList<>(groups.size());
        groups.forEach((key, group) -> stats.add(group.stats(key, query)));
        stats.sort(ORDER);
        return stats;
    }

    /** The requests' counts per route, method and status, in that order, as {@code countHttpRequests} answers. */
    static List<HttpRequestCount> count(Stream<HttpRequest> requests, HttpCountQuery query) {
        TimeRange range = query.range();
        Double threshold = query.thresholdMillis();
        String method = query.method();
        String route = query.route();
        Comparator<HttpRequestCount> order = Comparator.comparing(HttpRequestCount::route, CODE_POINT_ORDER)
                .thenComparing(HttpRequestCount::method, CODE_POINT_ORDER)
                .thenComparingInt(HttpRequestCount::status);
        Map<HttpRequestCount, long[]> counts = new TreeMap<>(order);
        requests.filter(request -> request.timestampMillis() >= range.fromMillis()
                        && request.timestampMillis() < range.toMillis()
                        && (method == null || method.equals(request.method()))
                        && (route == null || route.equals(request.route())))
                .forEach(request -> {
                    String storedRoute = Objects.requireNonNull(request.route(), "the route of a stored request");
                    long[] count = counts.computeIfAbsent(new HttpRequestCount(request.method(), storedRoute,
                            request.status(), 0, 0), key -> new long[2]);
                    count[0]++;
                    if (threshold == null || request.durationMillis() <= threshold) {
                        count[1]++;
                    }
                });
        List<HttpRequestCount> answer = new ArrayList<>(counts.size());
        counts.forEach((key, count) -> answer.add(new HttpRequestCount(key.method(), key.route(), key.status(),
                count[0], count[1])));
        return answer;
    }
}
