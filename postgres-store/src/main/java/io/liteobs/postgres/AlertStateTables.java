package io.liteobs.postgres;

import io.liteobs.Labels;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.postgres.BatchInsert.Column;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertInstanceState;
import io.liteobs.spi.AlertRuleState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What alert rules keep besides their alerts: each instance's state ({@code alert_instances}), each rule's latest
 * evaluation ({@code alert_rules}), the evaluator's lease ({@code alert_leases}) and the delivery attempts of
 * notifications ({@code alert_notifications}).
 */
final class AlertStateTables {

    /**
     * Granted when the lease is free, expired, or the holder's own; a lease held by another and unexpired is left
     * alone, and the statement then changes no row. Two instances asking at once are ordered by the row lock.
     */
    private static final String TRY_LEASE = """
            INSERT INTO alert_leases (name, holder, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE alert_leases.holder = excluded.holder OR alert_leases.expires_at <= ?""";
    private static final String RELEASE_LEASE = "DELETE FROM alert_leases WHERE name = ? AND holder = ?";
    /** FOR SHARE: another instance cannot take the lease over until the evaluation checked under it commits. */
    private static final String HOLDS_LEASE =
            "SELECT 1 FROM alert_leases WHERE name = ? AND holder = ? AND expires_at > ? FOR SHARE";

    private static final BatchInsert<AlertInstanceState> UPSERT_INSTANCE = new BatchInsert<>("alert_instances", """
            ON CONFLICT (rule_id, fingerprint) DO UPDATE SET source_id = excluded.source_id, labels = excluded.labels,
                pending_since = excluded.pending_since, firing_since = excluded.firing_since,
                last_held = excluded.last_held, last_notified = excluded.last_notified, alert_id = excluded.alert_id""",
            List.of(new Column<>("rule_id", AlertInstanceState::ruleId),
                    new Column<>("fingerprint", AlertInstanceState::fingerprint),
                    new Column<>("labels", state -> state.labels().toJson()),
                    new Column<>("pending_since", AlertInstanceState::pendingSinceMillis),
                    new Column<>("firing_since", AlertInstanceState::firingSinceMillis),
                    new Column<>("last_held", AlertInstanceState::lastHeldMillis),
                    new Column<>("last_notified", AlertInstanceState::lastNotifiedMillis),
                    new Column<>("alert_id", AlertInstanceState::alertId)));
    private static final String DELETE_INSTANCE = "DELETE FROM alert_instances WHERE rule_id = ? AND fingerprint = ?";
    private static final String RULE_EVALUATED = """
            INSERT INTO alert_rules (rule_id, last_evaluated) VALUES (?, ?)
            ON CONFLICT (rule_id) DO UPDATE SET last_evaluated = excluded.last_evaluated""";

    private static final BatchInsert<NotificationAttempt> INSERT_ATTEMPT = new BatchInsert<>("alert_notifications", "",
            List.of(new Column<>("notification_id", NotificationAttempt::notificationId),
                    new Column<>("rule_id", NotificationAttempt::ruleId),
                    new Column<>("alert_ids", attempt -> String.join(" ", attempt.alertIds())),
                    new Column<>("status", NotificationAttempt::status),
                    new Column<>("destination", NotificationAttempt::destination),
                    new Column<>("attempt", NotificationAttempt::attempt),
                    new Column<>("timestamp", NotificationAttempt::timestampMillis),
                    new Column<>("outcome", attempt -> attempt.outcome().name()),
                    new Column<>("http_status", NotificationAttempt::httpStatus),
                    new Column<>("error", NotificationAttempt::error),
                    new Column<>("truncated", NotificationAttempt::truncated)));
    private static final String SELECT_ATTEMPTS = """
            SELECT notification_id, rule_id, alert_ids, status, destination, attempt, timestamp, outcome, http_status,
                   error, truncated
            FROM alert_notifications""";

    private AlertStateTables() {
    }

    static boolean tryLease(Connection connection, AlertEvaluation.Lease lease, long nowMillis, long expiresAtMillis)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(TRY_LEASE)) {
            statement.setString(1, lease.name());
            statement.setString(2, lease.holder());
            statement.setLong(3, expiresAtMillis);
            statement.setLong(4, nowMillis);
            return statement.executeUpdate() == 1;
        }
    }

    static void releaseLease(Connection connection, AlertEvaluation.Lease lease) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(RELEASE_LEASE)) {
            statement.setString(1, lease.name());
            statement.setString(2, lease.holder());
            statement.executeUpdate();
        }
    }

    static boolean holdsLease(Connection connection, AlertEvaluation.Lease lease, long atMillis) throws SQLException {
        return !new Select(HOLDS_LEASE, lease.name(), lease.holder(), atMillis)
                .list(connection, row -> row.getInt(1)).isEmpty();
    }

    /** Writes the evaluation's state and the rule's latest evaluation; its alerts are {@link AlertTable}'s. */
    static void writeState(Connection connection, int sourceId, AlertEvaluation evaluation) throws SQLException {
        if (!evaluation.removedFingerprints().isEmpty()) {
            try (PreparedStatement delete = connection.prepareStatement(DELETE_INSTANCE)) {
                for (String fingerprint : evaluation.removedFingerprints()) {
                    delete.setString(1, evaluation.ruleId());
                    delete.setString(2, fingerprint);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        }
        UPSERT_INSTANCE.insert(connection, sourceId, evaluation.states());
        try (PreparedStatement evaluated = connection.prepareStatement(RULE_EVALUATED)) {
            evaluated.setString(1, evaluation.ruleId());
            evaluated.setLong(2, evaluation.evaluatedAtMillis());
            evaluated.executeUpdate();
        }
    }

    static AlertRuleState load(Connection connection, String ruleId) throws SQLException {
        List<Long> lastEvaluated = new Select("SELECT last_evaluated FROM alert_rules").where("rule_id = ?", ruleId)
                .list(connection, row -> row.getLong(1));
        List<AlertInstanceState> instances = new Select("""
                SELECT rule_id, fingerprint, labels, pending_since, firing_since, last_held, last_notified, alert_id
                FROM alert_instances""")
                .where("rule_id = ?", ruleId)
                .append("ORDER BY fingerprint")
                .list(connection, row -> new AlertInstanceState(row.getString("rule_id"), row.getString("fingerprint"),
                        Labels.fromJson(row.getString("labels")), row.getObject("pending_since", Long.class),
                        row.getObject("firing_since", Long.class), row.getObject("last_held", Long.class),
                        row.getObject("last_notified", Long.class), row.getString("alert_id")));
        return new AlertRuleState(ruleId, lastEvaluated.isEmpty() ? null : lastEvaluated.get(0), instances);
    }

    static void insertAttempts(Connection connection, int sourceId, List<NotificationAttempt> attempts)
            throws SQLException {
        INSERT_ATTEMPT.insert(connection, sourceId, attempts);
    }

    /** The attempts the query matches, made by the source, or by every source when it is null. */
    static List<NotificationAttempt> findAttempts(Connection connection, NotificationQuery query,
            @Nullable Integer sourceId) throws SQLException {
        return new Select(SELECT_ATTEMPTS)
                .whereWithin("timestamp", query.range())
                .whereSource("source_id", sourceId)
                .whereEquals("rule_id", query.ruleId())
                .whereEquals("notification_id", query.notificationId())
                .append("ORDER BY timestamp DESC, id DESC")
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset())
                .list(connection, row -> new NotificationAttempt(row.getString("notification_id"),
                        row.getString("rule_id"), List.of(row.getString("alert_ids").split(" ")),
                        row.getString("status"), row.getString("destination"), row.getInt("attempt"),
                        row.getLong("timestamp"), NotificationAttempt.Outcome.valueOf(row.getString("outcome")),
                        row.getInt("http_status"), row.getString("error"), row.getBoolean("truncated")));
    }
}
