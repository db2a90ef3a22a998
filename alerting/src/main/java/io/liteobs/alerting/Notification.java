package io.liteobs.alerting;

import io.liteobs.AlertRecord;
import java.util.List;

/**
 * Alerts of one rule that fired, or resolved, in one evaluation: sent as one notification.
 *
 * @param id     the notification, the same for every attempt and every destination
 * @param rule   the rule
 * @param status {@value #FIRING} or {@value #RESOLVED}
 * @param alerts the alerts, at least one
 */
record Notification(String id, AlertRule rule, String status, List<AlertRecord> alerts) {

    static final String FIRING = "firing";
    static final String RESOLVED = "resolved";

    Notification {
        alerts = List.copyOf(alerts);
    }
}
