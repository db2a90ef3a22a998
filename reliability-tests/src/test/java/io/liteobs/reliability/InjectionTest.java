package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.MetricQuery;
import io.liteobs.TimeRange;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caller text never becomes SQL. Every query API, through {@code LiteObs}, with values that would break a query
 * built by concatenation, LIKE wildcards and JSON-path tricks: each value matches exactly the rows that hold it
 * literally (so it was bound as a parameter, and compared with {@code =}, not {@code LIKE}), hostile label keys
 * are refused before any SQL runs, and the schema and every row count are unchanged afterwards. Hostile text
 * written into every column reads back byte for byte.
 */
class InjectionTest {

    /** Would break a query built by concatenation, or widen a LIKE, or escape a JSON path. */
    static final List<String> HOSTILE = List.of(
            "x' OR '1'='1", "'; DROP TABLE audit_log; --", "\" OR \"\"=\"", "%' OR 1=1 --",
            "') UNION SELECT * FROM _observability_metadata --", "%", "_", "a%", "%a", "a_c", "\\", "\\%", "'",
            "\"", "$.k", "$[0]", "*/ SELECT 1 /*", "x'); DELETE FROM metrics_metadata; --", "NULL", "1=1", "?");

    @TempDir
    Path dir;

    @Test
    void everyQueryApi_matchesHostileValuesLiterally_andTheSchemaSurvives() throws Exception {
        Path file = dir.resolve("inject.db");
        Instant t0 = Instant.parse("2026-11-22T10:00:00Z");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file)).build()) {
            for (int i = 0; i < HOSTILE.size(); i++) {
                String value = HOSTILE.get(i);
                String id = "id-" + i;
                assertEquals(LogResult.COMMITTED, obs.audit().log(AuditEntry.builder(value, value).id(id)
                        .status(value).userId(value).requestId(value).timestamp(t0).build()), value);
                obs.events().record(BusinessEvent.builder(value, value).id(id).entity(value, value).userId(value)
                        .timestamp(t0).build());
                obs.metrics().record(value, i, null, Labels.of("k", value), t0.toEpochMilli());
            }
            obs.audit().log(AuditEntry.builder("plain", "op").id("plain").userId("abc").timestamp(t0).build());
            obs.events().record(BusinessEvent.builder("plain", "s").id("plain").userId("abc").timestamp(t0).build());
            obs.metrics().record("plain", 1, null, Labels.of("k", "abc"), t0.toEpochMilli());
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            String schema = String.join("\n", Db.column(file, "SELECT sql FROM sqlite_schema ORDER BY name"));
            Map<DataKind, Long> counts = obs.store().rowCounts();

            TimeRange range = TimeRange.between(t0, t0.plusSeconds(1));
            for (int i = 0; i < HOSTILE.size(); i++) {
                String value = HOSTILE.get(i);
                List<String> only = List.of("id-" + i);
                assertEquals(only, auditIds(obs, AuditQuery.builder().component(value)), value);
                assertEquals(only, auditIds(obs, AuditQuery.builder().operation(value)), value);
                assertEquals(only, auditIds(obs, AuditQuery.builder().status(value)), value);
                assertEquals(only, auditIds(obs, AuditQuery.builder().userId(value)), value);
                assertEquals(only, auditIds(obs, AuditQuery.builder().requestId(value)), value);
                assertEquals(only, eventIds(obs, EventQuery.builder().eventType(value)), value);
                assertEquals(only, eventIds(obs, EventQuery.builder().service(value)), value);
                assertEquals(only, eventIds(obs, EventQuery.builder().entity(value, value)), value);
                assertEquals(only, eventIds(obs, EventQuery.builder().userId(value)), value);

                double expected = i;
                assertEquals(List.of(expected), obs.metrics().query(MetricQuery.builder(value).build()).stream()
                        .map(point -> point.value()).toList(), value);
                assertEquals(List.of(expected), obs.metrics().query(MetricQuery.builder(value)
                        .labels(Labels.of("k", value)).build()).stream().map(point -> point.value()).toList(), value);
                assertEquals(List.of(), obs.metrics().query(MetricQuery.builder("plain")
                        .labels(Labels.of("k", value)).build()), "label value " + value + " matches only itself");
                assertEquals(1, obs.metrics().downsample(DownsampleQuery.builder(value).range(range)
                        .labels(Labels.of("k", value)).build()).size(), value);
                assertEquals(1, obs.metrics().metadata(value).size(), value);
                assertEquals(value, obs.metrics().metadata(value).get(0).labels().get("k"));
                assertTrue(obs.liveness(value).isEmpty(), value);
                assertTrue(obs.store().latestHeartbeat(value).isEmpty(), value);
            }
            // label keys reach SQL only as a validated JSON path parameter: anything else is refused first
            for (String key : List.of("k\"] OR 1=1 --", "k')", "$", "a b", "k\"", "", "'")) {
                assertThrows(IllegalArgumentException.class, () -> Labels.of(key, "v"), key);
                assertThrows(IllegalArgumentException.class, () -> Labels.checkKey(key), key);
            }

            assertEquals(schema, String.join("\n", Db.column(file, "SELECT sql FROM sqlite_schema ORDER BY name")));
            assertEquals(counts, obs.store().rowCounts());
            assertFalse(obs.degraded());
        }

        // what was written reads back byte for byte: no value was spliced into SQL on the way in either
        for (int i = 0; i < HOSTILE.size(); i++) {
            String value = HOSTILE.get(i);
            String where = " WHERE entry_id = 'id-" + i + "'";
            assertEquals(List.of(value, value, value, value, value), List.of(
                    Db.column(file, "SELECT component FROM audit_log" + where).get(0),
                    Db.column(file, "SELECT operation FROM audit_log" + where).get(0),
                    Db.column(file, "SELECT status FROM audit_log" + where).get(0),
                    Db.column(file, "SELECT user_id FROM audit_log" + where).get(0),
                    Db.column(file, "SELECT request_id FROM audit_log" + where).get(0)));
        }
        assertEquals(HOSTILE.size() + 1, Db.count(file, "SELECT count(*) FROM metrics_metadata"));
    }

    private static List<String> auditIds(LiteObs obs, AuditQuery.Builder query) {
        List<String> ids = new ArrayList<>();
        obs.audit().query(query.build()).forEach(entry -> ids.add(entry.id()));
        return ids;
    }

    private static List<String> eventIds(LiteObs obs, EventQuery.Builder query) {
        List<String> ids = new ArrayList<>();
        obs.events().query(query.build()).forEach(event -> ids.add(event.id()));
        return ids;
    }
}
