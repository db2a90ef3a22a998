package io.liteobs.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.WriterOptions;
import io.liteobs.sqlite.SqliteStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile and broken input, all in the same batch as good entries: each case has its documented outcome (rejected
 * and counted, or normalised), every stored JSON column passes SQLite's json_valid, and no good entry is lost.
 * Includes strings of 1 MB and 100 MB, in every kind of field.
 */
class BadInputTest {

    private static final String REPLACED = "\uFFFD";
    /** Epoch seconds passed where epoch milliseconds belong: a moment in January 1970. */
    private static final long EPOCH_SECONDS_NOW = Instant.now().getEpochSecond();
    private static String oneMegabyte;
    private static String hundredMegabytes;

    @TempDir
    Path dir;

    @BeforeAll
    static void hugeStrings() {
        oneMegabyte = "m".repeat(1 << 20);
        hundredMegabytes = "h".repeat(100_000_000);
    }

    private static AuditEntry.Builder audit(String id) {
        return AuditEntry.builder("bad", "input").id(id);
    }

    @Test
    void everyBadInput_hasItsDocumentedOutcome_inOneBatchWithGoodEntries_whichAreAllStored() throws Exception {
        Path file = dir.resolve("bad.db");
        try (LiteObs obs = LiteObs.builder(SqliteStore.open(file))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofHours(1)))
                .audit(RecorderOptions.of(4_096, OverflowPolicy.DROP))
                .build()) {
            for (int i = 0; i < 100; i++) {
                obs.audit().logAsync(AuditEntry.builder("good", "op").id("good-" + i).build());
                obs.events().record(BusinessEvent.builder("good", "s").id("good-" + i).build());
                obs.metrics().record("good", i);
            }

            // ---- audit entries: rejected ----
            List<AuditEntry> rejected = List.of(
                    AuditEntry.builder(null, "op").build(),
                    AuditEntry.builder("", "op").build(),
                    AuditEntry.builder("   ", "op").build(),
                    AuditEntry.builder("nul\u0000", "op").build(),
                    AuditEntry.builder("line\nbreak", "op").build(),
                    AuditEntry.builder("bidi\u202E", "op").build(),
                    AuditEntry.builder("lone\uD800", "op").build(),
                    AuditEntry.builder("x".repeat(257), "op").build(),
                    AuditEntry.builder(hundredMegabytes, "op").build(),
                    AuditEntry.builder("c", "op").status(" ").build(),
                    AuditEntry.builder("c", "op").id("").build(),
                    AuditEntry.builder("c", "op").id("id\r\n").build(),
                    AuditEntry.builder("c", "op").timestamp(Instant.ofEpochMilli(-1)).build(),
                    AuditEntry.builder("c", "op").timestamp(Instant.ofEpochMilli(EPOCH_SECONDS_NOW)).build());
            rejected.forEach(entry -> assertTrue(!obs.audit().logAsync(entry)));
            obs.audit().logAsync(null);

            // ---- audit entries: normalised ----
            obs.audit().logAsync(audit("crlf").userId("a\r\nb").errorMessage("line 1\r\nline 2\ttab").build());
            obs.audit().logAsync(audit("controls").userId("n\u0000u\u0007l").sessionId("bidi\u202Eevil\u2066")
                    .requestId("lone\uDC00").errorMessage("nul\u0000 bell\u0007 bidi\u202E lone\uD800").build());
            obs.audit().logAsync(audit("one-mb").userId(oneMegabyte).errorMessage(oneMegabyte)
                    .parametersJson("\"" + oneMegabyte + "\"").resultJson(oneMegabyte)
                    .metadata(Map.of("big", oneMegabyte)).build());
            obs.audit().logAsync(audit("hundred-mb").userId(hundredMegabytes).errorMessage(hundredMegabytes)
                    .parametersJson(hundredMegabytes).result(Map.of("big", hundredMegabytes))
                    .errorCode(hundredMegabytes).build());
            obs.audit().logAsync(audit("invalid-json").parametersJson("{\"a\":").resultJson("1 2")
                    .metadataJson("{\"a\":1} {\"b\":2}").build());
            obs.audit().logAsync(audit("deep-json").parametersJson("[".repeat(100_000) + "]".repeat(100_000))
                    .resultJson("{\"k\":\"a\u0000b\"}").metadataJson("{\"k\":\"\\u0000\\ud800\"}").build());
            obs.audit().logAsync(audit("json-scalars").parametersJson("null").resultJson("  ")
                    .metadataJson("1e999999").build());
            obs.audit().logAsync(audit("negative-duration").duration(Duration.ofMillis(-5)).build());
            obs.audit().logAsync(audit("json-text").parameters("{\"a\": 1}").result("42").build());

            // ---- metrics ----
            obs.metrics().record("bad", Double.NaN);
            obs.metrics().record("bad", Double.POSITIVE_INFINITY);
            obs.metrics().record("bad", Double.NEGATIVE_INFINITY);
            obs.metrics().record(null, 1);
            obs.metrics().record(" ", 1);
            obs.metrics().record("nul\u0000", 1);
            obs.metrics().record("bad", 1, null, null, -1);
            obs.metrics().record("bad", 1, null, null, EPOCH_SECONDS_NOW);
            obs.metrics().record("queue depth \uD83D\uDCE6", 1);
            obs.metrics().record("neg.zero", -0.0);
            obs.metrics().record("extremes", Double.MAX_VALUE);
            obs.metrics().record("extremes", Double.MIN_VALUE, Labels.of("k", "min"));
            obs.metrics().record("huge.unit", 1, hundredMegabytes, Labels.of("k", hundredMegabytes));
            obs.metrics().record("odd.labels", 1, Labels.of("k", "a\r\n\u0000\u202E\uD800\"'; DROP TABLE x;--"));
            assertThrows(IllegalArgumentException.class, () -> Labels.of("bad key", "v"),
                    "an invalid label key is a programming error, refused when the labels are built");
            assertThrows(IllegalArgumentException.class, () -> Labels.of("k"));

            // ---- events ----
            obs.events().record(null);
            obs.events().record(BusinessEvent.builder("", "s").build());
            obs.events().record(BusinessEvent.builder("t", "s\u0000").build());
            obs.events().record(BusinessEvent.builder("t", "s").id("e-huge").entity(hundredMegabytes, oneMegabyte)
                    .userId("u\r\n").action("a\u202E").detailsJson(hundredMegabytes).build());
            obs.events().record(BusinessEvent.builder("t", "s").id("e-invalid").detailsJson("not json").build());

            assertTrue(obs.flush(Duration.ofSeconds(60)));
            assertEquals(new RecorderStats("audit", 124, 109, 0, 15, 0, 0), obs.audit().stats());
            assertEquals(new RecorderStats("metrics", 114, 106, 0, 8, 0, 0), obs.metrics().stats());
            assertEquals(new RecorderStats("events", 105, 102, 0, 3, 0, 0), obs.events().stats());
        }

        // every good entry of the batch is there
        assertEquals(100, Db.count(file, "SELECT count(*) FROM audit_log WHERE component = 'good'"));
        assertEquals(100, Db.count(file, "SELECT count(*) FROM business_event_logs WHERE event_type = 'good'"));
        assertEquals(100, Db.count(file, "SELECT count(*) FROM metrics_timeseries t JOIN metrics_metadata m"
                + " USING (series_id) WHERE m.name = 'good'"));

        // every JSON column is valid JSON
        assertEquals(0, Db.count(file, "SELECT count(*) FROM audit_log"
                + " WHERE NOT json_valid(coalesce(parameters, 'null')) OR NOT json_valid(coalesce(result, 'null'))"
                + " OR NOT json_valid(coalesce(metadata, 'null'))"));
        assertEquals(0, Db.count(file, "SELECT count(*) FROM business_event_logs"
                + " WHERE NOT json_valid(coalesce(details, 'null'))"));
        assertEquals(0, Db.count(file, "SELECT count(*) FROM metrics_metadata WHERE NOT json_valid(labels)"));

        // the outcomes, field by field
        assertEquals("a" + REPLACED + REPLACED + "b", one(file, "user_id", "crlf"));
        assertEquals("line 1\r\nline 2\ttab", one(file, "error_message", "crlf"));
        assertEquals("n" + REPLACED + "u" + REPLACED + "l", one(file, "user_id", "controls"));
        assertEquals("bidi" + REPLACED + "evil" + REPLACED, one(file, "session_id", "controls"));
        assertEquals("lone" + REPLACED, one(file, "request_id", "controls"));
        assertEquals("nul" + REPLACED + " bell" + REPLACED + " bidi" + REPLACED + " lone" + REPLACED,
                one(file, "error_message", "controls"));
        for (String id : List.of("one-mb", "hundred-mb")) {
            assertEquals(256, one(file, "user_id", id).length());
            assertTrue(one(file, "user_id", id).endsWith("\u2026"));
            assertEquals(8 * 1024, one(file, "error_message", id).length());
            for (String column : List.of("parameters", "result")) {
                String json = one(file, column, id);
                assertTrue(json.startsWith("\"") && json.endsWith("\u2026\""), column + " of " + id);
                assertTrue(json.length() <= 64 * 1024, column + " of " + id + ": " + json.length());
            }
        }
        assertEquals(256, one(file, "error_code", "hundred-mb").length());
        assertEquals("\"{\\\"a\\\":\"", one(file, "parameters", "invalid-json"));
        assertEquals("\"1 2\"", one(file, "result", "invalid-json"), "trailing values make JSON invalid");
        assertEquals("\"{\\\"a\\\":1} {\\\"b\\\":2}\"", one(file, "metadata", "invalid-json"));
        assertTrue(one(file, "parameters", "deep-json").startsWith("\"[[["), "too deep: kept as a string");
        assertEquals("{\"k\":\"a" + REPLACED + "b\"}", one(file, "result", "deep-json"));
        assertEquals("{\"k\":\"\\u0000\\ud800\"}", one(file, "metadata", "deep-json"), "escapes are valid JSON");
        assertEquals("null", one(file, "parameters", "json-scalars"));
        assertEquals(null, one(file, "result", "json-scalars"), "blank JSON is no JSON");
        assertEquals(null, one(file, "duration_ms", "negative-duration"));
        assertEquals("{\"a\": 1}", one(file, "parameters", "json-text"), "JSON text given as an object");
        assertEquals("\"42\"", one(file, "result", "json-text"), "text that is no JSON document stays a string");
        assertEquals(1, Db.count(file, "SELECT count(*) FROM metrics_metadata"
                + " WHERE name = 'queue depth \uD83D\uDCE6'"), "spaces and emoji in a name are kept");

        assertEquals(List.of("0.0"), Db.column(file, "SELECT CAST(t.value AS TEXT) FROM metrics_timeseries t"
                + " JOIN metrics_metadata m USING (series_id) WHERE m.name = 'neg.zero'"));
        assertEquals(List.of(Double.toString(Double.MAX_VALUE), Double.toString(Double.MIN_VALUE)),
                Db.column(file, "SELECT t.value FROM metrics_timeseries t JOIN metrics_metadata m USING (series_id)"
                        + " WHERE m.name = 'extremes' ORDER BY t.value DESC").stream()
                        .map(value -> Double.toString(Double.parseDouble(value))).toList());
        assertEquals(256, Db.count(file, "SELECT length(unit) FROM metrics_metadata WHERE name = 'huge.unit'"));
        assertEquals(1_024, Db.count(file, "SELECT length(json_extract(labels, '$.k')) FROM metrics_metadata"
                + " WHERE name = 'huge.unit'"));
        assertEquals("a" + REPLACED + REPLACED + REPLACED + REPLACED + REPLACED + "\"'; DROP TABLE x;--",
                Db.column(file, "SELECT json_extract(labels, '$.k') FROM metrics_metadata WHERE name = 'odd.labels'")
                        .get(0));

        assertEquals(256, Db.count(file,
                "SELECT length(entity_type) FROM business_event_logs WHERE event_id = 'e-huge'"));
        assertEquals("u" + REPLACED + REPLACED, Db.column(file,
                "SELECT user_id FROM business_event_logs WHERE event_id = 'e-huge'").get(0));
        assertEquals("\"not json\"", Db.column(file,
                "SELECT details FROM business_event_logs WHERE event_id = 'e-invalid'").get(0));
    }

    private static String one(Path file, String column, String id) throws Exception {
        return Db.column(file, "SELECT " + column + " FROM audit_log WHERE entry_id = '" + id + "'").get(0);
    }
}
