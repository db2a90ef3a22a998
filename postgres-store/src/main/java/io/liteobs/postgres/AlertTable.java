package io.liteobs.postgres;

import io.liteobs.SystemAlert;
import io.liteobs.postgres.BatchInsert.Column;
import java.util.List;

/** Alerts the library raises about itself, in {@code system_alerts}. */
final class AlertTable {

    /** Keyed on alert_id, so that a batch written again after a failure stores each alert once. */
    static final BatchInsert<SystemAlert> INSERT = new BatchInsert<>(Schema.ALERTS,
            "ON CONFLICT (alert_id) DO NOTHING",
            List.of(new Column<>("alert_id", SystemAlert::id),
                    new Column<>("timestamp", SystemAlert::timestampMillis),
                    new Column<>("severity", SystemAlert::severity),
                    new Column<>("source", SystemAlert::source),
                    new Column<>("message", SystemAlert::message),
                    new Column<>("details", SystemAlert::detailsJson)));

    private AlertTable() {
    }
}
