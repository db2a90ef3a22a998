package io.liteobs.http;

import io.liteobs.Aggregation;
import io.liteobs.AlertQuery;
import io.liteobs.AuditOrder;
import io.liteobs.AuditQuery;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpStatsQuery;
import io.liteobs.LiteObs;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricQuery;
import io.liteobs.Page;
import io.liteobs.RecorderStats;
import io.liteobs.SortDirection;
import io.liteobs.StoreStatus;
import io.liteobs.TimeRange;
import io.liteobs.WorkerLiveness;
import io.liteobs.alerting.ErrorBudget;
import io.liteobs.alerting.Objective;
import io.liteobs.alerting.ObjectiveCounter;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.runtime.health.Resource;
import io.liteobs.spi.StoreReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The JSON API: one endpoint per query of the Java API, each a path, the parameters it takes, and a function from
 * the checked parameters to the value written as JSON. An endpoint for another kind of data is one more entry in
 * {@link #endpoints}.
 */
final class JsonApi {

    /** The points a chart asks for when it gives no step: the range is cut into about this many buckets. */
    static final int DEFAULT_CHART_POINTS = 300;
    /** The most buckets a chart may ask for by {@code points}. */
    static final int MAX_CHART_POINTS = 5_000;

    private static final Set<String> PAGE = Set.of("limit", "offset");
    private static final Set<String> RANGE = Set.of("from", "to", "range");
    private static final Set<String> PAGE_AND_RANGE = parameters(PAGE, "from", "to", "range");

    /** One endpoint: the parameters it takes, and what it answers. */
    record Endpoint(Set<String> parameters, Function<QueryParameters, Object> answer, String description) {
    }

    /** A page of results, and the offset of the next page when this one is full. */
    record PageOf<T>(List<T> items, int limit, int offset, @Nullable Integer nextOffset) {
        static <T> PageOf<T> of(List<T> items, int limit, int offset) {
            return new PageOf<>(items, limit, offset, items.size() == limit ? offset + limit : null);
        }
    }

    private final StoreReader reader;
    private final @Nullable LiteObs obs;
    private final @Nullable LiteObsRuntime runtime;
    private final Clock clock;
    /** One per objective served, for the server's life: a request reads only what is new since the last one. */
    private final List<ObjectiveCounter> counters;
    private final Map<String, Endpoint> endpoints = new TreeMap<>();

    JsonApi(StoreReader reader, @Nullable LiteObs obs, @Nullable LiteObsRuntime runtime, Clock clock,
            List<Objective> objectives) {
        this.reader = reader;
        this.counters = objectives.stream().map(objective -> ObjectiveCounter.of(objective, reader)).toList();
        this.obs = obs;
        this.runtime = runtime;
        this.clock = clock;
        endpoints.put("/api", new Endpoint(Set.of(), p -> index(), "the endpoints and their parameters"));
        endpoints.put("/api/audit", new Endpoint(parameters(PAGE_AND_RANGE, "component", "operation", "status",
                "userId", "requestId", "orderBy", "direction"), this::audit, "audit entries, newest first"));
        endpoints.put("/api/events", new Endpoint(parameters(PAGE_AND_RANGE, "eventType", "service", "entityType",
                "entityId", "userId", "direction"), this::events, "business events, newest first"));
        endpoints.put("/api/metrics", new Endpoint(parameters(PAGE, "name"), this::series,
                "the stored series, with type, unit, description, first and last seen"));
        endpoints.put("/api/metrics/names", new Endpoint(Set.of(), p -> metricNames(),
                "each metric name once, with its type, unit and number of series"));
        endpoints.put("/api/metrics/points", new Endpoint(parameters(RANGE, "name", "labels", "limit"),
                this::points, "raw points of a metric, oldest first"));
        endpoints.put("/api/metrics/downsample", new Endpoint(parameters(RANGE, "name", "labels", "step",
                "points", "aggregation"), this::downsample, "a metric aggregated per step, in the store"));
        endpoints.put("/api/heartbeats", new Endpoint(Set.of(), p -> reader.latestHeartbeats(),
                "the latest heartbeat of every worker"));
        endpoints.put("/api/liveness", new Endpoint(Set.of("staleAfter"), this::liveness,
                "whether each worker is alive, from its latest heartbeat"));
        endpoints.put("/api/alerts", new Endpoint(parameters(PAGE_AND_RANGE, "open", "severity", "ruleId",
                "source"), this::alerts, "alerts, open and resolved, newest opened first"));
        endpoints.put("/api/http/requests", new Endpoint(parameters(PAGE_AND_RANGE, "method", "route", "status",
                "statusClass", "minDuration", "requestId", "user", "orderBy", "direction"), this::httpRequests,
                "recorded HTTP requests, newest first"));
        endpoints.put("/api/http/routes", new Endpoint(parameters(RANGE, "method", "route", "step"),
                this::httpRoutes, "per-route HTTP statistics over a range, or per step of it"));
        endpoints.put("/api/stats", new Endpoint(Set.of(), p -> stats(),
                "rows per kind, series, and the recorders' counters and the store's state when serving a LiteObs"));
        if (!objectives.isEmpty()) {
            endpoints.put("/api/slo", new Endpoint(Set.of("objective", "explain"), this::slo,
                    "each service level objective's SLI, error budget left, burn rates and burn-rate alert; with"
                            + " explain (1h), what spent the budget over that window"));
        }
        if (runtime != null) {
            endpoints.put("/api/health", new Endpoint(Set.of(), p -> runtime.health(),
                    "the health score and its bottlenecks"));
            endpoints.put("/api/health/explain", new Endpoint(Set.of("resource"),
                    p -> runtime.explain(p.choice("resource", Resource.class, Resource.CPU)),
                    "explain mode for one resource: cpu, memory, disk, network or jvm"));
        }
    }

    /** The parameters of an endpoint: those of a group, and its own. */
    private static Set<String> parameters(Set<String> group, String... own) {
        return Stream.concat(group.stream(), Arrays.stream(own)).collect(Collectors.toUnmodifiableSet());
    }

    @Nullable Endpoint endpoint(String path) {
        return endpoints.get(path);
    }

    private Map<String, Object> index() {
        Map<String, Object> index = new LinkedHashMap<>();
        endpoints.forEach((path, endpoint) -> index.put(path, Map.of("description", endpoint.description(),
                "parameters", endpoint.parameters().stream().sorted().toList())));
        return index;
    }

    private Instant now() {
        return clock.instant();
    }

    /** Runs a query builder's {@code build()}: what it refuses is the client's mistake, a 400 with its message. */
    private static <T> T checked(Supplier<T> build) {
        try {
            return build.get();
        } catch (IllegalArgumentException e) {
            throw BadRequestException.badParameter(e.getMessage());
        }
    }

    private TimeRange range(QueryParameters p) {
        TimeRange range = p.timeRange(now(), TimeRange.ALL);
        return range != null ? range : TimeRange.ALL;
    }

    private Object audit(QueryParameters p) {
        AuditQuery query = checked(() -> AuditQuery.builder()
                .range(range(p))
                .component(p.text("component"))
                .operation(p.text("operation"))
                .status(p.text("status"))
                .userId(p.text("userId"))
                .requestId(p.text("requestId"))
                .orderBy(p.choice("orderBy", AuditOrder.class, AuditOrder.TIME))
                .direction(p.choice("direction", SortDirection.class, SortDirection.DESC))
                .limit(p.integer("limit", Page.DEFAULT_LIMIT))
                .offset(p.integer("offset", 0))
                .build());
        return PageOf.of(reader.findAudit(query), query.page().limit(), query.page().offset());
    }

    private Object events(QueryParameters p) {
        EventQuery query = checked(() -> EventQuery.builder()
                .range(range(p))
                .eventType(p.text("eventType"))
                .service(p.text("service"))
                .entity(p.text("entityType"), p.text("entityId"))
                .userId(p.text("userId"))
                .direction(p.choice("direction", SortDirection.class, SortDirection.DESC))
                .limit(p.integer("limit", Page.DEFAULT_LIMIT))
                .offset(p.integer("offset", 0))
                .build());
        return PageOf.of(reader.findEvents(query), query.page().limit(), query.page().offset());
    }

    private Object series(QueryParameters p) {
        Page page = checked(() -> new Page(p.integer("limit", Page.DEFAULT_LIMIT),
                p.integer("offset", 0)));
        List<MetricMetadata> all = reader.findMetricMetadata(p.text("name"));
        List<MetricMetadata> items = all.stream().skip(page.offset()).limit(page.limit()).toList();
        return PageOf.of(items, page.limit(), page.offset());
    }

    /** One metric name: what its first series says of type and unit, and how many series it has. */
    record MetricName(String name, String type, @Nullable String unit, @Nullable String description, int series,
                      long lastSeenMillis) {
    }

    private List<MetricName> metricNames() {
        Map<String, List<MetricMetadata>> byName = reader.findMetricMetadata(null).stream()
                .collect(Collectors.groupingBy(MetricMetadata::name, TreeMap::new, Collectors.toList()));
        return byName.values().stream().map(series -> {
            MetricMetadata first = series.get(0);
            return new MetricName(first.name(), first.type().name().toLowerCase(Locale.ROOT),
                    first.unit(), first.description(), series.size(),
                    series.stream().mapToLong(MetricMetadata::lastSeenMillis).max().orElse(0));
        }).toList();
    }

    private Object points(QueryParameters p) {
        String name = p.requiredText("name");
        MetricQuery query = checked(() -> MetricQuery.builder(name)
                .labels(p.labels("labels"))
                .range(range(p))
                .limit(p.integer("limit", MetricQuery.DEFAULT_LIMIT))
                .build());
        return reader.findMetricPoints(query);
    }

    /** A range the endpoint cannot do without: an aggregate over all time would be all cost and no meaning. */
    private TimeRange requiredRange(QueryParameters p) {
        TimeRange range = p.timeRange(now(), null);
        if (range == null) {
            throw BadRequestException.badParameter("give range (such as 1h), or from and to");
        }
        return range;
    }

    private Object downsample(QueryParameters p) {
        String name = p.requiredText("name");
        TimeRange range = requiredRange(p);
        Duration step = p.duration("step");
        if (step == null) {
            int points = p.integer("points", DEFAULT_CHART_POINTS);
            if (points < 1 || points > MAX_CHART_POINTS) {
                throw BadRequestException.badParameter("points must be from 1 to " + MAX_CHART_POINTS + ", got "
                        + points);
            }
            step = Duration.ofMillis(Math.max(1, (range.toMillis() - range.fromMillis()) / points));
        } else if (p.text("points") != null) {
            throw BadRequestException.badParameter("give either step or points, not both");
        }
        Duration chosenStep = step;
        DownsampleQuery query = checked(() -> DownsampleQuery.builder(name)
                .labels(p.labels("labels"))
                .range(range)
                .step(chosenStep)
                .aggregation(p.choice("aggregation", Aggregation.class, Aggregation.AVG))
                .build());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("name", name);
        answer.put("stepMillis", query.stepMillis());
        answer.put("aggregation", query.aggregation());
        answer.put("fromMillis", range.fromMillis());
        answer.put("toMillis", range.toMillis());
        answer.put("points", reader.downsample(query));
        return answer;
    }

    private Object alerts(QueryParameters p) {
        AlertQuery.Builder builder = AlertQuery.builder()
                .range(range(p))
                .severity(p.text("severity"))
                .ruleId(p.text("ruleId"))
                .source(p.text("source"))
                .limit(p.integer("limit", Page.DEFAULT_LIMIT))
                .offset(p.integer("offset", 0));
        if (p.flag("open")) {
            builder.openOnly();
        }
        AlertQuery query = checked(builder::build);
        return PageOf.of(reader.findAlerts(query), query.page().limit(), query.page().offset());
    }

    private Object httpRequests(QueryParameters p) {
        HttpRequestQuery query = checked(() -> HttpRequestQuery.builder()
                .range(range(p))
                .method(p.text("method"))
                .route(p.text("route"))
                .status(p.optionalInteger("status"))
                .statusClass(p.optionalInteger("statusClass"))
                .minDuration(p.duration("minDuration"))
                .requestId(p.text("requestId"))
                .user(p.text("user"))
                .orderBy(p.choice("orderBy", HttpRequestOrder.class, HttpRequestOrder.TIME))
                .direction(p.choice("direction", SortDirection.class, SortDirection.DESC))
                .limit(p.integer("limit", Page.DEFAULT_LIMIT))
                .offset(p.integer("offset", 0))
                .build());
        return PageOf.of(reader.findHttpRequests(query), query.page().limit(), query.page().offset());
    }

    private Object slo(QueryParameters p) {
        String id = p.text("objective");
        List<ObjectiveCounter> chosen = counters.stream()
                .filter(counter -> id == null || counter.objective().id().equals(id)).toList();
        if (chosen.isEmpty()) {
            throw BadRequestException.badParameter("objective '" + id + "' is not served; the objectives are "
                    + counters.stream().map(counter -> counter.objective().id()).toList());
        }
        Duration explain = p.duration("explain");
        long now = clock.millis();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("objectives", chosen.stream().map(counter -> ErrorBudget.status(counter, now)).toList());
        if (explain != null) {
            // on demand, over the window asked for: read from the store by route and status each time
            answer.put("explanations", chosen.stream()
                    .map(counter -> ErrorBudget.explain(counter.objective(), reader, now, explain)).toList());
        }
        return answer;
    }

    private Object httpRoutes(QueryParameters p) {
        TimeRange range = requiredRange(p);
        HttpStatsQuery query = checked(() -> HttpStatsQuery.builder(range)
                .method(p.text("method"))
                .route(p.text("route"))
                .step(p.duration("step"))
                .build());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("stepMillis", query.stepMillis());
        answer.put("fromMillis", range.fromMillis());
        answer.put("toMillis", range.toMillis());
        answer.put("routes", reader.httpRouteStats(query));
        return answer;
    }

    /** A worker's liveness, with its durations in milliseconds. */
    record Liveness(String workerId, boolean alive, long sinceLastBeatMillis, long staleAfterMillis,
                    Heartbeat lastBeat) {
        static Liveness of(WorkerLiveness liveness) {
            return new Liveness(liveness.workerId(), liveness.alive(), liveness.sinceLastBeat().toMillis(),
                    liveness.staleAfter().toMillis(), liveness.lastBeat());
        }
    }

    private List<Liveness> liveness(QueryParameters p) {
        Duration staleAfter = p.duration("staleAfter");
        long nowMillis = now().toEpochMilli();
        return reader.latestHeartbeats().stream()
                .map(beat -> Liveness.of(WorkerLiveness.judge(beat, staleAfter, nowMillis)))
                .toList();
    }

    /** What the store holds, and when serving a LiteObs, what its recorders did and whether it can write. */
    record Stats(Map<String, Long> rows, long series, @Nullable List<RecorderStats> recorders,
                 @Nullable StoreStatus store) {
    }

    private Stats stats() {
        Map<String, Long> rows = new TreeMap<>();
        reader.rowCounts().forEach((kind, count) -> rows.put(kind.name().toLowerCase(Locale.ROOT), count));
        return new Stats(rows, reader.seriesCount(), obs != null ? obs.stats() : null,
                obs != null ? obs.storeStatus() : null);
    }
}
