package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.internal.CheckedIds;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A custom id generator can neither throw into the recording thread nor get an invalid id stored. */
class GeneratedIdsTest {

    private final FaultInjectingStore store = new FaultInjectingStore();

    @Test
    void generatorThatThrows_rejectsTheEntry_neverThrowsIntoTheCaller() {
        IdGenerator failing = timestamp -> {
            throw new IllegalStateException("sequence exhausted");
        };
        try (AuditLogger audit = AuditLogger.builder(store).idGenerator(failing).build();
             EventLogger events = EventLogger.builder(store).idGenerator(failing).build()) {
            assertFalse(audit.logAsync(AuditEntry.builder("orders", "cancel").build()));
            assertEquals(LogResult.REJECTED, audit.log(AuditEntry.builder("orders", "cancel").build()));
            assertFalse(audit.operation("orders", "cancel").logAsync());
            assertFalse(events.record(BusinessEvent.builder("order.created", "shop").build()));
            assertEquals(3, audit.stats().rejected());
            assertEquals(1, events.stats().rejected());
        }
        assertTrue(store.audit().isEmpty());
        assertTrue(store.events().isEmpty());
    }

    @Test
    void generatedIds_areCheckedLikeCallersIds() {
        for (String invalid : new String[] {null, "", "   ", "a\nb", "nul\u0000", "x".repeat(400)}) {
            try (AuditLogger audit = AuditLogger.builder(store).idGenerator(timestamp -> invalid).build()) {
                assertFalse(audit.logAsync(AuditEntry.builder("orders", "cancel").build()), String.valueOf(invalid));
                assertEquals(1, audit.stats().rejected());
            }
        }
        assertTrue(store.audit().isEmpty());
        try (AuditLogger audit = AuditLogger.builder(store).idGenerator(timestamp -> "x".repeat(256)).build()) {
            assertEquals(LogResult.COMMITTED, audit.log(AuditEntry.builder("orders", "cancel").build()));
        }
        assertEquals("x".repeat(256), store.audit().get(0).id());
    }

    @Test
    void invalidEntries_areRejectedBeforeAnIdIsGenerated() {
        AtomicInteger calls = new AtomicInteger();
        IdGenerator counting = timestamp -> {
            calls.incrementAndGet();
            if (timestamp < 0) {
                throw new IllegalArgumentException("negative timestamp " + timestamp);
            }
            return "id-" + calls.get();
        };
        try (AuditLogger audit = AuditLogger.builder(store).idGenerator(counting).build();
             EventLogger events = EventLogger.builder(store).idGenerator(counting).build()) {
            assertFalse(audit.logAsync(AuditEntry.builder("orders", "cancel").timestamp(Instant.ofEpochMilli(-5))
                    .build()));
            assertFalse(audit.logAsync(AuditEntry.builder(" ", "cancel").build()));
            assertFalse(events.record(BusinessEvent.builder("t", "shop").timestamp(Instant.ofEpochMilli(-5))
                    .build()));
            assertFalse(events.record(BusinessEvent.builder("t", null).build()));
            assertEquals(0, calls.get(), "no id is generated for an entry that is rejected anyway");
            assertTrue(audit.logAsync(AuditEntry.builder("orders", "cancel").build()));
            assertEquals(1, calls.get());
        }
    }

    @Test
    void checkedIds_fallBackToUuidV7WhereAnIdMustNotBeLost() {
        CheckedIds failing = new CheckedIds(timestamp -> {
            throw new IllegalStateException("down");
        });
        assertNull(failing.next(1_700_000_000_000L));
        String fallback = failing.nextOrUuidV7(1_700_000_000_000L);
        assertNotNull(fallback);
        assertEquals(7, UUID.fromString(fallback).version());
        assertEquals("mine", new CheckedIds(timestamp -> "mine").nextOrUuidV7(1));
    }

    @Test
    void generatorFailure_isLoggedWithItsLineBreaksEscaped_soItCannotForgeALogLine() {
        CheckedIds failing = new CheckedIds(timestamp -> {
            throw new IllegalStateException("down\r\nERROR forged line",
                    new IllegalArgumentException("cause\nWARN another"));
        });
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertNull(failing.next(1_700_000_000_000L));
        } finally {
            System.setErr(originalErr);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("java.lang.IllegalStateException: down\\r\\nERROR forged line"), log);
        assertTrue(log.contains("Caused by: java.lang.IllegalArgumentException: cause\\nWARN another"), log);
        assertTrue(log.contains("at io.liteobs.GeneratedIdsTest"), "the stack trace is kept: " + log);
        assertTrue(log.lines().noneMatch(line -> line.startsWith("ERROR forged") || line.startsWith("WARN another")),
                log);
    }
}
