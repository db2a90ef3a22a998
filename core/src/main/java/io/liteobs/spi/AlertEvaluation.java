package io.liteobs.spi;

import io.liteobs.AlertRecord;
import java.time.Instant;
import io.liteobs.NotificationAttempt;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one evaluation of a rule changes, written by {@link ObservabilityStore#commitAlertEvaluations} in one
 * transaction: the instances' state, and the alerts opened, updated and resolved, so that the state never
 * disagrees with {@code system_alerts}.
 *
 * @param ruleId              the rule
 * @param evaluatedAtMillis   when it was evaluated, epoch milliseconds: the rule's latest evaluation from now on
 * @param lease               the lease the evaluator holds; the store writes nothing unless it still holds it.
 *                            Null for an evaluator that shares its file with no other
 * @param states              instance states to store, replacing those with the same fingerprint
 * @param removedFingerprints instances whose state is dropped
 * @param alerts              alerts to store, replacing those with the same id
 * @param queuedNotifications the notifications of alerts that fired or resolved, one {@code QUEUED} attempt per
 *                            destination, stored with the alerts so that a notification is never lost between the
 *                            commit and its delivery
 */
public record AlertEvaluation(String ruleId, long evaluatedAtMillis, @Nullable Lease lease,
                              List<AlertInstanceState> states, List<String> removedFingerprints,
                              List<AlertRecord> alerts, List<NotificationAttempt> queuedNotifications) {

    /**
     * Checks the rule id and copies the lists.
     *
     * @param ruleId the rule
     * @param evaluatedAtMillis when it was evaluated, epoch milliseconds: the rule's latest evaluation from now on
     * @param lease the lease the evaluator holds; the store writes nothing unless it still holds it. Null for an
     *     evaluator that shares its file with no other
     * @param states instance states to store, replacing those with the same fingerprint
     * @param removedFingerprints instances whose state is dropped
     * @param alerts alerts to store, replacing those with the same id
     * @param queuedNotifications notifications to store as queued, one attempt per destination
     * @throws NullPointerException when {@code ruleId} or a list is null
     */
    public AlertEvaluation {
        Objects.requireNonNull(ruleId, "ruleId");
        states = List.copyOf(states);
        removedFingerprints = List.copyOf(removedFingerprints);
        alerts = List.copyOf(alerts);
        queuedNotifications = List.copyOf(queuedNotifications);
    }

    /**
     * An evaluation that queues no notification.
     *
     * @param ruleId              the rule
     * @param evaluatedAtMillis   when it was evaluated, epoch milliseconds
     * @param lease               the lease the evaluator holds; null for an evaluator alone on its file
     * @param states              instance states to store
     * @param removedFingerprints instances whose state is dropped
     * @param alerts              alerts to store
     */
    public AlertEvaluation(String ruleId, long evaluatedAtMillis, @Nullable Lease lease,
            List<AlertInstanceState> states, List<String> removedFingerprints, List<AlertRecord> alerts) {
        this(ruleId, evaluatedAtMillis, lease, states, removedFingerprints, alerts, List.of());
    }

    /**
     * A lease held in the store: one holder at a time until it expires.
     *
     * @param name   what it is a lease on, such as {@code alerting}
     * @param holder who holds it: unique per process and evaluator
     */
    public record Lease(String name, String holder) {
        /**
         * Checks that the name and the holder are given.
         *
         * @param name what it is a lease on, such as {@code alerting}
         * @param holder who holds it: unique per process and evaluator
         * @throws NullPointerException when {@code name} or {@code holder} is null
         */
        public Lease {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(holder, "holder");
        }
    }

    /**
     * {@link #evaluatedAtMillis()} as an instant: when the rule was evaluated.
     *
     * @return when the rule was evaluated
     */
    public Instant evaluatedAt() {
        return Instant.ofEpochMilli(evaluatedAtMillis);
    }
}
