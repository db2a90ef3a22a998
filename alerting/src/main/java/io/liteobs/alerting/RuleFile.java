package io.liteobs.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.liteobs.Labels;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Alert rules written in YAML or JSON, for the command line and for configuration files. A file holds a list
 * {@code rules}; each rule has an {@code id}, watches one of {@code metric}, {@code heartbeat}, {@code liteobs} or
 * {@code http},
 * and takes the settings of {@link AlertRule} under their names:
 *
 * <pre>{@code
 * rules:
 *   - id: cpu-high
 *     metric: host.cpu.utilization
 *     where: {mode: total}
 *     aggregate: avg          # avg, min, max, last, sum, count, rate
 *     window: 2m
 *     above: 0.9              # or below:
 *     pendingFor: 2m
 *     keepFiringFor: 1m
 *     minSamples: 3
 *     severity: critical      # info, warning, critical
 *     labels: {team: infra}
 *     summary: "CPU at {{value}}"
 *     description: "Look at the busiest processes."
 *     interval: 30s
 *     maxInstances: 20
 *   - id: orders-silent
 *     metric: orders.placed
 *     absentFor: 10m
 *   - id: worker-stale
 *     heartbeat: stale        # or staleAfter: 1m
 *   - id: drops
 *     liteobs: dropped        # dropped, failed (both with window and above), store-degraded
 *     window: 5m
 *     above: 0
 *   - id: orders-errors
 *     http: server-error-rate # client-error-rate, request-rate, p50, p90, p95, p99, max (latencies in ms)
 *     route: "/orders/{id}"   # every route, each its own alert, unless set
 *     method: POST            # every method unless set
 *     minRequests: 20         # 10 unless set
 *     window: 5m
 *     above: 0.05
 * }</pre>
 *
 * <p>A list {@code objectives} holds {@link Objective}s (docs/slo.md): {@code http: availability} or
 * {@code http: latency} (with {@code threshold}), {@code audit: <component>} or {@code counters: {good|bad, total}},
 * then {@code target} ({@code 0.999} or {@code 99.9%}), {@code window} and {@code alerts} ({@code none}, or
 * {@code page}, {@code ticket}, {@code minEvents}, {@code interval}). {@link #read} gives rules and objectives
 * apart; {@link #load} gives the rules with the objectives' burn-rate rules.
 *
 * <p>Durations are written {@code 90s}, {@code 2m}, {@code 1h30m}, {@code 250ms} or in ISO-8601 ({@code PT2M}).
 * Every problem is a {@link RuleFileException} naming the file, the rule, the field and what is wrong; an unknown
 * field is one, so that a misspelt setting is not silently ignored.
 */
public final class RuleFile {

    private static final ObjectMapper YAML = YAMLMapper.builder().build();
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final Set<String> FIELDS = Set.of("id", "metric", "heartbeat", "liteobs", "http", "route",
            "method", "minRequests", "where", "aggregate",
            "window", "above", "below", "absentFor", "staleAfter", "pendingFor", "keepFiringFor", "minSamples",
            "severity", "labels", "summary", "description", "interval", "maxInstances");

    private static final Set<String> OBJECTIVE_FIELDS = Set.of("id", "http", "route", "method", "threshold",
            "audit", "operation", "goodStatuses", "counters", "where", "target", "window", "alerts");
    private static final Set<String> ALERTS_FIELDS = Set.of("page", "ticket", "minEvents", "interval");
    private static final Set<String> CONDITION_FIELDS = Set.of("long", "short", "burnRate");
    private static final Set<String> COUNTERS_FIELDS = Set.of("good", "bad", "total");

    /**
     * What a file holds: alert rules, and service level objectives.
     *
     * @param rules      the rules of {@code rules}, in the file's order
     * @param objectives the objectives of {@code objectives}, in the file's order
     */
    public record Contents(List<AlertRule> rules, List<Objective> objectives) {

        /**
         * Copies the lists.
         *
         * @param rules      the rules of {@code rules}, in the file's order
         * @param objectives the objectives of {@code objectives}, in the file's order
         */
        public Contents {
            rules = List.copyOf(rules);
            objectives = List.copyOf(objectives);
        }

        /**
         * The rules, then the objectives' burn-rate alert rules ({@link Objective#alertRules()}).
         *
         * @return every rule the file makes
         */
        public List<AlertRule> allRules() {
            List<AlertRule> all = new ArrayList<>(rules);
            objectives.forEach(objective -> all.addAll(objective.alertRules()));
            return List.copyOf(all);
        }
    }

    private RuleFile() {
    }

    /**
     * Reads the rules of a file: JSON when its name ends in {@code .json}, YAML otherwise.
     *
     * @param file the rule file, YAML or JSON
     * @return the file's rules, in the order they appear
     * @throws IOException        when it cannot be read
     * @throws RuleFileException  when it is not a rule file
     */
    public static List<AlertRule> load(Path file) throws IOException {
        return read(file).allRules();
    }

    /**
     * Reads the rules and the objectives of a file: JSON when its name ends in {@code .json}, YAML otherwise.
     *
     * @param file the file
     * @return its rules and objectives
     * @throws IOException       when it cannot be read
     * @throws RuleFileException when it is not a rule file
     */
    public static Contents read(Path file) throws IOException {
        return parseContents(Files.readString(file), file.getFileName().toString());
    }

    /**
     * Reads rules from text: JSON when {@code name} ends in {@code .json}, YAML otherwise (YAML reads JSON too).
     *
     * @param text the rules as YAML or JSON text
     * @param name the file's name, for messages
     * @return the rules, in the order they appear
     * @throws RuleFileException when it is not a rule file
     */
    public static List<AlertRule> parse(String text, String name) {
        return parseContents(text, name).allRules();
    }

    /**
     * Reads rules and objectives from text: JSON when {@code name} ends in {@code .json}, YAML otherwise.
     *
     * @param text the file's text
     * @param name the file's name, for messages
     * @return its rules and objectives
     * @throws RuleFileException when it is not a rule file
     */
    public static Contents parseContents(String text, String name) {
        ObjectMapper mapper = name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RuleFileException(name + ": not valid " + (mapper == JSON ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage() + locationOf(e), null, null, e);
        }
        JsonNode rules = root == null ? null : root.get("rules");
        JsonNode objectives = root == null ? null : root.get("objectives");
        if ((rules == null && objectives == null) || (rules != null && !rules.isArray())
                || (objectives != null && !objectives.isArray())) {
            throw new RuleFileException(name + ": a rule file holds a list 'rules', a list 'objectives' or both at its"
                    + " top level", null, null, null);
        }
        List<AlertRule> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int position = 0;
        for (JsonNode node : rules == null ? List.<JsonNode>of() : rules) {
            position++;
            RuleReader reader = new RuleReader(name, "rule", position, node);
            AlertRule rule = reader.read();
            if (!ids.add(rule.id())) {
                throw reader.problem("id", "another rule of the file has the id '" + rule.id() + "'", null);
            }
            parsed.add(rule);
        }
        List<Objective> parsedObjectives = new ArrayList<>();
        Set<String> objectiveIds = new HashSet<>();
        position = 0;
        for (JsonNode node : objectives == null ? List.<JsonNode>of() : objectives) {
            position++;
            RuleReader reader = new RuleReader(name, "objective", position, node);
            Objective objective = reader.readObjective();
            if (!objectiveIds.add(objective.id())) {
                throw reader.problem("id", "another objective of the file has the id '" + objective.id() + "'",
                        null);
            }
            for (AlertRule rule : objective.alertRules()) {
                if (ids.contains(rule.id())) {
                    throw reader.problem("id", "its alert rule '" + rule.id() + "' has the id of a rule of the file",
                            null);
                }
            }
            parsedObjectives.add(objective);
        }
        return new Contents(parsed, parsedObjectives);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** Reads one rule or objective, naming it in every problem. */
    private static final class RuleReader {
        private final String file;
        private final String kind;
        private final int position;
        private final JsonNode node;
        private @Nullable String id;

        RuleReader(String file, String kind, int position, JsonNode node) {
            this.file = file;
            this.kind = kind;
            this.position = position;
            this.node = node;
        }

        RuleFileException problem(@Nullable String field, String problem, @Nullable Throwable cause) {
            String rule = id == null ? kind + " #" + position : kind + " '" + id + "' (#" + position + ")";
            return new RuleFileException(file + ": " + rule + (field == null ? "" : ", field '" + field + "'") + ": "
                    + problem, id, field, cause);
        }

        AlertRule read() {
            if (!node.isObject()) {
                throw problem(null, "a rule is a map of fields, got " + node.getNodeType().name().toLowerCase(
                        Locale.ROOT), null);
            }
            String ruleId = text("id");
            if (ruleId == null) {
                throw problem("id", "every rule needs an id", null);
            }
            this.id = ruleId;
            for (Map.Entry<String, JsonNode> property : node.properties()) {
                String field = property.getKey();
                if (!FIELDS.contains(field)) {
                    throw problem(field, "unknown field; a rule takes " + String.join(", ", FIELDS.stream().sorted()
                            .toList()), null);
                }
            }
            AlertRule.Start start = setting("id", () -> AlertRule.named(ruleId));
            List<String> sources = new ArrayList<>();
            for (String source : List.of("metric", "heartbeat", "liteobs", "http")) {
                if (node.has(source)) {
                    sources.add(source);
                }
            }
            if (sources.size() != 1) {
                throw problem(sources.isEmpty() ? null : sources.get(1), "a rule watches exactly one of metric,"
                        + " heartbeat, liteobs or http" + (sources.isEmpty() ? "" : ", not " + String.join(" and ", sources)),
                        null);
            }
            if (!sources.get(0).equals("http")) {
                refuseWith(sources.get(0), "route", "method", "minRequests");
            }
            AlertRule rule = switch (sources.get(0)) {
                case "metric" -> metricRule(start);
                case "heartbeat" -> heartbeatRule(start);
                case "http" -> httpRule(start);
                default -> liteObsRule(start);
            };
            return settings(rule);
        }

        Objective readObjective() {
            if (!node.isObject()) {
                throw problem(null, "an objective is a map of fields, got " + node.getNodeType().name().toLowerCase(
                        Locale.ROOT), null);
            }
            String objectiveId = text("id");
            if (objectiveId == null) {
                throw problem("id", "every objective needs an id", null);
            }
            this.id = objectiveId;
            refuseUnknown(node, null, OBJECTIVE_FIELDS, "an objective");
            List<String> kinds = new ArrayList<>();
            for (String kindField : List.of("http", "audit", "counters")) {
                if (node.has(kindField)) {
                    kinds.add(kindField);
                }
            }
            if (kinds.size() != 1) {
                throw problem(kinds.isEmpty() ? null : kinds.get(1), "an objective measures exactly one of http,"
                        + " audit or counters" + (kinds.isEmpty() ? "" : ", not " + String.join(" and ", kinds)),
                        null);
            }
            Indicator indicator = switch (kinds.get(0)) {
                case "http" -> httpIndicator();
                case "audit" -> auditIndicator();
                default -> counterIndicator();
            };
            Objective objective = setting("id", () -> Objective.named(objectiveId, indicator));
            Double target = target();
            if (target != null) {
                Objective before = objective;
                objective = setting("target", () -> before.target(target));
            }
            Duration window = duration("window");
            if (window != null) {
                Objective before = objective;
                objective = setting("window", () -> before.window(window));
            }
            JsonNode alerts = node.get("alerts");
            if (alerts != null && !alerts.isNull()) {
                Objective before = objective;
                BurnRateAlerts burnRateAlerts = burnRateAlerts(alerts, before.alerts());
                objective = setting("alerts", () -> before.alerts(burnRateAlerts));
            }
            return objective;
        }

        private Indicator httpIndicator() {
            String measure = required("http");
            refuseWith("http", "operation", "goodStatuses", "where");
            String route = text("route");
            String method = text("method");
            return switch (measure) {
                case "availability" -> {
                    refuseWith("http: availability", "threshold");
                    Indicator.HttpAvailability availability = Indicator.httpAvailability();
                    availability = route == null ? availability : availability.route(route);
                    yield method == null ? availability : availability.method(method);
                }
                case "latency" -> {
                    Duration threshold = requiredDuration("threshold");
                    Indicator.HttpLatency latency = setting("threshold", () -> Indicator.httpLatency(threshold));
                    latency = route == null ? latency : latency.route(route);
                    yield method == null ? latency : latency.method(method);
                }
                default -> throw problem("http", "'" + measure + "' is not an HTTP indicator: use availability or"
                        + " latency", null);
            };
        }

        private Indicator auditIndicator() {
            String component = required("audit");
            refuseWith("audit", "route", "method", "threshold", "where");
            Indicator.AuditResults results = Indicator.audit(component);
            String operation = text("operation");
            if (operation != null) {
                results = results.operation(operation);
            }
            JsonNode statuses = node.get("goodStatuses");
            if (statuses != null && !statuses.isNull()) {
                if (!statuses.isArray() || statuses.isEmpty()) {
                    throw problem("goodStatuses", "must be a list of one or more statuses, such as [success]", null);
                }
                Set<String> good = new HashSet<>();
                for (JsonNode status : statuses) {
                    if (!status.isValueNode() || status.isNull()) {
                        throw problem("goodStatuses", "each status must be text", null);
                    }
                    good.add(status.asText());
                }
                Indicator.AuditResults before = results;
                results = setting("goodStatuses", () -> before.goodStatuses(good));
            }
            return results;
        }

        private Indicator counterIndicator() {
            refuseWith("counters", "route", "method", "threshold", "operation", "goodStatuses");
            JsonNode counters = node.get("counters");
            if (!counters.isObject()) {
                throw problem("counters", "must be a map with total and one of good or bad: {good: jobs.succeeded,"
                        + " total: jobs.started}", null);
            }
            refuseUnknown(counters, "counters", COUNTERS_FIELDS, "counters");
            String good = nested(counters, "counters", "good");
            String bad = nested(counters, "counters", "bad");
            String total = nested(counters, "counters", "total");
            if (total == null || (good == null) == (bad == null)) {
                throw problem("counters", "names total and exactly one of good or bad", null);
            }
            Indicator.Counters indicator = setting("counters", () -> good != null
                    ? Indicator.goodOverTotal(good, total) : Indicator.badOverTotal(Objects.requireNonNull(bad),
                    total));
            for (Map.Entry<String, String> label : map("where").entrySet()) {
                Indicator.Counters before = indicator;
                indicator = setting("where", () -> before.where(label.getKey(), label.getValue()));
            }
            return indicator;
        }

        /** A share ({@code 0.999}) or a percentage ({@code 99.9%}). */
        private @Nullable Double target() {
            JsonNode value = node.get("target");
            if (value != null && value.isTextual() && value.asText().strip().endsWith("%")) {
                String percent = value.asText().strip();
                return parsed("target", text -> {
                    try {
                        // in decimal, so that 99.9% is the double nearest 0.999, as the code's 0.999 is
                        return new BigDecimal(percent.substring(0, percent.length() - 1).strip()).movePointLeft(2)
                                .doubleValue();
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException("'" + text + "' is not a percentage such as 99.9%", e);
                    }
                });
            }
            return number("target");
        }

        private BurnRateAlerts burnRateAlerts(JsonNode alerts, BurnRateAlerts defaults) {
            if (alerts.isTextual() && alerts.asText().equals("none")) {
                return BurnRateAlerts.none();
            }
            if (!alerts.isObject()) {
                throw problem("alerts", "must be none, or a map of page, ticket, minEvents and interval", null);
            }
            refuseUnknown(alerts, "alerts", ALERTS_FIELDS, "alerts");
            BurnRateAlerts set = defaults;
            if (alerts.has("page")) {
                BurnRateWindow[] page = conditions(alerts.get("page"), "alerts.page");
                BurnRateAlerts before = set;
                set = setting("alerts.page", () -> before.page(page));
            }
            if (alerts.has("ticket")) {
                BurnRateWindow[] ticket = conditions(alerts.get("ticket"), "alerts.ticket");
                BurnRateAlerts before = set;
                set = setting("alerts.ticket", () -> before.ticket(ticket));
            }
            JsonNode minEvents = alerts.get("minEvents");
            if (minEvents != null) {
                if (!minEvents.canConvertToLong() || !minEvents.isIntegralNumber()) {
                    throw problem("alerts.minEvents", "must be a whole number, got " + minEvents, null);
                }
                BurnRateAlerts before = set;
                set = setting("alerts.minEvents", () -> before.minEvents(minEvents.asLong()));
            }
            String interval = nested(alerts, "alerts", "interval");
            if (interval != null) {
                Duration every = parsedAs("alerts.interval", interval, Durations::parse);
                BurnRateAlerts before = set;
                set = setting("alerts.interval", () -> before.every(every));
            }
            return set;
        }

        private BurnRateWindow[] conditions(JsonNode list, String field) {
            if (!list.isArray()) {
                throw problem(field, "must be a list of {long, short, burnRate}, or [] for none", null);
            }
            List<BurnRateWindow> conditions = new ArrayList<>();
            int index = 0;
            for (JsonNode condition : list) {
                String at = field + "[" + index++ + "]";
                if (!condition.isObject()) {
                    throw problem(at, "must be a map {long: 1h, short: 5m, burnRate: 14.4}", null);
                }
                refuseUnknown(condition, at, CONDITION_FIELDS, "a burn-rate condition");
                String longText = nested(condition, at, "long");
                String shortText = nested(condition, at, "short");
                JsonNode burnRate = condition.get("burnRate");
                if (longText == null || shortText == null || burnRate == null || !burnRate.isNumber()) {
                    throw problem(at, "needs long, short (durations) and burnRate (a number)", null);
                }
                Duration longWindow = parsedAs(at + ".long", longText, Durations::parse);
                Duration shortWindow = parsedAs(at + ".short", shortText, Durations::parse);
                conditions.add(setting(at, () -> new BurnRateWindow(longWindow, shortWindow, burnRate.asDouble())));
            }
            return conditions.toArray(BurnRateWindow[]::new);
        }

        private @Nullable String nested(JsonNode parent, String parentField, String field) {
            JsonNode value = parent.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isValueNode()) {
                throw problem(parentField + "." + field, "must be text", null);
            }
            return value.asText();
        }

        private <T> T parsedAs(String field, String text, Function<String, T> parser) {
            try {
                return parser.apply(text);
            } catch (IllegalArgumentException e) {
                throw problem(field, String.valueOf(e.getMessage()), e);
            }
        }

        private void refuseUnknown(JsonNode map, @Nullable String parentField, Set<String> known, String what) {
            for (Map.Entry<String, JsonNode> property : map.properties()) {
                if (!known.contains(property.getKey())) {
                    String field = parentField == null ? property.getKey() : parentField + "." + property.getKey();
                    throw problem(field, "unknown field; " + what + " takes " + String.join(", ",
                            known.stream().sorted().toList()), null);
                }
            }
        }

        private AlertRule metricRule(AlertRule.Start start) {
            String metric = required("metric");
            AlertRule.MetricSelection selection = setting("metric", () -> start.metric(metric));
            Map<String, String> where = map("where");
            if (!where.isEmpty()) {
                AlertRule.MetricSelection unfiltered = selection;
                selection = setting("where", () -> unfiltered.where(Labels.of(where)));
            }
            Duration absentFor = duration("absentFor");
            if (absentFor != null) {
                refuseWith("absentFor", "aggregate", "above", "below", "window");
                AlertRule.MetricSelection selected = selection;
                return setting("absentFor", () -> selected.absentFor(absentFor));
            }
            String aggregate = required("aggregate");
            Duration window = requiredDuration("window");
            AlertRule.MetricSelection selected = selection;
            AlertRule.Comparison comparison = switch (aggregate.toLowerCase(Locale.ROOT)) {
                case "avg" -> setting("window", () -> selected.avg(window));
                case "min" -> setting("window", () -> selected.min(window));
                case "max" -> setting("window", () -> selected.max(window));
                case "last" -> setting("window", () -> selected.last(window));
                case "sum" -> setting("window", () -> selected.sum(window));
                case "count" -> setting("window", () -> selected.count(window));
                case "rate" -> setting("window", () -> selected.rate(window));
                default -> throw problem("aggregate", "'" + aggregate + "' is not an aggregation: use avg, min, max,"
                        + " last, sum, count or rate", null);
            };
            return compared(comparison);
        }

        private AlertRule heartbeatRule(AlertRule.Start start) {
            String kind = required("heartbeat");
            if (!kind.equals("stale")) {
                throw problem("heartbeat", "'" + kind + "' is not a heartbeat condition: use stale", null);
            }
            refuseWith("heartbeat", "aggregate", "above", "below", "window", "absentFor", "where");
            Duration staleAfter = duration("staleAfter");
            return staleAfter == null ? start.heartbeats().stale()
                    : setting("staleAfter", () -> start.heartbeats().staleAfter(staleAfter));
        }

        private AlertRule liteObsRule(AlertRule.Start start) {
            String kind = required("liteobs");
            refuseWith("liteobs", "aggregate", "absentFor", "where", "staleAfter");
            if (kind.equals("store-degraded")) {
                refuseWith("liteobs: store-degraded", "above", "below", "window");
                return start.liteObs().storeDegraded();
            }
            Duration window = requiredDuration("window");
            return switch (kind) {
                case "dropped" -> compared(setting("window", () -> start.liteObs().dropped(window)));
                case "failed" -> compared(setting("window", () -> start.liteObs().failed(window)));
                default -> throw problem("liteobs", "'" + kind + "' is not a LiteObs condition: use dropped, failed"
                        + " or store-degraded", null);
            };
        }

        private AlertRule httpRule(AlertRule.Start start) {
            String measure = required("http");
            refuseWith("http", "aggregate", "absentFor", "where", "staleAfter", "minSamples");
            AlertRule.HttpSelection selection = start.http();
            String route = text("route");
            if (route != null) {
                selection = selection.route(route);
            }
            String method = text("method");
            if (method != null) {
                selection = selection.method(method);
            }
            Double minRequests = number("minRequests");
            if (minRequests != null) {
                AlertRule.HttpSelection before = selection;
                selection = setting("minRequests", () -> before.minRequests(whole("minRequests", minRequests)));
            }
            Duration window = requiredDuration("window");
            AlertRule.HttpSelection selected = selection;
            AlertRule.Comparison comparison = switch (measure) {
                case "server-error-rate" -> setting("window", () -> selected.serverErrorRate(window));
                case "client-error-rate" -> setting("window", () -> selected.clientErrorRate(window));
                case "request-rate" -> setting("window", () -> selected.requestRate(window));
                case "p50" -> setting("window", () -> selected.latencyP50(window));
                case "p90" -> setting("window", () -> selected.latencyP90(window));
                case "p95" -> setting("window", () -> selected.latencyP95(window));
                case "p99" -> setting("window", () -> selected.latencyP99(window));
                case "max" -> setting("window", () -> selected.latencyMax(window));
                default -> throw problem("http", "'" + measure + "' is not an HTTP measure: use server-error-rate,"
                        + " client-error-rate, request-rate, p50, p90, p95, p99 or max", null);
            };
            return compared(comparison);
        }

        private AlertRule compared(AlertRule.Comparison comparison) {
            Double above = number("above");
            Double below = number("below");
            if ((above == null) == (below == null)) {
                throw problem(above == null ? null : "below", "a rule compares with exactly one of above or below",
                        null);
            }
            return above != null ? setting("above", () -> comparison.above(above))
                    : setting("below", () -> comparison.below(below));
        }

        private AlertRule settings(AlertRule rule) {
            AlertRule set = rule;
            Duration pendingFor = duration("pendingFor");
            if (pendingFor != null) {
                AlertRule before = set;
                set = setting("pendingFor", () -> before.pendingFor(pendingFor));
            }
            Duration keepFiringFor = duration("keepFiringFor");
            if (keepFiringFor != null) {
                AlertRule before = set;
                set = setting("keepFiringFor", () -> before.keepFiringFor(keepFiringFor));
            }
            Double minSamples = number("minSamples");
            if (minSamples != null) {
                AlertRule before = set;
                set = setting("minSamples", () -> before.minSamples(whole("minSamples", minSamples)));
            }
            String severity = text("severity");
            if (severity != null) {
                AlertRule before = set;
                set = setting("severity", () -> before.severity(Severity.of(severity)));
            }
            for (Map.Entry<String, String> label : map("labels").entrySet()) {
                AlertRule before = set;
                set = setting("labels", () -> before.label(label.getKey(), label.getValue()));
            }
            String summary = text("summary");
            if (summary != null) {
                set = set.summary(summary);
            }
            String description = text("description");
            if (description != null) {
                set = set.description(description);
            }
            Duration interval = duration("interval");
            if (interval != null) {
                AlertRule before = set;
                set = setting("interval", () -> before.every(interval));
            }
            Double maxInstances = number("maxInstances");
            if (maxInstances != null) {
                AlertRule before = set;
                set = setting("maxInstances", () -> before.maxInstances(whole("maxInstances", maxInstances)));
            }
            return set;
        }

        /** Runs a step of the rule's construction, naming the field when the rule refuses its value. */
        private <T> T setting(String field, Supplier<T> step) {
            try {
                return step.get();
            } catch (IllegalArgumentException e) {
                String message = String.valueOf(e.getMessage());
                // an objective names itself and the field in its messages: the problem names them once
                String named = "objective '" + id + "', field '";
                int end = message.startsWith(named) ? message.indexOf("': ", named.length()) : -1;
                throw problem(field, end < 0 ? message : message.substring(end + 3), e);
            }
        }

        private void refuseWith(String kind, String... fields) {
            for (String field : fields) {
                if (node.has(field)) {
                    throw problem(field, "does not go with " + kind, null);
                }
            }
        }

        private int whole(String field, double value) {
            if (value != Math.rint(value) || value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw problem(field, Templates.format(value) + " is not a whole number", null);
            }
            return (int) value;
        }

        private @Nullable String text(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.isValueNode() || value.isBinary()) {
                throw problem(field, "must be text, got " + value.getNodeType().name().toLowerCase(Locale.ROOT),
                        null);
            }
            return value.asText();
        }

        private String required(String field) {
            String value = text(field);
            if (value == null || value.isBlank()) {
                throw problem(field, "is required here", null);
            }
            return value;
        }

        private @Nullable Duration duration(String field) {
            return parsed(field, Durations::parse);
        }

        private Duration requiredDuration(String field) {
            Duration value = duration(field);
            if (value == null) {
                throw problem(field, "is required here", null);
            }
            return value;
        }

        private @Nullable Double number(String field) {
            JsonNode value = node.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            if (value.isNumber()) {
                return value.asDouble();
            }
            return parsed(field, text -> {
                try {
                    return Double.valueOf(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("'" + text + "' is not a number", e);
                }
            });
        }

        private <T> @Nullable T parsed(String field, Function<String, T> parser) {
            String value = text(field);
            if (value == null) {
                return null;
            }
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw problem(field, String.valueOf(e.getMessage()), e);
            }
        }

        private Map<String, String> map(String field) {
            JsonNode value = node.get(field);
            Map<String, String> map = new LinkedHashMap<>();
            if (value == null || value.isNull()) {
                return map;
            }
            if (!value.isObject()) {
                throw problem(field, "must be a map of names to values", null);
            }
            for (Map.Entry<String, JsonNode> entry : value.properties()) {
                if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    throw problem(field, "the value of '" + entry.getKey() + "' must be text", null);
                }
                map.put(entry.getKey(), entry.getValue().asText());
            }
            return map;
        }
    }
}
