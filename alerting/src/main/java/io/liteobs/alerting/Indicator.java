package io.liteobs.alerting;

import io.liteobs.Aggregation;
import io.liteobs.AuditCountQuery;
import io.liteobs.AuditEntry;
import io.liteobs.AuditStatusCount;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequestCount;
import io.liteobs.Labels;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.WindowQuery;
import io.liteobs.spi.StoreReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a service level objective measures (its SLI): which events are good, out of which, counted from the store.
 *
 * <pre>{@code
 * Indicator.httpAvailability().route("/checkout").method("POST");      // good: answered below 500
 * Indicator.httpLatency(Duration.ofMillis(300)).route("/checkout");      // good: took at most 300 ms
 * Indicator.goodOverTotal("jobs.succeeded", "jobs.started").where("queue", "main");
 * Indicator.badOverTotal("jobs.failed", "jobs.started");
 * Indicator.audit("payments").operation("charge");                      // good: status success
 * }</pre>
 */
public sealed interface Indicator {

    /**
     * HTTP requests, each good unless answered with a 5xx status.
     *
     * @return every method and route; narrow with {@link HttpAvailability#route} and {@link HttpAvailability#method}
     */
    static HttpAvailability httpAvailability() {
        return new HttpAvailability(null, null);
    }

    /**
     * HTTP requests, each good when it took at most {@code threshold}, whatever its status.
     *
     * @param threshold the longest good duration, more than zero
     * @return every method and route; narrow with {@link HttpLatency#route} and {@link HttpLatency#method}
     */
    static HttpLatency httpLatency(Duration threshold) {
        return new HttpLatency(null, null, threshold);
    }

    /**
     * Two counters stored per step (as Micrometer's step counters are): good events over every event.
     *
     * @param goodMetric  the counter of good events
     * @param totalMetric the counter of every event
     * @return over every series of both; narrow with {@link Counters#where}
     */
    static Counters goodOverTotal(String goodMetric, String totalMetric) {
        return new Counters(goodMetric, false, totalMetric, Labels.empty());
    }

    /**
     * Two counters stored per step: bad events over every event.
     *
     * @param badMetric   the counter of bad events
     * @param totalMetric the counter of every event
     * @return over every series of both; narrow with {@link Counters#where}
     */
    static Counters badOverTotal(String badMetric, String totalMetric) {
        return new Counters(badMetric, true, totalMetric, Labels.empty());
    }

    /**
     * Audit entries of a component, each good when its status is {@value AuditEntry#STATUS_SUCCESS}.
     *
     * @param component the component
     * @return every operation of the component; narrow with {@link AuditResults#operation}
     */
    static AuditResults audit(String component) {
        return new AuditResults(component, null, Set.of(AuditEntry.STATUS_SUCCESS));
    }

    /**
     * Counts the good events and every event in a range.
     *
     * @param store the store to read
     * @param range the range, on each event's time
     * @return the counts
     */
    EventCounts count(StoreReader store, TimeRange range);

    /**
     * The bad events in a range, by what they were (route and status, component and operation, series of a
     * counter), most first.
     *
     * @param store the store to read
     * @param range the range, on each event's time
     * @return one contributor per kind of bad event; empty when there was none
     */
    List<BudgetContributor> contributors(StoreReader store, TimeRange range);

    /**
     * For a person: {@code HTTP requests of POST /checkout not answered 5xx}.
     *
     * @return what is measured
     */
    String describe();

    /**
     * The kind of rows counted: HTTP requests, audit entries or metric points.
     *
     * @return the kind, whose newest row says how far the store has caught up ({@link ObjectiveCounter})
     */
    DataKind kind();

    /**
     * HTTP requests answered below 500, over every request.
     *
     * @param method the method, or null for every one
     * @param route  the route template, or null for every one
     */
    record HttpAvailability(@Nullable String method, @Nullable String route) implements Indicator {

        /**
         * Only requests of one route template.
         *
         * @param template the route template, {@code /orders/{id}}
         * @return the narrowed indicator
         */
        public HttpAvailability route(String template) {
            return new HttpAvailability(method, Objects.requireNonNull(template, "route"));
        }

        /**
         * Only requests of one method.
         *
         * @param name the method, {@code GET}
         * @return the narrowed indicator
         */
        public HttpAvailability method(String name) {
            return new HttpAvailability(Objects.requireNonNull(name, "method"), route);
        }

        @Override
        public EventCounts count(StoreReader store, TimeRange range) {
            long good = 0;
            long total = 0;
            for (HttpRequestCount count : counts(store, range, method, route, null)) {
                total += count.requests();
                good += count.status() < 500 ? count.requests() : 0;
            }
            return new EventCounts(good, total);
        }

        @Override
        public List<BudgetContributor> contributors(StoreReader store, TimeRange range) {
            Map<Map<String, String>, Long> bad = new LinkedHashMap<>();
            for (HttpRequestCount count : counts(store, range, method, route, null)) {
                if (count.status() >= 500) {
                    bad.merge(labels("method", count.method(), "route", count.route(),
                            "status", Integer.toString(count.status())), count.requests(), Long::sum);
                }
            }
            return ranked(bad);
        }

        @Override
        public DataKind kind() {
            return DataKind.HTTP_REQUESTS;
        }

        @Override
        public String describe() {
            return "HTTP requests of " + selector(method, route) + " not answered 5xx";
        }
    }

    /**
     * HTTP requests that took at most a threshold, over every request.
     *
     * @param method    the method, or null for every one
     * @param route     the route template, or null for every one
     * @param threshold the longest good duration, more than zero
     */
    record HttpLatency(@Nullable String method, @Nullable String route, Duration threshold) implements Indicator {

        /**
         * Checks the threshold.
         *
         * @param method    the method, or null for every one
         * @param route     the route template, or null for every one
         * @param threshold the longest good duration, more than zero
         */
        public HttpLatency {
            Objects.requireNonNull(threshold, "threshold");
            if (threshold.isNegative() || threshold.isZero()) {
                throw new IllegalArgumentException("threshold must be more than zero, got " + threshold);
            }
        }

        /**
         * Only requests of one route template.
         *
         * @param template the route template, {@code /orders/{id}}
         * @return the narrowed indicator
         */
        public HttpLatency route(String template) {
            return new HttpLatency(method, Objects.requireNonNull(template, "route"), threshold);
        }

        /**
         * Only requests of one method.
         *
         * @param name the method, {@code GET}
         * @return the narrowed indicator
         */
        public HttpLatency method(String name) {
            return new HttpLatency(Objects.requireNonNull(name, "method"), route, threshold);
        }

        private double thresholdMillis() {
            return threshold.toNanos() / 1e6;
        }

        @Override
        public EventCounts count(StoreReader store, TimeRange range) {
            long good = 0;
            long total = 0;
            for (HttpRequestCount count : counts(store, range, method, route, thresholdMillis())) {
                total += count.requests();
                good += count.withinThreshold();
            }
            return new EventCounts(good, total);
        }

        @Override
        public List<BudgetContributor> contributors(StoreReader store, TimeRange range) {
            Map<Map<String, String>, Long> slow = new LinkedHashMap<>();
            for (HttpRequestCount count : counts(store, range, method, route, thresholdMillis())) {
                long bad = count.requests() - count.withinThreshold();
                if (bad > 0) {
                    slow.merge(labels("method", count.method(), "route", count.route()), bad, Long::sum);
                }
            }
            return ranked(slow);
        }

        @Override
        public DataKind kind() {
            return DataKind.HTTP_REQUESTS;
        }

        @Override
        public String describe() {
            return "HTTP requests of " + selector(method, route) + " within " + Durations.format(threshold);
        }
    }

    /**
     * Two counters stored per step: one of good or of bad events, and one of every event, summed over the range
     * through {@link StoreReader#downsample}, and per series through {@link StoreReader#aggregateWindow} to say
     * which series spent the budget.
     *
     * @param metric      the counter of good events, or of bad ones when {@code countsBad}
     * @param countsBad   whether {@code metric} counts bad events
     * @param totalMetric the counter of every event
     * @param labels      the labels the series of both counters carry; empty for every series
     */
    record Counters(String metric, boolean countsBad, String totalMetric, Labels labels) implements Indicator {

        /**
         * Checks the names.
         *
         * @param metric      the counter of good events, or of bad ones when {@code countsBad}
         * @param countsBad   whether {@code metric} counts bad events
         * @param totalMetric the counter of every event
         * @param labels      the labels the series of both counters carry; empty for every series
         */
        public Counters {
            Objects.requireNonNull(metric, "metric");
            Objects.requireNonNull(totalMetric, "totalMetric");
            Objects.requireNonNull(labels, "labels");
            if (metric.equals(totalMetric)) {
                throw new IllegalArgumentException("the counter '" + metric + "' cannot be both "
                        + (countsBad ? "bad" : "good") + " and total");
            }
        }

        /**
         * Only series of both counters that carry this label.
         *
         * @param key   the label's key
         * @param value the label's value
         * @return the narrowed indicator
         */
        public Counters where(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(labels.asMap());
            more.put(key, value);
            return new Counters(metric, countsBad, totalMetric, Labels.of(more));
        }

        @Override
        public EventCounts count(StoreReader store, TimeRange range) {
            long[] sums = sums(store, range);
            return fromSums(sums[0], sums[1]);
        }

        /** The sums of {@link #metric} and of {@link #totalMetric} over the range, rounded: additive over ranges. */
        long[] sums(StoreReader store, TimeRange range) {
            return new long[] {Math.round(sum(store, metric, range)), Math.round(sum(store, totalMetric, range))};
        }

        /** The counts of the sums of {@link #metric} and {@link #totalMetric} over one range. */
        EventCounts fromSums(long counted, long total) {
            // counters written apart may disagree by a step at the range's edges: a ratio stays within 0 and 1
            long bad = Math.min(total, Math.max(0, countsBad ? counted : total - counted));
            return new EventCounts(total - bad, total);
        }

        private double sum(StoreReader store, String name, TimeRange range) {
            // one bucket as wide as the range: at most two, as buckets start on multiples of the step
            Duration width = Duration.ofMillis(range.toMillis() - range.fromMillis());
            return store.downsample(DownsampleQuery.builder(name).labels(labels).range(range).step(width)
                            .aggregation(Aggregation.SUM).build())
                    .stream().mapToDouble(SeriesPoint::value).sum();
        }

        /**
         * One contributor per series, by {@code metric} and the series' labels: with {@code countsBad}, each series
         * of {@link #metric} with its sum as its bad events; otherwise each series of {@link #totalMetric} less the
         * series of {@link #metric} with the same labels (all of it when there is none), clamped as {@link #count}
         * clamps.
         * Each series is summed over the same points as {@code count}, so that for counters of whole events the
         * contributors add up to {@code count}'s bad events; where the counters disagree at the range's edges (a
         * good series ahead of its total, bad events beyond the total), they add up to more, since {@code count}
         * clamps the sums of every series and this clamps each series alone.
         *
         * @param store the store to read
         * @param range the range, on each point's time, at least 2 ms long (a window query spans at least two)
         * @return one contributor per series with bad events, most first
         * @throws IllegalArgumentException when the range is a single millisecond
         */
        @Override
        public List<BudgetContributor> contributors(StoreReader store, TimeRange range) {
            Map<Labels, Long> counted = seriesSums(store, metric, range);
            Map<Labels, Long> bad = new HashMap<>();
            if (countsBad) {
                bad.putAll(counted);
            } else {
                seriesSums(store, totalMetric, range).forEach((series, total) ->
                        bad.put(series, fromSums(counted.getOrDefault(series, 0L), total).bad()));
            }
            String counter = countsBad ? metric : totalMetric + " - " + metric;
            Map<Map<String, String>, Long> byContributor = new LinkedHashMap<>();
            bad.forEach((series, events) -> {
                if (events > 0) {
                    Map<String, String> what = new LinkedHashMap<>();
                    what.put("metric", counter);
                    what.putAll(series.asMap());
                    byContributor.put(what, events);
                }
            });
            return ranked(byContributor);
        }

        /**
         * The sum of each series of a counter over the range, rounded, by its labels. A window query holds both of
         * its ends, so it ends a millisecond before the range does: the points {@link #count} sums, no more.
         */
        private Map<Labels, Long> seriesSums(StoreReader store, String name, TimeRange range) {
            long lastMillis = range.toMillis() - 1;
            if (lastMillis == range.fromMillis()) {
                throw new IllegalArgumentException("the counters " + metric + " and " + totalMetric + " are"
                        + " explained per series over at least 2 ms, as a window query spans; got the single"
                        + " millisecond " + range.from() + ": explain a window of 2 ms or more");
            }
            Map<Labels, Long> sums = new HashMap<>();
            store.aggregateWindow(WindowQuery.of(name, labels, Aggregation.SUM,
                            Duration.ofMillis(lastMillis - range.fromMillis()), lastMillis))
                    .forEach(series -> sums.put(series.labels(), Math.round(series.value())));
            return sums;
        }

        @Override
        public DataKind kind() {
            return DataKind.METRICS;
        }

        @Override
        public String describe() {
            String selector = labels.isEmpty() ? "" : Templates.selector(labels);
            return (countsBad ? "1 - " : "") + metric + selector + " / " + totalMetric + selector;
        }
    }

    /**
     * Audit entries of a component (and operation), each good when its status is one of the good statuses.
     *
     * @param component    the component
     * @param operation    the operation, or null for every one
     * @param goodStatuses the statuses of good entries; every other status is bad
     */
    record AuditResults(String component, @Nullable String operation, Set<String> goodStatuses)
            implements Indicator {

        /**
         * Checks the component and copies the statuses.
         *
         * @param component    the component
         * @param operation    the operation, or null for every one
         * @param goodStatuses the statuses of good entries; every other status is bad
         */
        public AuditResults {
            Objects.requireNonNull(component, "component");
            goodStatuses = Set.copyOf(goodStatuses);
            if (goodStatuses.isEmpty()) {
                throw new IllegalArgumentException("at least one status must be good, such as "
                        + AuditEntry.STATUS_SUCCESS);
            }
        }

        /**
         * Only entries of one operation.
         *
         * @param name the operation
         * @return the narrowed indicator
         */
        public AuditResults operation(String name) {
            return new AuditResults(component, Objects.requireNonNull(name, "operation"), goodStatuses);
        }

        /**
         * The statuses of good entries; {@value AuditEntry#STATUS_SUCCESS} unless set.
         *
         * @param statuses one or more statuses
         * @return the indicator with these good statuses
         */
        public AuditResults goodStatuses(Set<String> statuses) {
            return new AuditResults(component, operation, statuses);
        }

        private List<AuditStatusCount> counts(StoreReader store, TimeRange range) {
            return store.countAudit(AuditCountQuery.builder(range).component(component).operation(operation)
                    .build());
        }

        @Override
        public EventCounts count(StoreReader store, TimeRange range) {
            long good = 0;
            long total = 0;
            for (AuditStatusCount count : counts(store, range)) {
                total += count.entries();
                good += goodStatuses.contains(count.status()) ? count.entries() : 0;
            }
            return new EventCounts(good, total);
        }

        @Override
        public List<BudgetContributor> contributors(StoreReader store, TimeRange range) {
            Map<Map<String, String>, Long> bad = new LinkedHashMap<>();
            for (AuditStatusCount count : counts(store, range)) {
                if (!goodStatuses.contains(count.status())) {
                    bad.merge(labels("component", count.component(), "operation", count.operation(),
                            "status", count.status()), count.entries(), Long::sum);
                }
            }
            return ranked(bad);
        }

        @Override
        public DataKind kind() {
            return DataKind.AUDIT;
        }

        @Override
        public String describe() {
            return "audit entries of " + component + (operation == null ? "" : " " + operation) + " with status "
                    + String.join(" or ", goodStatuses.stream().sorted().toList());
        }
    }

    private static List<HttpRequestCount> counts(StoreReader store, TimeRange range, @Nullable String method,
            @Nullable String route, @Nullable Double thresholdMillis) {
        return store.countHttpRequests(HttpCountQuery.builder(range).method(method).route(route)
                .thresholdMillis(thresholdMillis).build());
    }

    private static String selector(@Nullable String method, @Nullable String route) {
        return (method == null ? "" : method + " ") + (route == null ? "every route" : route);
    }

    /** Keys and values, in this order. */
    private static Map<String, String> labels(String... keysAndValues) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            labels.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return labels;
    }

    /** The bad events by kind, most first, then by their labels; each with its share of all of them. */
    private static List<BudgetContributor> ranked(Map<Map<String, String>, Long> bad) {
        long all = bad.values().stream().mapToLong(Long::longValue).sum();
        List<BudgetContributor> contributors = new ArrayList<>(bad.size());
        bad.forEach((labels, events) -> contributors.add(new BudgetContributor(labels, events,
                (double) events / all)));
        contributors.sort(Comparator.comparingLong(BudgetContributor::badEvents).reversed()
                .thenComparing(contributor -> contributor.labels().toString()));
        return contributors;
    }
}
