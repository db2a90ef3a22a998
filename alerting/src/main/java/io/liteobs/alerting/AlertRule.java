package io.liteobs.alerting;

import io.liteobs.Labels;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An alert rule: what it watches (a metric's series, heartbeats, the library's own counters, or any
 * {@link AlertSource}), when an instance holds (above or below a threshold, or absent), how long it must hold before
 * it fires ({@link #pendingFor}), how long it keeps firing after it stops holding ({@link #keepFiringFor}), and what
 * its alerts say. Each label set the source observes is its own alert instance.
 *
 * <p>Immutable: every setting returns a new rule, so a rule is written in one expression.
 *
 * <pre>{@code
 * AlertRule cpu = AlertRule.named("cpu-high")
 *         .metric("host.cpu.utilization").where("mode", "total").avg(Duration.ofMinutes(2)).above(0.9)
 *         .pendingFor(Duration.ofMinutes(2))
 *         .severity(Severity.CRITICAL)
 *         .summary("CPU at {{value}} on {{labels.host}}");
 * AlertRule silent = AlertRule.named("orders-silent").metric("orders.placed").absentFor(Duration.ofMinutes(10));
 * AlertRule stale = AlertRule.named("worker-stale").heartbeats().stale();
 * AlertRule drops = AlertRule.named("liteobs-dropped").liteObs().dropped(Duration.ofMinutes(5)).above(0);
 * AlertRule orders = AlertRule.named("orders-5xx").http().route("/orders/{id}").minRequests(20)
 *         .serverErrorRate(Duration.ofMinutes(5)).above(0.05).pendingFor(Duration.ofMinutes(2));
 * }</pre>
 *
 * <p>Summary and description are templates: {@code {{value}}}, {@code {{threshold}}}, {@code {{condition}}},
 * {@code {{samples}}}, {@code {{rule}}}, {@code {{source}}}, {@code {{window}}}, {@code {{labels.<key>}}} and the
 * source's facts (a heartbeat's {@code {{since_last_beat}}}) are filled in at each evaluation.
 */
public final class AlertRule {

    /** How often a rule is evaluated unless set: every 15 seconds. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /** The most alert instances (label sets) of one rule unless set; further label sets are left out, and logged. */
    public static final int DEFAULT_MAX_INSTANCES = 100;
    /** What a rule id may hold: letters, digits and {@code _ . : -}, 1 to 128 of them. */
    public static final String ID_PATTERN = "[A-Za-z0-9_.:-]{1,128}";
    /** The summary unless set. */
    public static final String DEFAULT_SUMMARY = "{{rule}}: {{source}} is {{value}} ({{condition}})";

    private static final Pattern ID = Pattern.compile(ID_PATTERN);

    private final String id;
    private final AlertSource source;
    private final Condition condition;
    private final Duration pendingFor;
    private final Duration keepFiringFor;
    private final int minSamples;
    private final Severity severity;
    private final Labels labels;
    private final String summary;
    private final String description;
    private final Duration interval;
    private final int maxInstances;

    private AlertRule(String id, AlertSource source, Condition condition, Duration pendingFor,
            Duration keepFiringFor, int minSamples, Severity severity, Labels labels, String summary,
            String description, Duration interval, int maxInstances) {
        this.id = id;
        this.source = source;
        this.condition = condition;
        this.pendingFor = pendingFor;
        this.keepFiringFor = keepFiringFor;
        this.minSamples = minSamples;
        this.severity = severity;
        this.labels = labels;
        this.summary = summary;
        this.description = description;
        this.interval = interval;
        this.maxInstances = maxInstances;
    }

    private static AlertRule of(String id, AlertSource source, Condition condition) {
        return new AlertRule(id, source, condition, Duration.ZERO, Duration.ZERO, 1, Severity.WARNING,
                Labels.empty(), DEFAULT_SUMMARY, "", DEFAULT_INTERVAL, DEFAULT_MAX_INSTANCES);
    }

    /**
     * Starts a rule. The id names its alerts and its state in the store: keep it when the rule changes, so that its
     * alerts carry on, and give a new rule a new id.
     *
     * @param id {@value #ID_PATTERN}
     * @return the start of a rule with this id, which chooses what the rule watches next
     * @throws IllegalArgumentException when the id does not match
     */
    public static Start named(String id) {
        Objects.requireNonNull(id, "id");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("alert rule id '" + id + "' must match " + ID_PATTERN);
        }
        return new Start(id);
    }

    /**
     * The rule's id.
     *
     * @return the rule's id
     */
    public String id() {
        return id;
    }

    /**
     * What it watches.
     *
     * @return what it watches
     */
    public AlertSource source() {
        return source;
    }

    /**
     * When an instance holds, for a person: {@code > 0.9}, {@code absent}.
     *
     * @return when an instance holds, for a person
     */
    public String condition() {
        return condition.describe();
    }

    /** The condition itself, which evaluation applies. */
    Condition predicate() {
        return condition;
    }

    /**
     * How long an instance must hold, at every evaluation, before it fires; zero: at the first.
     *
     * @return how long an instance must hold, at every evaluation, before it fires
     */
    public Duration pendingFor() {
        return pendingFor;
    }

    /**
     * How long a firing instance keeps firing once it stops holding; zero: it resolves at once.
     *
     * @return how long a firing instance keeps firing once it stops holding
     */
    public Duration keepFiringFor() {
        return keepFiringFor;
    }

    /**
     * The fewest samples in the window for a threshold to hold.
     *
     * @return the fewest samples in the window for a threshold to hold
     */
    public int minSamples() {
        return minSamples;
    }

    /**
     * The severity of its alerts.
     *
     * @return the severity of its alerts
     */
    public Severity severity() {
        return severity;
    }

    /**
     * Labels added to every instance's.
     *
     * @return labels added to every instance's
     */
    public Labels labels() {
        return labels;
    }

    /**
     * The summary template.
     *
     * @return the summary template
     */
    public String summary() {
        return summary;
    }

    /**
     * The description template; empty for none.
     *
     * @return the description template
     */
    public String description() {
        return description;
    }

    /**
     * How often it is evaluated.
     *
     * @return how often it is evaluated
     */
    public Duration interval() {
        return interval;
    }

    /**
     * The most alert instances it keeps.
     *
     * @return the most alert instances it keeps
     */
    public int maxInstances() {
        return maxInstances;
    }

    /**
     * An instance fires once it has held at every evaluation for this long (Prometheus' {@code for}). A condition
     * that stops holding in between starts the wait over.
     *
     * @param duration zero or more
     * @return a copy of this rule with the change
     */
    public AlertRule pendingFor(Duration duration) {
        return new AlertRule(id, source, condition, notNegative("pendingFor", duration), keepFiringFor, minSamples,
                severity, labels, summary, description, interval, maxInstances);
    }

    /**
     * A firing instance keeps firing this long after it stops holding, so that a value hovering at the threshold
     * does not resolve and fire again at each evaluation.
     *
     * @param duration zero or more
     * @return a copy of this rule with the change
     */
    public AlertRule keepFiringFor(Duration duration) {
        return new AlertRule(id, source, condition, pendingFor, notNegative("keepFiringFor", duration), minSamples,
                severity, labels, summary, description, interval, maxInstances);
    }

    /**
     * A threshold holds only over at least this many samples in the window, so that a quiet series cannot fire on
     * one point; 1 unless set. "Absent" ignores it.
     *
     * @param samples 1 or more
     * @return a copy of this rule with the change
     */
    public AlertRule minSamples(int samples) {
        if (samples < 1) {
            throw new IllegalArgumentException("minSamples must be 1 or more, got " + samples);
        }
        return new AlertRule(id, source, condition, pendingFor, keepFiringFor, samples, severity, labels, summary,
                description, interval, maxInstances);
    }

    /**
     * The severity of its alerts; {@link Severity#WARNING} unless set.
     *
     * @param level the severity of its alerts
     * @return a copy of this rule with the change
     */
    public AlertRule severity(Severity level) {
        return new AlertRule(id, source, condition, pendingFor, keepFiringFor, minSamples,
                Objects.requireNonNull(level, "severity"), labels, summary, description, interval, maxInstances);
    }

    /**
     * Adds a label to every instance's labels (a team, a runbook), replacing one of the same key.
     *
     * @param key the label's key
     * @param value the label's value
     * @return a copy of this rule with the change
     */
    public AlertRule label(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(labels.asMap());
        more.put(key, value);
        return new AlertRule(id, source, condition, pendingFor, keepFiringFor, minSamples, severity,
                Labels.of(more), summary, description, interval, maxInstances);
    }

    /**
     * The summary template; {@value #DEFAULT_SUMMARY} unless set.
     *
     * @param template the summary template
     * @return a copy of this rule with the change
     */
    public AlertRule summary(String template) {
        return new AlertRule(id, source, condition, pendingFor, keepFiringFor, minSamples, severity, labels,
                Objects.requireNonNull(template, "summary"), description, interval, maxInstances);
    }

    /**
     * The description template: what it means and what to do.
     *
     * @param template the description template
     * @return a copy of this rule with the change
     */
    public AlertRule description(String template) {
        return new AlertRule(id, source, condition, pendingFor, keepFiringFor, minSamples, severity, labels, summary,
                Objects.requireNonNull(template, "description"), interval, maxInstances);
    }

    /**
     * Evaluates the rule every {@code interval}; {@link #DEFAULT_INTERVAL} unless set.
     *
     * @param interval at least a second
     * @return a copy of this rule with the change
     */
    public AlertRule every(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("an alert rule's interval must be at least 1s, got " + interval);
        }
        return new AlertRule(id, source, condition, pendingFor, keepFiringFor, minSamples, severity, labels, summary,
                description, interval, maxInstances);
    }

    /**
     * Keeps at most this many alert instances; {@value #DEFAULT_MAX_INSTANCES} unless set.
     *
     * @param instances 1 or more
     * @return a copy of this rule with the change
     */
    public AlertRule maxInstances(int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException("maxInstances must be 1 or more, got " + instances);
        }
        return new AlertRule(id, source, condition, pendingFor, keepFiringFor, minSamples, severity, labels, summary,
                description, interval, instances);
    }

    private static Duration notNegative(String setting, Duration duration) {
        Objects.requireNonNull(duration, setting);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(setting + " must be zero or more, got " + duration);
        }
        return duration;
    }

    private static Duration window(Duration window) {
        Objects.requireNonNull(window, "window");
        if (window.toMillis() < 1) {
            throw new IllegalArgumentException("a window must be at least 1 ms, got " + window);
        }
        return window;
    }

    @Override
    public String toString() {
        return "AlertRule[" + id + ": " + source.describe() + " " + condition.describe() + ", pending for "
                + Durations.format(pendingFor) + ", " + severity.storedName() + "]";
    }

    /** The first step of a rule: what it watches. */
    public static final class Start {
        private final String id;

        private Start(String id) {
            this.id = id;
        }

        /**
         * The series of a metric; narrow them with {@link MetricSelection#where}.
         *
         * @param name the metric name
         * @return the choice of how to aggregate the series, and which of them
         */
        public MetricSelection metric(String name) {
            return new MetricSelection(id, Objects.requireNonNull(name, "metric"), Labels.empty());
        }

        /**
         * Workers' heartbeats.
         *
         * @return the choice of when a worker counts as stale
         */
        public HeartbeatSelection heartbeats() {
            return new HeartbeatSelection(id);
        }

        /**
         * The library's own counters and store status.
         *
         * @return the choice of which of the library's figures to watch
         */
        public LiteObsSelection liteObs() {
            return new LiteObsSelection(id);
        }

        /**
         * The statistics of HTTP requests, per method and route; narrow them with {@link HttpSelection#route}.
         *
         * @return the choice of which requests, and which figure of them
         */
        public HttpSelection http() {
            return new HttpSelection(id, null, null, HttpSelection.DEFAULT_MIN_REQUESTS);
        }

        /**
         * Any other source.
         *
         * @param source what the rule reads, and how it aggregates it
         * @return the comparison, to finish with a threshold
         */
        public Comparison source(AlertSource source) {
            return new Comparison(id, Objects.requireNonNull(source, "source"));
        }
    }

    /** The series of one metric that carry some labels. */
    public static final class MetricSelection {
        private final String id;
        private final String metric;
        private final Labels matcher;

        private MetricSelection(String id, String metric, Labels matcher) {
            this.id = id;
            this.metric = metric;
            this.matcher = matcher;
        }

        /**
         * Only series that carry this label with this value.
         *
         * @param key the label key a series must carry
         * @param value the value the label must have
         * @return a copy of this selection, narrowed
         */
        public MetricSelection where(String key, String value) {
            Map<String, String> more = new LinkedHashMap<>(matcher.asMap());
            more.put(key, value);
            return new MetricSelection(id, metric, Labels.of(more));
        }

        /**
         * Only series that carry all these labels.
         *
         * @param labels the labels a series must all carry, with these values
         * @return a copy of this selection, narrowed
         */
        public MetricSelection where(Labels labels) {
            Map<String, String> more = new LinkedHashMap<>(matcher.asMap());
            more.putAll(labels.asMap());
            return new MetricSelection(id, metric, Labels.of(more));
        }

        private Comparison aggregated(MetricSource.Function function, Duration window) {
            return new Comparison(id, new MetricSource(metric, matcher, function, window(window), false));
        }

        /**
         * The mean of each series' points in the window.
         *
         * @param window how far back from each evaluation the points are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison avg(Duration window) {
            return aggregated(MetricSource.Function.AVG, window);
        }

        /**
         * The smallest of each series' points in the window.
         *
         * @param window how far back from each evaluation the points are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison min(Duration window) {
            return aggregated(MetricSource.Function.MIN, window);
        }

        /**
         * The largest of each series' points in the window.
         *
         * @param window how far back from each evaluation the points are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison max(Duration window) {
            return aggregated(MetricSource.Function.MAX, window);
        }

        /**
         * Each series' latest point in the window.
         *
         * @param window how far back from each evaluation the points are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison last(Duration window) {
            return aggregated(MetricSource.Function.LAST, window);
        }

        /**
         * The sum of each series' points in the window: the increase of a counter stored per step.
         *
         * @param window how far back from each evaluation the points are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison sum(Duration window) {
            return aggregated(MetricSource.Function.SUM, window);
        }

        /**
         * How many points each series has in the window.
         *
         * @param window how far back from each evaluation the points are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison count(Duration window) {
            return aggregated(MetricSource.Function.COUNT, window);
        }

        /**
         * A counter's increments in the window, per second (the sum over the window's seconds).
         *
         * @param window how far back from each evaluation the points are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison rate(Duration window) {
            return aggregated(MetricSource.Function.RATE, window);
        }

        /**
         * Holds for each series of the metric (carrying the labels) that has no point in the last {@code window}, and
         * for the metric as a whole when it has no series at all.
         *
         * @param window how long a series may go without a point before the rule holds for it
         * @return the rule
         */
        public AlertRule absentFor(Duration window) {
            return AlertRule.of(id, new MetricSource(metric, matcher, MetricSource.Function.COUNT, window(window),
                    true), new Condition.Absent())
                    .summary("{{rule}}: no " + metric + " point for {{window}} {{labels}}");
        }
    }

    /**
     * The statistics of HTTP requests over a window: each method and route is its own alert instance. A route with
     * fewer requests in the window than {@link #minRequests} cannot fire (its rule's {@link AlertRule#minSamples}).
     */
    public static final class HttpSelection {
        /** The fewest requests in the window for an HTTP rule to hold unless set: 10. */
        public static final int DEFAULT_MIN_REQUESTS = 10;

        private final String id;
        private final @Nullable String method;
        private final @Nullable String route;
        private final int minRequests;

        private HttpSelection(String id, @Nullable String method, @Nullable String route, int minRequests) {
            this.id = id;
            this.method = method;
            this.route = route;
            this.minRequests = minRequests;
        }

        /**
         * Only this route template ({@code /orders/{id}}); every route, each its own instance, unless set.
         *
         * @param template the route template, as the HTTP logger stores it
         * @return a copy of this selection, narrowed
         */
        public HttpSelection route(String template) {
            return new HttpSelection(id, method, Objects.requireNonNull(template, "route"), minRequests);
        }

        /**
         * Only requests of this method ({@code GET}); every method unless set.
         *
         * @param name the HTTP method, such as {@code GET}
         * @return a copy of this selection, narrowed
         */
        public HttpSelection method(String name) {
            return new HttpSelection(id, Objects.requireNonNull(name, "method"), route, minRequests);
        }

        /**
         * A route holds only with at least this many requests in the window, so that one failed request of a quiet
         * route cannot fire; {@value #DEFAULT_MIN_REQUESTS} unless set.
         *
         * @param requests 1 or more
         * @return a copy of this selection with another minimum
         */
        public HttpSelection minRequests(int requests) {
            if (requests < 1) {
                throw new IllegalArgumentException("minRequests must be 1 or more, got " + requests);
            }
            return new HttpSelection(id, method, route, requests);
        }

        private Comparison measured(HttpSource.Measure measure, Duration window) {
            return new Comparison(id, new HttpSource(method, route, measure, window(window)), minRequests);
        }

        /**
         * The share of requests answered 500 to 599, 0 to 1.
         *
         * @param window the share of requests answered 500 to 599, 0 to 1.
         * @return the comparison, to finish with a threshold
         */
        public Comparison serverErrorRate(Duration window) {
            return measured(HttpSource.Measure.SERVER_ERROR_RATE, window);
        }

        /**
         * The share of requests answered 400 to 499, 0 to 1.
         *
         * @param window the share of requests answered 400 to 499, 0 to 1.
         * @return the comparison, to finish with a threshold
         */
        public Comparison clientErrorRate(Duration window) {
            return measured(HttpSource.Measure.CLIENT_ERROR_RATE, window);
        }

        /**
         * Requests per second.
         *
         * @param window how far back from each evaluation the requests are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison requestRate(Duration window) {
            return measured(HttpSource.Measure.REQUEST_RATE, window);
        }

        /**
         * The median duration, in milliseconds.
         *
         * @param window how far back from each evaluation the requests are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison latencyP50(Duration window) {
            return measured(HttpSource.Measure.P50, window);
        }

        /**
         * The 90th percentile duration, in milliseconds.
         *
         * @param window how far back from each evaluation the requests are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison latencyP90(Duration window) {
            return measured(HttpSource.Measure.P90, window);
        }

        /**
         * The 95th percentile duration, in milliseconds.
         *
         * @param window how far back from each evaluation the requests are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison latencyP95(Duration window) {
            return measured(HttpSource.Measure.P95, window);
        }

        /**
         * The 99th percentile duration, in milliseconds.
         *
         * @param window how far back from each evaluation the requests are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison latencyP99(Duration window) {
            return measured(HttpSource.Measure.P99, window);
        }

        /**
         * The longest duration, in milliseconds.
         *
         * @param window how far back from each evaluation the requests are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison latencyMax(Duration window) {
            return measured(HttpSource.Measure.MAX, window);
        }
    }

    /** A value compared with a threshold. */
    public static final class Comparison {
        private final String id;
        private final AlertSource source;
        private final int minSamples;

        private Comparison(String id, AlertSource source) {
            this(id, source, 1);
        }

        private Comparison(String id, AlertSource source, int minSamples) {
            this.id = id;
            this.source = source;
            this.minSamples = minSamples;
        }

        /**
         * Holds while the value is above the threshold.
         *
         * @param threshold the value the rule's value must exceed to hold
         * @return the rule
         */
        public AlertRule above(double threshold) {
            return AlertRule.of(id, source, new Condition.Threshold(true, threshold)).minSamples(minSamples);
        }

        /**
         * Holds while the value is below the threshold.
         *
         * @param threshold the value the rule's value must fall under to hold
         * @return the rule
         */
        public AlertRule below(double threshold) {
            return AlertRule.of(id, source, new Condition.Threshold(false, threshold)).minSamples(minSamples);
        }
    }

    /** Workers' heartbeats. */
    public static final class HeartbeatSelection {
        private final String id;

        private HeartbeatSelection(String id) {
            this.id = id;
        }

        /**
         * Holds for each worker whose latest beat is older than three of the interval stored with it.
         *
         * @return the rule
         */
        public AlertRule stale() {
            return staleRule(new HeartbeatSource(null));
        }

        /**
         * Holds for each worker whose latest beat is older than {@code staleAfter}.
         *
         * @param staleAfter the age of the latest beat past which a worker counts as stale
         * @return the rule
         */
        public AlertRule staleAfter(Duration staleAfter) {
            return staleRule(new HeartbeatSource(window(staleAfter)));
        }

        private AlertRule staleRule(HeartbeatSource source) {
            return AlertRule.of(id, source, new Condition.Threshold(true, 0))
                    .summary("Worker {{labels.worker}} has not beaten for {{since_last_beat}} (stale after"
                            + " {{stale_after}})");
        }
    }

    /** The library's own counters and store status. */
    public static final class LiteObsSelection {
        private final String id;

        private LiteObsSelection(String id) {
            this.id = id;
        }

        /**
         * Per recorder, the entries dropped (queue full, or closed) over the window.
         *
         * @param window how far back from each evaluation the counts are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison dropped(Duration window) {
            return new Comparison(id, LiteObsSource.counter(EvaluationContext.RecorderCounter.DROPPED,
                    window(window)));
        }

        /**
         * Per recorder, the entries the store refused or could not take, over the window.
         *
         * @param window how far back from each evaluation the counts are taken; positive
         * @return the comparison, to finish with a threshold
         */
        public Comparison failed(Duration window) {
            return new Comparison(id, LiteObsSource.counter(EvaluationContext.RecorderCounter.FAILED,
                    window(window)));
        }

        /**
         * Holds while LiteObs cannot write to its store.
         *
         * @return the rule
         */
        public AlertRule storeDegraded() {
            return AlertRule.of(id, LiteObsSource.storeStatus(), new Condition.Threshold(true, 0))
                    .summary("LiteObs cannot write to its store: {{reason}}");
        }
    }
}
