package io.liteobs.sqlite;

import io.liteobs.Labels;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertInstanceState;
import io.liteobs.spi.AlertRuleState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * What alert rules keep besides their alerts: each instance's state ({@code alert_instances}), each rule's latest
 * evaluation ({@code alert_rules}), the evaluator's lease ({@code alert_leases}) and the delivery attempts of
 * notifications ({@code alert_notifications}).
 */
final class AlertStateTables {

    /**
     * Granted when the lease is free, expired, or the holder's own; a lease held by another and unexpired is left
     * alone, and the statement then changes no row.
     */
    private static final String TRY_LEASE = """
            INSERT INTO alert_leases (name, holder, expires_at) VALUES (?, ?, ?)
            ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
            WHERE alert_leases.holder = excluded.holder OR alert_leases.expires_at <= ?""";
    private static final String RELEASE_LEASE = "DELETE FROM alert_leases WHERE name = ? AND holder = ?";
    private static final String HOLDS_LEASE =
            "SELECT 1 FROM alert_leases WHERE name = ? AND holder = ? AND expires_at > ?";

    private static final String UPSERT_INSTANCE = """
            INSERT INTO alert_instances (rule_id, fingerprint, labels, pending_since, firing_since, last_held,
                                         last_notified, alert_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (rule_id, fingerprint) DO UPDATE SET labels = excluded.labels,
                pending_since = excluded.pending_since, firing_since = excluded.firing_since,
                last_held = excluded.last_held, last_notified = excluded.last_notified, alert_id = excluded.alert_id""";
    private static final String DELETE_INSTANCE = "DELETE FROM alert_instances WHERE rule_id = ? AND fingerprint = ?";
    private static final String RULE_EVALUATED = """
            INSERT INTO alert_rules (rule_id, last_evaluated) VALUES (?, ?)
            ON CONFLICT (rule_id) DO UPDATE SET last_evaluated = excluded.last_evaluated""";

    private static final String INSERT_ATTEMPT = """
            INSERT INTO alert_notifications (notification_id, rule_id, alert_ids, status, destination, attempt,
                                             timestamp, outcome, http_status, error, truncated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";
    private static final String SELECT_ATTEMPTS = """
            SELECT notification_id, rule_id, alert_ids, status, destination, attempt, timestamp, outcome, http_status,
                   error, truncated
            FROM alert_notifications""";

    /**
     * Retention of alerting's rows, each statement walking its table in row order as every other kind's does: the
     * library's own alerts and resolved ones (a rule's open alert stays, whatever its age), then delivery attempts.
     */
    private static final String DELETE_OLD_ALERTS = """
            DELETE FROM system_alerts WHERE id IN (SELECT id FROM system_alerts NOT INDEXED
                WHERE timestamp < ? AND (resolved_at IS NOT NULL OR rule_id IS NULL) ORDER BY id LIMIT ?)""";
    private static final String DELETE_OLD_ATTEMPTS = """
            DELETE FROM alert_notifications WHERE id IN (SELECT id FROM alert_notifications NOT INDEXED
                WHERE timestamp < ? ORDER BY id LIMIT ?)""";
    /**
     * The state of a rule not evaluated since the cutoff (no longer configured: a configured rule is evaluated every
     * interval), an instance only when it has no open alert.
     */
    private static final String DELETE_STALE_INSTANCES = """
            DELETE FROM alert_instances WHERE (rule_id, fingerprint) IN (
                SELECT i.rule_id, i.fingerprint FROM alert_rules r JOIN alert_instances i ON i.rule_id = r.rule_id
                WHERE r.last_evaluated < ? AND NOT EXISTS (SELECT 1 FROM system_alerts a
                    WHERE a.alert_id = i.alert_id AND a.resolved_at IS NULL)
                LIMIT ?)""";
    private static final String DELETE_STALE_RULES = """
            DELETE FROM alert_rules WHERE rule_id IN (SELECT r.rule_id FROM alert_rules r
                WHERE r.last_evaluated < ? AND NOT EXISTS (SELECT 1 FROM alert_instances i WHERE i.rule_id = r.rule_id)
                LIMIT ?)""";
    /** Whether retention may find anything of alerting's to delete before the cutoff, bound three times. */
    static final String ANY_OLDER_THAN = """
            SELECT 1 WHERE EXISTS (SELECT 1 FROM system_alerts WHERE timestamp < ?)
                OR EXISTS (SELECT 1 FROM alert_notifications WHERE timestamp < ?)
                OR EXISTS (SELECT 1 FROM alert_rules WHERE last_evaluated < ?)""";

    private AlertStateTables() {
    }

    /**
     * Deletes at most {@code maxRows} of alerting's rows before the cutoff, in the caller's transaction: alerts,
     * delivery attempts, then the state of rules no longer evaluated; never the state of an open alert.
     *
     * @return the rows deleted, of every table
     */
    static long deleteOlderThan(WriteSession session, long cutoffMillis, int maxRows) throws SQLException {
        long deleted = 0;
        for (String delete : List.of(DELETE_OLD_ALERTS, DELETE_OLD_ATTEMPTS, DELETE_STALE_INSTANCES,
                DELETE_STALE_RULES)) {
            if (deleted == maxRows) {
                break;
            }
            PreparedStatement statement = session.prepared(delete);
            statement.setLong(1, cutoffMillis);
            statement.setLong(2, maxRows - deleted);
            deleted += statement.executeUpdate();
        }
        return deleted;
    }

    static boolean tryLease(WriteSession session, AlertEvaluation.Lease lease, long nowMillis, long expiresAtMillis)
            throws SQLException {
        PreparedStatement statement = session.prepared(TRY_LEASE);
        statement.setString(1, lease.name());
        statement.setString(2, lease.holder());
        statement.setLong(3, expiresAtMillis);
        statement.setLong(4, nowMillis);
        return statement.executeUpdate() == 1;
    }

    static void releaseLease(WriteSession session, AlertEvaluation.Lease lease) throws SQLException {
        PreparedStatement statement = session.prepared(RELEASE_LEASE);
        statement.setString(1, lease.name());
        statement.setString(2, lease.holder());
        statement.executeUpdate();
    }

    static boolean holdsLease(WriteSession session, AlertEvaluation.Lease lease, long atMillis) throws SQLException {
        PreparedStatement statement = session.prepared(HOLDS_LEASE);
        statement.setString(1, lease.name());
        statement.setString(2, lease.holder());
        statement.setLong(3, atMillis);
        try (ResultSet row = statement.executeQuery()) {
            return row.next();
        }
    }

    /** Writes the evaluation's state and the rule's latest evaluation; its alerts are {@link AlertTable}'s. */
    static void writeState(WriteSession session, AlertEvaluation evaluation) throws SQLException {
        session.executeBatch(DELETE_INSTANCE, evaluation.removedFingerprints(), (delete, fingerprint) -> {
            delete.setString(1, evaluation.ruleId());
            delete.setString(2, fingerprint);
        });
        session.executeBatch(UPSERT_INSTANCE, evaluation.states(), (upsert, state) -> {
            upsert.setString(1, state.ruleId());
            upsert.setString(2, state.fingerprint());
            upsert.setString(3, state.labels().toJson());
            Jdbc.setLong(upsert, 4, state.pendingSinceMillis());
            Jdbc.setLong(upsert, 5, state.firingSinceMillis());
            Jdbc.setLong(upsert, 6, state.lastHeldMillis());
            Jdbc.setLong(upsert, 7, state.lastNotifiedMillis());
            upsert.setString(8, state.alertId());
        });
        PreparedStatement evaluated = session.prepared(RULE_EVALUATED);
        evaluated.setString(1, evaluation.ruleId());
        evaluated.setLong(2, evaluation.evaluatedAtMillis());
        evaluated.executeUpdate();
    }

    static AlertRuleState load(Connection connection, String ruleId) throws SQLException {
        List<AlertRuleState> rule = new Select("SELECT last_evaluated FROM alert_rules").where("rule_id = ?", ruleId)
                .list(connection, row -> new AlertRuleState(ruleId, row.getLong(1), List.of()));
        List<AlertInstanceState> instances = new Select("""
                SELECT rule_id, fingerprint, labels, pending_since, firing_since, last_held, last_notified, alert_id
                FROM alert_instances""")
                .where("rule_id = ?", ruleId)
                .append("ORDER BY fingerprint")
                .list(connection, row -> new AlertInstanceState(row.getString("rule_id"), row.getString("fingerprint"),
                        Labels.fromJson(row.getString("labels")), Jdbc.getLong(row, "pending_since"),
                        Jdbc.getLong(row, "firing_since"), Jdbc.getLong(row, "last_held"),
                        Jdbc.getLong(row, "last_notified"), row.getString("alert_id")));
        return new AlertRuleState(ruleId, rule.isEmpty() ? null : rule.get(0).lastEvaluatedMillis(), instances);
    }

    static void insertAttempts(WriteSession session, List<NotificationAttempt> attempts) throws SQLException {
        session.executeBatch(INSERT_ATTEMPT, attempts, (insert, attempt) -> {
            insert.setString(1, attempt.notificationId());
            insert.setString(2, attempt.ruleId());
            insert.setString(3, String.join(" ", attempt.alertIds()));
            insert.setString(4, attempt.status());
            insert.setString(5, attempt.destination());
            insert.setInt(6, attempt.attempt());
            insert.setLong(7, attempt.timestampMillis());
            insert.setString(8, attempt.outcome().name());
            insert.setInt(9, attempt.httpStatus());
            insert.setString(10, attempt.error());
            insert.setInt(11, attempt.truncated() ? 1 : 0);
        });
    }

    /** The attempts that match; none in a file written before alert rules, which has no such table. */
    static List<NotificationAttempt> findAttempts(Connection connection, StoredSchema schema, NotificationQuery query)
            throws SQLException {
        if (!schema.hasTable(Schema.ALERT_NOTIFICATIONS)) {
            return List.of();
        }
        return new Select(SELECT_ATTEMPTS)
                .whereWithin("timestamp", query.range())
                .whereEquals("rule_id", query.ruleId())
                .whereEquals("notification_id", query.notificationId())
                .append("ORDER BY timestamp DESC, id DESC")
                .append("LIMIT ? OFFSET ?", query.page().limit(), query.page().offset())
                .list(connection, row -> new NotificationAttempt(row.getString("notification_id"),
                        row.getString("rule_id"), List.of(row.getString("alert_ids").split(" ")),
                        row.getString("status"), row.getString("destination"), row.getInt("attempt"),
                        row.getLong("timestamp"), NotificationAttempt.Outcome.valueOf(row.getString("outcome")),
                        row.getInt("http_status"), row.getString("error"), row.getInt("truncated") == 1));
    }
}
