package io.liteobs.alerting;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liteobs.AlertRecord;
import io.liteobs.Labels;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON bodies of notifications, built by Jackson so that every text is escaped. A body larger than the
 * webhook's cap loses alerts from its end, then has its texts shortened, then keeps no alert at all, and says so:
 * {@code "truncated": true} and {@code "truncatedAlerts": n} (the field Alertmanager's payload has for this).
 */
final class Payloads {

    /** What a shortened text keeps. */
    static final int SHORT_TEXT = 200;
    /** Alertmanager's "no end yet". */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** A body, and whether it lost something to the cap. */
    record Body(byte[] bytes, boolean truncated) {
    }

    private Payloads() {
    }

    static Body body(Webhook.Format format, Notification notification, int maxBytes) {
        List<AlertRecord> alerts = notification.alerts();
        int keep = alerts.size();
        boolean shorten = false;
        while (true) {
            ObjectNode body = switch (format) {
                case LITEOBS -> liteObs(notification, alerts.subList(0, keep), shorten);
                case ALERTMANAGER -> alertmanager(notification, alerts.subList(0, keep), shorten);
            };
            int truncatedAlerts = alerts.size() - keep;
            boolean truncated = truncatedAlerts > 0 || shorten;
            body.put("truncated", truncated);
            body.put("truncatedAlerts", truncatedAlerts);
            byte[] bytes = write(body);
            if (bytes.length <= maxBytes || keep == 0) {
                return new Body(bytes, truncated);
            }
            if (keep > 1) {
                keep = Math.max(1, Math.min(keep - 1, (int) ((long) keep * maxBytes / bytes.length)));
            } else if (!shorten) {
                shorten = true;
            } else {
                keep = 0;
            }
        }
    }

    private static ObjectNode liteObs(Notification notification, List<AlertRecord> alerts, boolean shorten) {
        AlertRule rule = notification.rule();
        ObjectNode body = JSON.createObjectNode();
        body.put("version", "1");
        body.put("notificationId", notification.id());
        body.put("status", notification.status());
        ObjectNode ruleNode = body.putObject("rule");
        ruleNode.put("id", rule.id());
        ruleNode.put("severity", rule.severity().storedName());
        ruleNode.put("source", rule.source().name());
        ruleNode.put("expression", rule.source().describe() + " " + rule.condition());
        ruleNode.put("pendingFor", Durations.format(rule.pendingFor()));
        ruleNode.put("keepFiringFor", Durations.format(rule.keepFiringFor()));
        ArrayNode list = body.putArray("alerts");
        for (AlertRecord alert : alerts) {
            ObjectNode node = list.addObject();
            node.put("id", alert.id());
            node.put("status", alert.isOpen() ? Notification.FIRING : Notification.RESOLVED);
            node.set("labels", labels(alert.labels(), shorten));
            node.put("value", alert.value()); // null when the rule saw no value
            node.put("summary", text(alert.message(), shorten));
            node.put("openedAt", Instant.ofEpochMilli(alert.openedAtMillis()).toString());
            Long resolvedAt = alert.resolvedAtMillis();
            node.put("resolvedAt", resolvedAt == null ? null : Instant.ofEpochMilli(resolvedAt).toString());
            node.put("evaluations", alert.evaluations());
            String details = alert.detailsJson();
            if (details != null && !shorten) {
                node.set("details", parse(details));
            }
        }
        // the rule id matches AlertRule.ID_PATTERN: it holds no quote that could end the SQL text
        ObjectNode explain = body.putObject("explain");
        explain.put("sql", "SELECT timestamp, severity, message, details, resolved_at FROM system_alerts"
                + " WHERE rule_id = '" + rule.id() + "' ORDER BY timestamp DESC");
        explain.put("java", "alerting.history(AlertQuery.builder().ruleId(\"" + rule.id() + "\").build())");
        return body;
    }

    private static ObjectNode alertmanager(Notification notification, List<AlertRecord> alerts, boolean shorten) {
        AlertRule rule = notification.rule();
        ObjectNode body = JSON.createObjectNode();
        body.put("version", "4");
        body.put("groupKey", "{}:{alertname=\"" + rule.id() + "\"}");
        body.put("status", notification.status());
        body.put("receiver", "liteobs");
        body.putObject("groupLabels").put("alertname", rule.id());
        Map<String, String> common = null;
        ArrayNode list = body.putArray("alerts");
        for (AlertRecord alert : alerts) {
            Map<String, String> labels = alertmanagerLabels(rule, alert);
            if (common == null) {
                common = new LinkedHashMap<>(labels);
            } else {
                common.entrySet().removeIf(entry -> !entry.getValue().equals(labels.get(entry.getKey())));
            }
            ObjectNode node = list.addObject();
            node.put("status", alert.isOpen() ? Notification.FIRING : Notification.RESOLVED);
            ObjectNode labelNode = node.putObject("labels");
            labels.forEach((key, value) -> labelNode.put(key, text(value, shorten)));
            ObjectNode annotations = node.putObject("annotations");
            annotations.put("summary", text(alert.message(), shorten));
            Double value = alert.value();
            if (value != null) {
                annotations.put("value", Templates.format(value));
            }
            node.put("startsAt", Instant.ofEpochMilli(alert.openedAtMillis()).toString());
            Long resolvedAt = alert.resolvedAtMillis();
            node.put("endsAt", resolvedAt == null ? ZERO_TIME : Instant.ofEpochMilli(resolvedAt).toString());
            node.put("generatorURL", "");
            node.put("fingerprint", fingerprint(alert));
        }
        ObjectNode commonLabels = body.putObject("commonLabels");
        if (common != null) {
            common.forEach(commonLabels::put);
        }
        body.putObject("commonAnnotations");
        body.put("externalURL", "");
        return body;
    }

    /** Alertmanager's labels: the alert's, its rule's name as {@code alertname}, and its severity. */
    private static Map<String, String> alertmanagerLabels(AlertRule rule, AlertRecord alert) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("alertname", rule.id());
        labels.put("severity", alert.severity());
        labels.putAll(alert.labels().asMap());
        return labels;
    }

    /** 16 hexadecimal digits, as Alertmanager's fingerprints are: of the instance, stable across its alerts. */
    private static String fingerprint(AlertRecord alert) {
        String instance = alert.fingerprint() == null ? alert.id() : alert.fingerprint();
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(instance.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static ObjectNode labels(Labels labels, boolean shorten) {
        ObjectNode node = JSON.createObjectNode();
        labels.asMap().forEach((key, value) -> node.put(key, text(value, shorten)));
        return node;
    }

    private static String text(String text, boolean shorten) {
        return shorten && text.length() > SHORT_TEXT ? text.substring(0, SHORT_TEXT - 1) + "…" : text;
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(json);
        }
    }

    private static byte[] write(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always writes", e);
        }
    }
}
