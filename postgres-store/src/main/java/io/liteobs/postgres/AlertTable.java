package io.liteobs.postgres;

import io.liteobs.SystemAlert;
import io.liteobs.postgres.ArrayInsert.Column;
import java.util.List;

/** Alerts the library raises about itself, in {@code system_alerts}. */
final class AlertTable {

    /** Keyed on alert_id, so that a batch written again after a failure stores each alert once. */
    static final ArrayInsert<SystemAlert> INSERT = new ArrayInsert<>(Schema.ALERTS,
            "ON CONFLICT (alert_id) DO NOTHING",
            List.of(new Column<>("alert_id", "text", SystemAlert::id),
                    new Column<>("timestamp", "int8", SystemAlert::timestampMillis),
                    new Column<>("severity", "text", SystemAlert::severity),
                    new Column<>("source", "text", SystemAlert::source),
                    new Column<>("message", "text", SystemAlert::message),
                    new Column<>("details", "text", SystemAlert::detailsJson)));

    private AlertTable() {
    }
}
