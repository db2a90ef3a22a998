package io.liteobs;

import io.liteobs.internal.EpochMillis;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One row of {@code system_alerts}: an alert the library raised about itself ({@link SystemAlert}), or one alert
 * instance of an alert rule, opened once, updated while its condition holds and resolved when it clears.
 *
 * <pre>{@code
 * List<AlertRecord> open = store.findAlerts(AlertQuery.builder().openOnly().build());
 * }</pre>
 *
 * @param id              time-ordered, globally unique id
 * @param openedAtMillis  when it was opened (a system alert: raised), epoch milliseconds
 * @param severity        {@code info}, {@code warning} or {@code critical}
 * @param source          what raised it: {@code liteobs.audit} for the library, the rule's source for a rule
 *                        ({@code metric:<name>}, {@code heartbeat}, {@code liteobs})
 * @param message         the summary, for a person, with the values filled in
 * @param detailsJson     the triggering values and the rule, as a JSON object; may be null
 * @param resolvedAtMillis when it cleared, epoch milliseconds; null while it is open
 * @param ruleId          the rule that opened it; null for an alert the library raised about itself
 * @param fingerprint     the rule and label set that make the instance, stable across restarts; null without a rule
 * @param labels          the instance's labels (the series' labels, the worker); empty without a rule
 * @param value           the latest value the rule saw; null when there is none (an absent series, a system alert),
 *                        and a NaN given here is stored as null
 * @param updatedAtMillis when it was last evaluated as holding, or resolved; its opening time until then
 * @param evaluations     how many evaluations found it holding; 0 for a system alert
 */
public record AlertRecord(String id, long openedAtMillis, String severity, String source, String message,
                          @Nullable String detailsJson, @Nullable Long resolvedAtMillis, @Nullable String ruleId,
                          @Nullable String fingerprint, Labels labels, @Nullable Double value, long updatedAtMillis,
                          long evaluations) {

    /** Information that needs no action. */
    public static final String SEVERITY_INFO = "info";

    /**
     * Checks the row, and makes a NaN value "no value".
     *
     * @param id time-ordered, globally unique id
     * @param openedAtMillis when it was opened (a system alert: raised), epoch milliseconds
     * @param severity {@code info}, {@code warning} or {@code critical}
     * @param source what raised it: {@code liteobs.audit} for the library, the rule's source for a rule ({@code
     *     metric:<name>}, {@code heartbeat}, {@code liteobs})
     * @param message the summary, for a person, with the values filled in
     * @param detailsJson the triggering values and the rule, as a JSON object; may be null
     * @param resolvedAtMillis when it cleared, epoch milliseconds; null while it is open
     * @param ruleId the rule that opened it; null for an alert the library raised about itself
     * @param fingerprint the rule and label set that make the instance, stable across restarts; null without a rule
     * @param labels the instance's labels (the series' labels, the worker); empty without a rule
     * @param value the latest value the rule saw; null when there is none (an absent series, a system alert)
     * @param updatedAtMillis when it was last evaluated as holding, or resolved; its opening time until then
     * @param evaluations how many evaluations found it holding; 0 for a system alert
     * @throws NullPointerException when the id, severity, source, message or labels are null
     */
    public AlertRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(labels, "labels");
        if (value != null && value.isNaN()) {
            value = null;
        }
    }

    /**
     * A system alert as a row of the table: no rule, no labels, no value, never updated.
     *
     * @param alert the alert the library raised about itself
     * @return a system alert as a row of the table
     */
    public static AlertRecord of(SystemAlert alert) {
        return new AlertRecord(alert.id(), alert.timestampMillis(), alert.severity(), alert.source(),
                alert.message(), alert.detailsJson(), null, null, null, Labels.empty(), null,
                alert.timestampMillis(), 0);
    }

    /**
     * Whether it has not been resolved.
     *
     * @return whether it has not been resolved
     */
    public boolean isOpen() {
        return resolvedAtMillis == null;
    }

    /**
     * When it was opened.
     *
     * @return when it was opened
     */
    public Instant openedAt() {
        return Instant.ofEpochMilli(openedAtMillis);
    }

    /**
     * {@link #resolvedAtMillis()} as an instant: when the alert was resolved.
     *
     * @return when it was resolved; null while it is open
     */
    public @Nullable Instant resolvedAt() {
        return EpochMillis.instantOrNull(resolvedAtMillis);
    }

    /**
     * {@link #updatedAtMillis()} as an instant: the latest evaluation that changed the row.
     *
     * @return when the row was last updated
     */
    public Instant updatedAt() {
        return Instant.ofEpochMilli(updatedAtMillis);
    }

    /**
     * A copy updated by one more evaluation that found it holding.
     *
     * @param nowMillis         when the evaluation ran, epoch milliseconds
     * @param latestValue       the value it saw; null when there was none
     * @param latestMessage     the summary filled with that value
     * @param latestDetailsJson the details of that evaluation, as a JSON object; may be null
     * @return the updated copy
     */
    public AlertRecord heldAt(long nowMillis, @Nullable Double latestValue, String latestMessage,
            @Nullable String latestDetailsJson) {
        return new AlertRecord(id, openedAtMillis, severity, source, latestMessage, latestDetailsJson, null, ruleId,
                fingerprint, labels, latestValue, nowMillis, evaluations + 1);
    }

    /**
     * A copy resolved at {@code nowMillis}.
     *
     * @param nowMillis   when it resolved, epoch milliseconds
     * @param latestValue the value the resolving evaluation saw; null when there was none
     * @return the resolved copy
     */
    public AlertRecord resolvedAt(long nowMillis, @Nullable Double latestValue) {
        return new AlertRecord(id, openedAtMillis, severity, source, message, detailsJson, nowMillis, ruleId,
                fingerprint, labels, latestValue, nowMillis, evaluations);
    }
}
