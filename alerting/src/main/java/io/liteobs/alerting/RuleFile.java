package io.liteobs.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.liteobs.Labels;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
        return parse(Files.readString(file), file.getFileName().toString());
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
        ObjectMapper mapper = name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
        JsonNode root;
        try {
            root = mapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new RuleFileException(name + ": not valid " + (mapper == JSON ? "JSON" : "YAML") + ": "
                    + e.getOriginalMessage() + locationOf(e), null, null, e);
        }
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new RuleFileException(name + ": a rule file holds a list 'rules' at its top level", null, null,
                    null);
        }
        List<AlertRule> parsed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int position = 0;
        for (JsonNode node : rules) {
            position++;
            RuleReader reader = new RuleReader(name, position, node);
            AlertRule rule = reader.read();
            if (!ids.add(rule.id())) {
                throw reader.problem("id", "another rule of the file has the id '" + rule.id() + "'", null);
            }
            parsed.add(rule);
        }
        return List.copyOf(parsed);
    }

    private static String locationOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    /** Reads one rule, naming it in every problem. */
    private static final class RuleReader {
        private final String file;
        private final int position;
        private final JsonNode node;
        private @Nullable String id;

        RuleReader(String file, int position, JsonNode node) {
            this.file = file;
            this.position = position;
            this.node = node;
        }

        RuleFileException problem(@Nullable String field, String problem, @Nullable Throwable cause) {
            String rule = id == null ? "rule #" + position : "rule '" + id + "' (#" + position + ")";
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
                throw problem(field, String.valueOf(e.getMessage()), e);
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
