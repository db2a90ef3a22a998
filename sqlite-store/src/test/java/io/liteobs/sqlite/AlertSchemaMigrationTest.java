package io.liteobs.sqlite;

import static io.liteobs.sqlite.TestData.column;
import static io.liteobs.sqlite.TestData.writeFileAtVersion;
import static io.liteobs.store.tck.Entries.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.Labels;
import io.liteobs.spi.AlertEvaluation;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema version 5: a version 2 file gains the alerting columns and tables, and keeps its alerts readable. */
class AlertSchemaMigrationTest {

    @TempDir
    Path dir;

    @Test
    void versionTwoFile_keepsItsSystemAlerts_andTakesRuleAlertsAfterMigration() throws Exception {
        Path file = dir.resolve("obs.db");
        writeVersionTwoFile(file);

        try (SqliteStore store = SqliteStore.open(file)) {
            assertEquals(List.of(Integer.toString(Migrations.LATEST_VERSION)), column(file,
                    "SELECT value FROM _observability_metadata WHERE key = 'schema_version'"));
            AlertRecord old = store.findAlerts(AlertQuery.builder().build()).get(0);
            assertEquals("sys-1", old.id());
            assertEquals(null, old.ruleId());
            assertEquals(Labels.empty(), old.labels());
            assertEquals(0, old.evaluations());
            assertEquals(T0, old.updatedAtMillis());
            assertEquals(null, old.value());

            AlertRecord ruleAlert = new AlertRecord("al-1", T0 + 1, "critical", "metric:cpu", "cpu high", null, null,
                    "cpu-high", "cpu-high{}", Labels.empty(), 0.97, T0 + 1, 1);
            assertTrue(store.commitAlertEvaluations(List.of(new AlertEvaluation("cpu-high", T0 + 1, null,
                    List.of(), List.of(), List.of(ruleAlert)))));
            assertEquals(List.of(ruleAlert), store.findAlerts(AlertQuery.builder().ruleId("cpu-high").build()));
        }
        assertEquals(List.of("alert_instances", "alert_leases", "alert_notifications", "alert_rules"), column(file,
                "SELECT name FROM sqlite_schema WHERE type = 'table' AND name LIKE 'alert%' ORDER BY name"));
    }

    /** A file as LiteObs wrote it at schema version 2, holding one alert the library raised about itself. */
    private static void writeVersionTwoFile(Path file) throws SQLException {
        writeFileAtVersion(file, 2,
                "INSERT INTO system_alerts (alert_id, timestamp, severity, source, message, details)"
                        + " VALUES ('sys-1', " + T0 + ", 'warning', 'liteobs.audit', 'dropped', '{\"dropped\":3}')");
    }
}
