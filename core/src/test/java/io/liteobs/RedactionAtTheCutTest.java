package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.internal.Json;
import io.liteobs.internal.Text;
import org.junit.jupiter.api.Test;

/** Text longer than its limit is redacted before it is cut, so that no part of a secret straddling the cut stays. */
class RedactionAtTheCutTest {

    private final FaultInjectingStore store = new FaultInjectingStore();

    @Test
    void urlPasswordCutBeforeItsAt_isRedactedInShortText() {
        String url = "jdbc:postgresql://admin:SuperSecretPassword123@db:5432/orders";
        String userId = "u".repeat(Text.MAX_SHORT - 40) + " " + url;
        AuditEntry stored = logged(AuditEntry.builder("db", "connect").userId(userId).build());
        assertEquals(Text.MAX_SHORT, stored.userId().length(), stored.userId());
        assertFalse(stored.userId().contains("SuperSecre"), stored.userId());
    }

    @Test
    void quotedValueCutBeforeItsClosingQuote_isRedactedInLongText() {
        String message = "e".repeat(Text.MAX_LONG - 20) + " password=\"abc def ghi jkl\" done";
        AuditEntry stored = logged(AuditEntry.builder("db", "connect").errorMessage(message).build());
        assertEquals(Text.MAX_LONG, stored.errorMessage().length());
        assertFalse(stored.errorMessage().contains("abc"), stored.errorMessage().substring(Text.MAX_LONG - 40));
    }

    @Test
    void secretCutInOversizedJson_isRedactedBeforeTheCut() {
        String json = "{\"log\":\"" + "x".repeat(Text.MAX_JSON / 2 - 30) + " https://admin:abcdefghijklmno@db "
                + "y".repeat(Text.MAX_JSON) + "\"}";
        String normalised = Json.normalise(json, RedactionPolicy.defaults());
        assertTrue(Json.isValid(normalised));
        assertFalse(normalised.contains("abc"), normalised.substring(normalised.length() - 60));
    }

    @Test
    void textWithinItsLimit_keepsItsLayoutOnlyWhereLongTextDoes() {
        AuditEntry stored = logged(AuditEntry.builder("db", "connect").userId("a\nb password=x")
                .errorMessage("a\nb password=x").build());
        assertEquals("a\uFFFDb password=[REDACTED]", stored.userId());
        assertEquals("a\nb password=[REDACTED]", stored.errorMessage());
    }

    private AuditEntry logged(AuditEntry entry) {
        try (AuditLogger audit = AuditLogger.builder(store).build()) {
            assertEquals(LogResult.COMMITTED, audit.log(entry));
        }
        return store.audit().get(store.audit().size() - 1);
    }
}
