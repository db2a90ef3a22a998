package io.liteobs.alerting;

import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.Labels;
import io.liteobs.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;

/**
 * The statistics of the HTTP requests that started in the window ending at the evaluation
 * ({@link io.liteobs.StoreReader#httpRouteStats}): one observation per method and route (labels {@code method} and
 * {@code route}), valued by one {@link Measure}, with the request count as its samples so that a rule's
 * {@link AlertRule#minSamples} is its fewest requests. The facts {@code requests}, {@code requests_per_second},
 * {@code server_error_rate}, {@code client_error_rate} and {@code p99_ms} are there for the templates.
 */
final class HttpSource implements AlertSource {

    /** What of a route's statistics is compared. */
    enum Measure {
        SERVER_ERROR_RATE("5xx rate", HttpRouteStats::serverErrorRate),
        CLIENT_ERROR_RATE("4xx rate", HttpRouteStats::clientErrorRate),
        REQUEST_RATE("requests per second", HttpRouteStats::requestsPerSecond),
        P50("p50 latency ms", HttpRouteStats::p50Millis),
        P90("p90 latency ms", HttpRouteStats::p90Millis),
        P95("p95 latency ms", HttpRouteStats::p95Millis),
        P99("p99 latency ms", HttpRouteStats::p99Millis),
        MAX("max latency ms", HttpRouteStats::maxMillis);

        private final String description;
        private final ToDoubleFunction<HttpRouteStats> value;

        Measure(String description, ToDoubleFunction<HttpRouteStats> value) {
            this.description = description;
            this.value = value;
        }
    }

    private final @Nullable String method;
    private final @Nullable String route;
    private final Measure measure;
    private final Duration window;

    HttpSource(@Nullable String method, @Nullable String route, Measure measure, Duration window) {
        this.method = method;
        this.route = route;
        this.measure = measure;
        this.window = window;
    }

    @Override
    public String name() {
        return "http";
    }

    @Override
    public String describe() {
        String selector = (method == null ? "" : method + " ") + (route == null ? "every route" : route);
        return measure.description + " of " + selector + " over " + Durations.format(window);
    }

    @Override
    public List<Observation> observe(EvaluationContext context) {
        long now = context.nowMillis();
        // The window's milliseconds exactly, the evaluation's own included, so that request rates are per its seconds
        TimeRange range = TimeRange.between(Instant.ofEpochMilli(now + 1 - window.toMillis()),
                Instant.ofEpochMilli(now + 1));
        List<HttpRouteStats> routes = context.store().httpRouteStats(HttpStatsQuery.builder(range).method(method)
                .route(route).build());
        List<Observation> observations = new ArrayList<>(routes.size());
        for (HttpRouteStats stats : routes) {
            Map<String, String> facts = Map.of(
                    "requests", Long.toString(stats.count()),
                    "requests_per_second", decimal(stats.requestsPerSecond()),
                    "server_error_rate", decimal(stats.serverErrorRate()),
                    "client_error_rate", decimal(stats.clientErrorRate()),
                    "p99_ms", decimal(stats.p99Millis()));
            observations.add(new Observation(Labels.of("method", stats.method(), "route", stats.route()),
                    measure.value.applyAsDouble(stats), stats.count(), facts));
        }
        return observations;
    }

    private static String decimal(double value) {
        return String.format(Locale.ROOT, "%.3f", value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HttpSource other && Objects.equals(method, other.method)
                && Objects.equals(route, other.route) && measure == other.measure && window.equals(other.window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, route, measure, window);
    }

    @Override
    public String toString() {
        return describe();
    }
}
