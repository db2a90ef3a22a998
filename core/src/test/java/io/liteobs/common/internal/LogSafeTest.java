package io.liteobs.common.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LogSafeTest {

    @Test
    void text_escapesControlAndBidiCharacters_andKeepsTheRest() {
        assertEquals("a\\r\\nb\\tc\\u0000d\\u001b[31m\\u202eé€",
                LogSafe.text("a\r\nb\tc\u0000d\u001b[31m\u202eé€"));
        String plain = "order 42 failed";
        assertSame(plain, LogSafe.text(plain), "safe text is not copied");
        assertEquals("null", LogSafe.text(null));
    }

    @Test
    void text_isCut_andAToStringThatThrowsIsNamed() {
        String cut = LogSafe.text("x".repeat(5_000));
        assertTrue(cut.startsWith("x".repeat(LogSafe.MAX_CHARS) + "\u2026"), cut);
        assertTrue(cut.endsWith("(5000 characters)"), cut);
        Object broken = new Object() {
            @Override
            public String toString() {
                throw new IllegalStateException("no");
            }
        };
        assertTrue(LogSafe.text(broken).contains("threw java.lang.IllegalStateException"));
    }

    @Test
    void throwable_keepsClassStackAndCauses_withMessagesEscaped() {
        IllegalStateException cause = new IllegalStateException("inner\nline");
        RuntimeException original = new RuntimeException("outer\r\nline", cause);
        Throwable safe = LogSafe.throwable(original);
        assertEquals("java.lang.RuntimeException: outer\\r\\nline", safe.toString());
        assertEquals("java.lang.IllegalStateException: inner\\nline", safe.getCause().toString());
        assertEquals(original.getStackTrace().length, safe.getStackTrace().length);
        assertEquals(original.getStackTrace()[0], safe.getStackTrace()[0]);
        assertEquals("java.lang.Error", LogSafe.throwable(new Error()).toString());
        assertNull(LogSafe.throwable(null));
    }
}
