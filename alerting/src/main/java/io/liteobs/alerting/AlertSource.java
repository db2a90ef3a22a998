package io.liteobs.alerting;

import java.util.List;

/**
 * What a rule watches: it reads the store (or the library's counters) once per evaluation and returns one
 * {@link Observation} per label set. Metrics, heartbeats, HTTP request statistics and the library's own counters are
 * built in ({@link AlertRule#named(String)} starts each); a source of another kind is one more implementation, passed
 * to {@link AlertRule.Start#source(AlertSource)}.
 *
 * <p>Implementations are immutable and thread-safe: one rule may be evaluated by several {@link Alerting}s.
 */
public interface AlertSource {

    /**
     * What it reads, for {@code system_alerts.source} and payloads: {@code metric:<name>}, {@code heartbeat},
     * {@code http}, {@code liteobs}.
     *
     * @return what it reads, for {@code system_alerts.source} and payloads
     */
    String name();

    /**
     * What it reads and how it aggregates, for a person: {@code avg of host.cpu.utilization{mode=total} over 2m}.
     *
     * @return what it reads and how it aggregates, for a person
     */
    String describe();

    /**
     * Reads the current observations.
     *
     * @param context the store, the time of the evaluation and the library's counters
     * @return one observation per label set, each label set once
     */
    List<Observation> observe(EvaluationContext context);
}
