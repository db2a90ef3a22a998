package io.liteobs.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.liteobs.AlertRecord;
import io.liteobs.IdGenerator;
import io.liteobs.Labels;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertInstanceState;
import io.liteobs.spi.AlertRuleState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One evaluation of one rule: from the stored state and the source's observations to the new state, the alerts
 * opened, updated and resolved, and the notifications due. Pure: it reads and writes nothing, so that the caller
 * commits the state and the alerts in one transaction and notifies only once they are committed.
 *
 * <p>An instance that holds becomes pending (at once firing, with no pending period), fires once it has held for
 * the rule's {@code pendingFor}, and is updated at each evaluation while it fires. One that stops holding resolves,
 * unless it held within the rule's {@code keepFiringFor}; a pending one that stops holding starts over.
 */
final class RuleEvaluation {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    /** What one evaluation changes, and what it must notify once committed. */
    record Outcome(AlertEvaluation evaluation, List<AlertRecord> fired, List<AlertRecord> resolved,
                   int instancesLeftOut) {
    }

    private RuleEvaluation() {
    }

    /**
     * @param openAlerts the rule's open alerts, by id
     * @param lease      the lease the evaluation is committed under, or null
     */
    static Outcome evaluate(AlertRule rule, AlertRuleState stored, Map<String, AlertRecord> openAlerts,
            List<Observation> observations, long now, AlertEvaluation.@Nullable Lease lease, IdGenerator ids) {
        Map<String, AlertInstanceState> states = new HashMap<>();
        stored.instances().forEach(state -> states.put(state.fingerprint(), state));

        // each label set once, in a stable order, at most maxInstances of them: those with state first
        Map<String, Observation> observed = new LinkedHashMap<>();
        List<Observation> ordered = new ArrayList<>(observations);
        ordered.sort(Comparator.comparing((Observation o) -> !states.containsKey(fingerprint(rule, o.labels())))
                .thenComparing(o -> o.labels().toJson()));
        int leftOut = 0;
        for (Observation observation : ordered) {
            String fingerprint = fingerprint(rule, observation.labels());
            if (observed.containsKey(fingerprint)) {
                continue;
            }
            if (observed.size() >= rule.maxInstances()) {
                leftOut++;
                continue;
            }
            observed.put(fingerprint, observation);
        }
        // an instance with state that the source no longer observes has no sample
        states.forEach((fingerprint, state) -> observed.putIfAbsent(fingerprint, Observation.silent(state.labels())));

        List<AlertInstanceState> newStates = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<AlertRecord> alerts = new ArrayList<>();
        List<AlertRecord> fired = new ArrayList<>();
        List<AlertRecord> resolved = new ArrayList<>();
        observed.forEach((fingerprint, observation) -> {
            AlertInstanceState state = states.get(fingerprint);
            boolean holds = rule.predicate().holds(observation, rule.minSamples());
            if (holds) {
                Long pendingSince = state != null && state.pendingSinceMillis() != null
                        ? state.pendingSinceMillis() : Long.valueOf(now);
                if (state != null && state.firing()) {
                    AlertRecord open = openAlert(rule, state, openAlerts, observation, now);
                    AlertRecord held = open.heldAt(now, observation.valueOrNull(), message(rule, observation,
                            rule.summary()), details(rule, observation));
                    alerts.add(held);
                    newStates.add(new AlertInstanceState(rule.id(), fingerprint, observation.labels(), pendingSince,
                            state.firingSinceMillis(), now, state.lastNotifiedMillis(), held.id()));
                } else if (now - pendingSince >= rule.pendingFor().toMillis()) {
                    AlertRecord opened = new AlertRecord(ids.nextId(now), now, rule.severity().storedName(),
                            rule.source().name(), message(rule, observation, rule.summary()),
                            details(rule, observation), null, rule.id(), fingerprint,
                            alertLabels(rule, observation.labels()), observation.valueOrNull(), now, 1);
                    alerts.add(opened);
                    fired.add(opened);
                    newStates.add(new AlertInstanceState(rule.id(), fingerprint, observation.labels(), pendingSince,
                            now, now, now, opened.id()));
                } else {
                    // pending: the state changes only when the instance begins to hold, so most rounds write nothing
                    AlertInstanceState pending = new AlertInstanceState(rule.id(), fingerprint, observation.labels(),
                            pendingSince, null, null, null, null);
                    if (!pending.equals(state)) {
                        newStates.add(pending);
                    }
                }
            } else if (state != null && state.firing()) {
                Long lastHeld = state.lastHeldMillis();
                if (lastHeld != null && now - lastHeld < rule.keepFiringFor().toMillis()) {
                    // keeps firing, unchanged: a value hovering at the threshold neither resolves nor fires again
                    return;
                }
                AlertRecord closed = openAlert(rule, state, openAlerts, observation, now)
                        .resolvedAt(now, observation.valueOrNull());
                alerts.add(closed);
                resolved.add(closed);
                removed.add(fingerprint);
            } else if (state != null) {
                removed.add(fingerprint);
            }
        });
        return new Outcome(new AlertEvaluation(rule.id(), now, lease, newStates, removed, alerts), fired, resolved,
                leftOut);
    }

    /** The rule and the observed label set: what makes an instance, stable across restarts. */
    static String fingerprint(AlertRule rule, Labels labels) {
        return rule.id() + labels.toJson();
    }

    /** The instance's labels, then the rule's. */
    private static Labels alertLabels(AlertRule rule, Labels observed) {
        if (rule.labels().isEmpty()) {
            return observed;
        }
        Map<String, String> merged = new LinkedHashMap<>(observed.asMap());
        merged.putAll(rule.labels().asMap());
        return Labels.of(merged);
    }

    /** The open alert of a firing instance; made again from the state should retention have deleted its row. */
    private static AlertRecord openAlert(AlertRule rule, AlertInstanceState state, Map<String, AlertRecord> open,
            Observation observation, long now) {
        String alertId = state.alertId();
        AlertRecord alert = alertId == null ? null : open.get(alertId);
        if (alert != null) {
            return alert;
        }
        Long firingSince = state.firingSinceMillis();
        long opened = firingSince == null ? now : firingSince;
        return new AlertRecord(alertId == null ? rule.id() + "-" + opened : alertId, opened,
                rule.severity().storedName(), rule.source().name(), message(rule, observation, rule.summary()),
                details(rule, observation), null, rule.id(), fingerprint(rule, state.labels()),
                alertLabels(rule, state.labels()), observation.valueOrNull(), opened, 0);
    }

    /** The values the templates can name. */
    static Map<String, String> templateValues(AlertRule rule, Observation observation) {
        Map<String, String> values = new HashMap<>(observation.facts());
        values.put("value", Templates.format(observation.value()));
        values.put("threshold", Templates.format(rule.predicate().threshold()));
        values.put("condition", rule.condition());
        values.put("samples", Long.toString(observation.samples()));
        values.put("rule", rule.id());
        values.put("source", rule.source().describe());
        values.put("labels", Templates.selector(observation.labels()));
        if (rule.source() instanceof MetricSource metric) {
            values.put("window", Durations.format(metric.window()));
        }
        observation.labels().asMap().forEach((key, value) -> values.put("labels." + key, value));
        return values;
    }

    static String message(AlertRule rule, Observation observation, String template) {
        return Templates.fill(template, templateValues(rule, observation));
    }

    /** The triggering values and the rule, for {@code system_alerts.details}. */
    static String details(AlertRule rule, Observation observation) {
        ObjectNode details = JSON.createObjectNode();
        details.put("rule", rule.id());
        details.put("expression", rule.source().describe() + " " + rule.condition());
        if (Double.isNaN(observation.value())) {
            details.putNull("value");
        } else {
            details.put("value", observation.value());
        }
        details.put("samples", observation.samples());
        details.put("pendingFor", Durations.format(rule.pendingFor()));
        details.put("keepFiringFor", Durations.format(rule.keepFiringFor()));
        if (!rule.description().isEmpty()) {
            details.put("description", message(rule, observation, rule.description()));
        }
        ObjectNode facts = details.putObject("facts");
        observation.facts().forEach(facts::put);
        return details.toString();
    }
}
