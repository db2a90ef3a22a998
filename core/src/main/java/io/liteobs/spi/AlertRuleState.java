package io.liteobs.spi;

import io.liteobs.internal.EpochMillis;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the store keeps of one rule: when it was last evaluated, and the state of each of its alert instances.
 *
 * @param ruleId              the rule
 * @param lastEvaluatedMillis the latest committed evaluation, epoch milliseconds; null when it never ran
 * @param instances           the instances with state to keep, by fingerprint
 */
public record AlertRuleState(String ruleId, @Nullable Long lastEvaluatedMillis, List<AlertInstanceState> instances) {

    /**
     * Checks the rule id and copies the instances.
     *
     * @param ruleId the rule
     * @param lastEvaluatedMillis the latest committed evaluation, epoch milliseconds; null when it never ran
     * @param instances the instances with state to keep, by fingerprint
     * @throws NullPointerException when {@code ruleId} or {@code instances} is null
     */
    public AlertRuleState {
        Objects.requireNonNull(ruleId, "ruleId");
        instances = List.copyOf(instances);
    }

    /**
     * {@link #lastEvaluatedMillis()} as an instant: the rule's latest evaluation.
     *
     * @return the rule's latest evaluation; null for a rule never evaluated
     */
    public @Nullable Instant lastEvaluated() {
        return EpochMillis.instantOrNull(lastEvaluatedMillis);
    }
}
