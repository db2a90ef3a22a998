package io.liteobs.spi;

import io.liteobs.Labels;
import io.liteobs.internal.EpochMillis;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where one alert instance of a rule stands: what an evaluator needs to carry on after a restart, or after another
 * process took the evaluation over, without firing again, forgetting how long a condition has held, or notifying
 * twice. An instance with no state left to keep (inactive, nothing open) is removed rather than stored.
 *
 * @param ruleId             the rule
 * @param fingerprint        the rule and label set, stable across restarts
 * @param labels             the instance's labels
 * @param pendingSinceMillis when the condition began to hold without a break, epoch milliseconds; null when it
 *                           does not hold
 * @param firingSinceMillis  when the instance began to fire; null unless it fires
 * @param lastHeldMillis     the latest evaluation that found the firing instance holding (what keep-firing is
 *                           measured from); null unless it fires
 * @param lastNotifiedMillis when the latest notification of it was handed to delivery; null when none was
 * @param alertId            the open alert of {@code system_alerts}; null unless it fires
 */
public record AlertInstanceState(String ruleId, String fingerprint, Labels labels, @Nullable Long pendingSinceMillis,
                                 @Nullable Long firingSinceMillis, @Nullable Long lastHeldMillis,
                                 @Nullable Long lastNotifiedMillis, @Nullable String alertId) {

    /**
     * Checks that the rule id, the fingerprint and the labels are given.
     *
     * @param ruleId the rule
     * @param fingerprint the rule and label set, stable across restarts
     * @param labels the instance's labels
     * @param pendingSinceMillis when the condition began to hold without a break, epoch milliseconds; null when it does
     *     not hold
     * @param firingSinceMillis when the instance began to fire; null unless it fires
     * @param lastHeldMillis the latest evaluation that found the firing instance holding (what keep-firing is measured
     *     from); null unless it fires
     * @param lastNotifiedMillis when the latest notification of it was handed to delivery; null when none was
     * @param alertId the open alert of {@code system_alerts}; null unless it fires
     * @throws NullPointerException when one of them is null
     */
    public AlertInstanceState {
        Objects.requireNonNull(ruleId, "ruleId");
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(labels, "labels");
    }

    /**
     * Whether it fires.
     *
     * @return whether it fires
     */
    public boolean firing() {
        return firingSinceMillis != null;
    }

    /**
     * {@link #pendingSinceMillis()} as an instant: when the condition began to hold without a break.
     *
     * @return when the condition began to hold; null when it does not hold
     */
    public @Nullable Instant pendingSince() {
        return EpochMillis.instantOrNull(pendingSinceMillis);
    }

    /**
     * {@link #firingSinceMillis()} as an instant: when the instance began to fire.
     *
     * @return when the instance began to fire; null unless it fires
     */
    public @Nullable Instant firingSince() {
        return EpochMillis.instantOrNull(firingSinceMillis);
    }

    /**
     * {@link #lastHeldMillis()} as an instant: the latest evaluation that found the firing instance holding.
     *
     * @return the latest evaluation that found it holding; null unless it fires
     */
    public @Nullable Instant lastHeld() {
        return EpochMillis.instantOrNull(lastHeldMillis);
    }

    /**
     * {@link #lastNotifiedMillis()} as an instant: when the latest notification was handed to delivery.
     *
     * @return when the latest notification was handed to delivery; null when none was
     */
    public @Nullable Instant lastNotified() {
        return EpochMillis.instantOrNull(lastNotifiedMillis);
    }
}
