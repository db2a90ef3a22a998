package io.liteobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

class TextTest {

    @Test
    void requiredName_rejectsNullBlankControlAndOversized() {
        assertNull(Text.requiredName(null));
        assertNull(Text.requiredName(""));
        assertNull(Text.requiredName(" \t "));
        assertNull(Text.requiredName("a\nb"));
        assertNull(Text.requiredName("a\u0000b"));
        assertNull(Text.requiredName("bidi\u202Eevil"));
        assertNull(Text.requiredName("lone\uD800"));
        assertNull(Text.requiredName("x".repeat(Text.MAX_SHORT + 1)));
        assertEquals("orders.created", Text.requiredName("orders.created"));
        assertEquals("emoji \uD83D\uDE00", Text.requiredName("emoji \uD83D\uDE00"));
    }

    @Test
    void cleanText_isReturnedAsItIs() {
        String clean = "plain text, ünïcödé and \uD83D\uDE00";
        assertSame(clean, Text.shortText(clean));
    }

    @Test
    void unsafeCharacters_becomeReplacementCharacters() {
        assertEquals("a\uFFFDb\uFFFDc\uFFFDd", Text.shortText("a\u0000b\u202Ec\u0085d"));
        assertEquals("lone \uFFFD and \uFFFD", Text.shortText("lone \uD800 and \uDC00"));
    }

    @Test
    void lineBreaks_areReplacedInShortTextAndKeptInLongText() {
        assertEquals("a\uFFFDb\uFFFDc", Text.shortText("a\r\nb\tc").replace("\uFFFD\uFFFD", "\uFFFD"));
        assertEquals("line one\r\nline two\tend", Text.longText("line one\r\nline two\tend"));
    }

    @Test
    void oversizedText_isCutWithAnEllipsisNeverSplittingASurrogatePair() {
        String cut = Text.clean("abcdefghij", 5, false);
        assertEquals("abcd\u2026", cut);
        String pairs = "\uD83D\uDE00".repeat(10);
        String cutPairs = Text.clean(pairs, 6, false);
        assertEquals("\uD83D\uDE00\uD83D\uDE00\u2026", cutPairs);
    }

    @Test
    void nullStaysNull() {
        assertNull(Text.shortText(null));
        assertNull(Text.longText(null));
    }
}
