package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.internal.Json;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AuditLoggerTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final FaultInjectingStore store = new FaultInjectingStore();
    private final AuditLogger audit = AuditLogger.builder(store)
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .idGenerator(timestamp -> "id-" + timestamp)
            .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(10)))
            .build();

    @AfterEach
    void close() {
        audit.close();
    }

    @Test
    void log_isCommittedWhenItReturns_stampedWithIdAndTime() {
        LogResult result = audit.log(AuditEntry.builder("orders", "create")
                .userId("alice").sessionId("s-1").requestId("r-1")
                .parameters(Map.of("sku", "A-1"))
                .result(Map.of("orderId", "o-1"))
                .errorCode("none")
                .duration(Duration.ofMillis(42))
                .metadata(Map.of("region", "eu"))
                .build());
        assertEquals(LogResult.COMMITTED, result);
        AuditEntry stored = store.audit().get(0);
        assertEquals("id-" + NOW.toEpochMilli(), stored.id());
        assertEquals(NOW, stored.timestamp());
        assertEquals(AuditEntry.STATUS_SUCCESS, stored.status());
        assertEquals("{\"sku\":\"A-1\"}", stored.parametersJson());
        assertEquals("{\"orderId\":\"o-1\"}", stored.resultJson());
        assertEquals("{\"region\":\"eu\"}", stored.metadataJson());
        assertEquals(42L, stored.durationMillis());
        assertEquals("alice", stored.userId());
        assertEquals("s-1", stored.sessionId());
        assertEquals("r-1", stored.requestId());
    }

    @Test
    void operation_withError_setsStatusMessageAndCode_andCarriesUserAndRequest() {
        assertTrue(audit.operation("payments", "charge").userId("alice").requestId("r-7")
                .parameters(Map.of("amount", 10)).error(new IllegalStateException("card declined"))
                .duration(Duration.ofMillis(7)).logAsync());
        audit.close();
        AuditEntry stored = store.audit().get(0);
        assertEquals(AuditEntry.STATUS_ERROR, stored.status());
        assertEquals("card declined", stored.errorMessage());
        assertEquals("IllegalStateException", stored.errorCode());
        assertEquals("{\"amount\":10}", stored.parametersJson());
        assertNull(stored.resultJson());
        assertEquals(7L, stored.durationMillis());
        assertEquals("alice", stored.userId());
        assertEquals("r-7", stored.requestId());
    }

    @Test
    void operation_log_waitsForTheCommit_ofASuccess() {
        assertEquals(LogResult.COMMITTED, audit.operation("payments", "refund").result(Map.of("ok", true)).log());
        AuditEntry stored = store.audit().get(0);
        assertEquals(AuditEntry.STATUS_SUCCESS, stored.status());
        assertEquals("{\"ok\":true}", stored.resultJson());
    }

    @Test
    void invalidEntries_areRejectedAndCounted_neverThrown() {
        assertEquals(LogResult.REJECTED, audit.log(null));
        assertEquals(LogResult.REJECTED, audit.log(AuditEntry.builder(" ", "op").build()));
        assertFalse(audit.logAsync(AuditEntry.builder("c", null).build()));
        assertFalse(audit.logAsync(AuditEntry.builder("c\u0000", "op").build()));
        assertFalse(audit.logAsync(AuditEntry.builder("c", "op").status("").build()));
        assertFalse(audit.logAsync(AuditEntry.builder("c", "op").timestamp(Instant.ofEpochMilli(-1)).build()));
        assertFalse(audit.logAsync(AuditEntry.builder("c", "op").timestamp(Instant.ofEpochMilli(NOW.getEpochSecond()))
                .build()), "epoch seconds taken for milliseconds: January 1970");
        assertFalse(audit.logAsync(AuditEntry.builder("c", "op").id("").build()));
        assertEquals(new RecorderStats("audit", 8, 0, 0, 8, 0, 0), audit.stats());
    }

    @Test
    void badFieldValues_areNormalised_andTheEntryKept() {
        assertEquals(LogResult.COMMITTED, audit.log(AuditEntry.builder("c", "op")
                .userId("eve\r\nFAKE LOG LINE")
                .parametersJson("{broken")
                .errorMessage("line 1\nline 2\u0000")
                .duration(Duration.ofMillis(-5))
                .requestId("r".repeat(10_000))
                .build()));
        AuditEntry stored = store.audit().get(0);
        assertFalse(stored.userId().contains("\n"));
        assertTrue(Json.isValid(stored.parametersJson()));
        assertEquals("{broken", Json.tree(stored.parametersJson()).textValue());
        assertEquals("line 1\nline 2\uFFFD", stored.errorMessage());
        assertNull(stored.durationMillis());
        assertEquals(256, stored.requestId().length());
    }

    @Test
    void callersId_andTimestamp_areKept() {
        Instant then = Instant.parse("2026-01-01T00:00:00Z");
        audit.log(AuditEntry.builder("c", "op").id("my-id").timestamp(then).build());
        assertEquals("my-id", store.audit().get(0).id());
        assertEquals(then, store.audit().get(0).timestamp());
    }

    @Test
    void query_isPassedToTheStore() {
        audit.log(AuditEntry.builder("c", "op").build());
        AuditQuery query = AuditQuery.builder().component("c").build();
        assertEquals(1, audit.query(query).size());
        assertEquals(List.of(query), store.auditQueries, "the store got the caller's query");
    }

    @Test
    void logAfterClose_isCountedAsDropped() {
        audit.close();
        assertEquals(LogResult.CLOSED, audit.log(AuditEntry.builder("c", "op").build()));
        assertFalse(audit.logAsync(AuditEntry.builder("c", "op").build()));
        assertEquals(2, audit.stats().dropped());
        assertEquals(0, audit.stats().rejected());
    }
}
