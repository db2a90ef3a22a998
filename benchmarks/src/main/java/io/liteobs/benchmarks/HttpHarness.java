package io.liteobs.benchmarks;

import io.liteobs.HttpCountQuery;
import io.liteobs.HttpLoggingOptions;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.TimeRange;
import io.liteobs.alerting.ErrorBudget;
import io.liteobs.alerting.Indicator;
import io.liteobs.alerting.Objective;
import io.liteobs.sqlite.SqliteStore;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * HTTP request logging on a table of production size, in one run on one machine.
 *
 * <ol>
 *   <li>Per-route statistics over 24 hours of requests ({@value #ROUTES} routes, evenly spread): one route, every
 *       route, and one route in 5-minute steps, on a table of 1,000,000 rows (and 10,000,000 with {@code --full}).
 *       The table is filled by raw batched inserts into a file the store created (not timed). Then the counts a
 *       service level objective reads over the day, and a 1-day availability objective's status (one pass).</li>
 *   <li>Ingest: the same requests recorded through {@code LiteObs.http()} until committed, against the ceiling of
 *       raw sqlite-jdbc batched inserts into the same table in time order, in rounds A B A B on fresh files; each
 *       round's rate, the ratio of the medians and the spread of each side.</li>
 * </ol>
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.liteobs.benchmarks.HttpHarness [--full] [--ingest-rows N]
 * </pre>
 */
public final class HttpHarness {

    static final int ROUTES = 50;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    private static final Instant END = Instant.ofEpochMilli(Workload.START_MILLIS).plusMillis(DAY_MILLIS);
    private static final Duration GENEROUS = Duration.ofMinutes(30);
    private static final int ROUNDS = 4;

    private HttpHarness() {
    }

    public static void main(String[] args) throws Exception {
        List<Long> tables = new ArrayList<>(List.of(1_000_000L));
        long ingestRows = 300_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--full" -> tables.add(10_000_000L);
                case "--ingest-rows" -> ingestRows = Long.parseLong(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; use --full or --ingest-rows N");
            }
        }
        Machine.print(System.out);
        try (BenchFiles files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP)) {
            for (long rows : tables) {
                statistics(files, rows);
            }
            ingest(files, ingestRows);
        }
    }

    /** The route of request {@code i}: a template with an id, spread evenly. */
    static String route(long i) {
        return "/api/resource-" + (i % ROUTES) + "/{id}";
    }

    /** Request {@code i} of {@code rows} spread evenly over the day before {@code end}, as the library stores it. */
    static HttpRequest request(long i, long rows, Instant end) {
        return request(i, rows, end, DAY_MILLIS);
    }

    /**
     * Request {@code i} of {@code rows} spread evenly over {@code spanMillis} before {@code end}, as the library
     * stores it; from {@code i = rows} on, the requests that follow at the same rate.
     */
    static HttpRequest request(long i, long rows, Instant end, long spanMillis) {
        long hash = (i + 1) * 0x9E3779B97F4A7C15L;
        long micros = 200 + Math.floorMod(hash >>> 17, 40_000L) + (i % 100 == 0 ? Math.floorMod(hash, 900_000L) : 0);
        int status = i % 200 == 0 ? 500 : i % 50 == 0 ? 404 : i % 7 == 0 ? 201 : 200;
        return new HttpRequest(end.toEpochMilli() - spanMillis + i * spanMillis / rows, i % 5 == 0 ? "POST" : "GET",
                "/api/resource-" + (i % ROUTES) + "/" + i, route(i), status, micros * 1_000, null, 512 + i % 2_048,
                "req-" + i, null, null, null, null, null, null);
    }

    /** What each column of {@code http_request_logs} holds for request {@code i}, as the store writes it. */
    static Map<String, LongFunction<?>> columns(long rows) {
        return columns(rows, END, DAY_MILLIS);
    }

    /** The columns of {@link #request(long, long, Instant, long)}: requests spread over {@code spanMillis}. */
    static Map<String, LongFunction<?>> columns(long rows, Instant end, long spanMillis) {
        return Map.ofEntries(
                Map.entry("timestamp", i -> request(i, rows, end, spanMillis).timestampMillis()),
                Map.entry("method", i -> request(i, rows, end, spanMillis).method()),
                Map.entry("path", i -> request(i, rows, end, spanMillis).path()),
                Map.entry("route", i -> request(i, rows, end, spanMillis).route()),
                Map.entry("status_code", i -> request(i, rows, end, spanMillis).status()),
                Map.entry("duration_ms", i -> request(i, rows, end, spanMillis).durationMillis()),
                Map.entry("request_id", i -> request(i, rows, end, spanMillis).requestId()),
                Map.entry("trace_id", i -> null),
                Map.entry("user_id", i -> null),
                Map.entry("client_ip", i -> null),
                Map.entry("user_agent", i -> null),
                Map.entry("query", i -> null),
                Map.entry("request_bytes", i -> null),
                Map.entry("response_bytes", i -> request(i, rows, end, spanMillis).responseBytes()),
                Map.entry("error", i -> null));
    }

    static void statistics(BenchFiles files, long rows) throws SQLException {
        Path file = files.newFile("http-" + rows, true);
        long started = System.nanoTime();
        rawInsert(file, rows);
        System.out.printf("%n%,d requests over 24 h, %d routes, written raw in %.1f s%n", rows, ROUTES,
                IngestHarness.seconds(started));
        try (SqliteStore store = SqliteStore.open(file)) {
            report(store, rows);
        }
    }

    static void report(SqliteStore store, long rows) {
        TimeRange day = TimeRange.between(END.minusMillis(DAY_MILLIS), END);
        HttpStatsQuery oneRoute = HttpStatsQuery.builder(day).route(route(7)).method("GET").build();
        HttpStatsQuery allRoutes = HttpStatsQuery.builder(day).build();
        HttpStatsQuery oneRouteSteps = HttpStatsQuery.builder(day).route(route(7)).method("GET")
                .step(Duration.ofMinutes(5)).build();
        List<HttpRouteStats> one = store.httpRouteStats(oneRoute);
        System.out.printf("one route, 24 h (%,d requests, p99 %.2f ms):%n  %s%n", one.get(0).count(),
                one.get(0).p99Millis(), timed(2, 10, () -> store.httpRouteStats(oneRoute)));
        List<HttpRouteStats> all = store.httpRouteStats(allRoutes);
        System.out.printf("every route and method, 24 h (%d rows of statistics, %,d requests):%n  %s%n", all.size(),
                all.stream().mapToLong(HttpRouteStats::count).sum(),
                timed(1, 5, () -> store.httpRouteStats(allRoutes)));
        System.out.printf("one route, 24 h in 5-minute steps (%d steps):%n  %s%n",
                store.httpRouteStats(oneRouteSteps).size(), timed(2, 10, () -> store.httpRouteStats(oneRouteSteps)));
        // what a service level objective reads: counts per route, method and status, and its status over a day
        HttpCountQuery counts = HttpCountQuery.builder(day).thresholdMillis(100.0).build();
        System.out.printf("counts per route, method and status, 24 h, with a 100 ms threshold (%d rows):%n  %s%n",
                store.countHttpRequests(counts).size(), timed(1, 5, () -> store.countHttpRequests(counts)));
        Objective availability = Objective.named("availability", Indicator.httpAvailability())
                .window(Duration.ofDays(1));
        System.out.printf("a 1-day availability objective's status (1 d and seven windows, 5 m to 3 d, in one pass"
                        + " through a new counter; SloHarness compares it with a kept one):%n  %s%n",
                timed(1, 5, () -> ErrorBudget.status(availability, store, END.toEpochMilli() - 1)));
    }

    /**
     * Wall time as {@link Timing} measures it, and the CPU time of the calling thread, on which SQLite runs the
     * query: on a machine others share, the CPU time is the figure that does not depend on their load.
     */
    private static String timed(int warmups, int runs, Supplier<?> query) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuBefore = threads.getCurrentThreadCpuTime();
        Timing wall = Timing.of(warmups, runs, query);
        double cpuMillis = (threads.getCurrentThreadCpuTime() - cpuBefore) / 1e6 / (warmups + runs);
        return wall + String.format("%n  CPU %.2f ms a run on average", cpuMillis);
    }

    /** Inserts the requests in time order, in transactions of {@link IngestHarness#RAW_BATCH}. */
    private static void rawInsert(Path file, long rows) throws SQLException {
        rawInsert(file, columns(rows), 0, rows);
    }

    /**
     * Inserts requests {@code from} to {@code to} (exclusive) of the columns' values, raw, in time order, in
     * transactions of {@link IngestHarness#RAW_BATCH}.
     */
    static void rawInsert(Path file, Map<String, LongFunction<?>> columns, long from, long to) throws SQLException {
        try (Connection connection = BenchFiles.rawConnection(file);
             Statement transaction = connection.createStatement()) {
            RawInsert row = RawInsert.into(connection, "http_request_logs", columns);
            try (PreparedStatement insert = connection.prepareStatement(row.sql())) {
                for (long first = from; first < to; first += IngestHarness.RAW_BATCH) {
                    transaction.execute("BEGIN IMMEDIATE");
                    for (long i = first; i < Math.min(to, first + IngestHarness.RAW_BATCH); i++) {
                        row.bind(insert, i);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                    transaction.execute("COMMIT");
                }
            }
        }
    }

    /** Rounds A B A B: the library, then the raw ceiling, on fresh files; prints each and the ratio of medians. */
    static double[] ingest(BenchFiles files, long rows) throws SQLException {
        List<HttpRequest> requests = new ArrayList<>();
        for (long i = 0; i < rows; i++) {
            requests.add(request(i, rows, END));
        }
        double[] library = new double[ROUNDS / 2];
        double[] raw = new double[ROUNDS / 2];
        for (int round = 0; round < ROUNDS; round++) {
            if (round % 2 == 0) {
                library[round / 2] = library(files.newFile("http-library", false), requests);
            } else {
                Path file = files.newFile("http-raw", true);
                long started = System.nanoTime();
                rawInsert(file, rows);
                raw[round / 2] = rows / IngestHarness.seconds(started);
            }
        }
        System.out.printf("%ningest of %,d requests, rounds A (library) B (raw) A B:%n", rows);
        System.out.printf("  library rows/s %s%n  raw     rows/s %s%n  ratio of medians %.2f%n",
                Arrays.toString(rounded(library)), Arrays.toString(rounded(raw)), median(library) / median(raw));
        return new double[] {median(library), median(raw)};
    }

    /** Records through a LiteObs whose HTTP queue blocks rather than drops, until every request is committed. */
    private static double library(Path file, List<HttpRequest> requests) {
        RecorderOptions blocking = new RecorderOptions(1 << 18, OverflowPolicy.BLOCK, GENEROUS);
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file))
                .http(HttpLoggingOptions.builder().queue(blocking).build()).build()) {
            long started = System.nanoTime();
            for (HttpRequest request : requests) {
                obs.http().record(HttpRequest.builder(request.method(), request.path()).route(request.route())
                        .status(request.status()).durationNanos(request.durationNanos())
                        .startedAt(request.startedAt()).responseBytes(request.responseBytes())
                        .requestId(request.requestId()).build());
            }
            if (!obs.flush(GENEROUS)) {
                throw new IllegalStateException("not every request was committed within " + GENEROUS);
            }
            double rate = requests.size() / IngestHarness.seconds(started);
            if (obs.http().stats().persisted() != requests.size()) {
                throw new IllegalStateException(requests.size() + " requests recorded but " + obs.http().stats());
            }
            return rate;
        }
    }

    private static long[] rounded(double[] rates) {
        return Arrays.stream(rates).mapToLong(Math::round).toArray();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }
}
