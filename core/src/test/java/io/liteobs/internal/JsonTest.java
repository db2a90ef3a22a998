package io.liteobs.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void validJson_isKeptAsItIs() {
        assertEquals("{\"a\": [1, 2, {\"b\": null}]}", Json.normalise("{\"a\": [1, 2, {\"b\": null}]}"));
        assertEquals("42", Json.normalise("42"));
    }

    @Test
    void invalidJson_isKeptAsAJsonString() {
        String normalised = Json.normalise("{not json");
        assertTrue(Json.isValid(normalised));
        assertEquals("{not json", Json.tree(normalised).textValue());
        assertFalse(Json.isValid("{\"a\":1} trailing"));
        assertEquals("{\"a\":1} trailing", Json.tree(Json.normalise("{\"a\":1} trailing")).textValue());
    }

    @Test
    void blankOrNull_becomesNull() {
        assertNull(Json.normalise(null));
        assertNull(Json.normalise("   "));
        assertNull(Json.fromObject(null));
    }

    @Test
    void oversizedJson_becomesABoundedJsonString() {
        String huge = "[" + "1,".repeat(Text.MAX_JSON) + "1]";
        String normalised = Json.normalise(huge);
        assertTrue(Json.isValid(normalised));
        assertTrue(normalised.length() <= Text.MAX_JSON + 2, "length " + normalised.length());
        assertTrue(Json.tree(normalised).textValue().endsWith("\u2026"));
    }

    @Test
    void controlCharactersInsideJson_stayValid() {
        String normalised = Json.normalise("{\"k\": \"a\u0000b\"}");
        assertTrue(Json.isValid(normalised), normalised);
    }

    @Test
    void objects_areSerialised() {
        assertEquals("{\"a\":1,\"b\":\"x\"}", Json.fromObject(new TreeMap<>(Map.of("a", 1, "b", "x"))));
        assertEquals("{\"id\":\"o-1\",\"total\":2.5}", Json.fromObject(new Order("o-1", 2.5)));
    }

    @Test
    void textHoldingAJsonObjectOrArray_isThatDocument_otherTextAString() {
        assertEquals("{\"a\": 1}", Json.fromObject("{\"a\": 1}"));
        assertEquals(" [1, 2]", Json.fromObject(new StringBuilder(" [1, 2]")));
        assertEquals("\"42\"", Json.fromObject("42"), "a scalar's text stays text");
        assertEquals("\"{oops\"", Json.fromObject("{oops"));
        assertEquals("\"{} {}\"", Json.fromObject("{} {}"), "two documents are no document");
    }

    @Test
    void unserialisableObjects_becomeAJsonStringSayingSo() {
        Object selfReferencing = new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                return this;
            }
        };
        String json = Json.fromObject(selfReferencing);
        assertTrue(Json.isValid(json));
        assertTrue(Json.tree(json).textValue().startsWith("unserialisable"));
    }

    record Order(String id, double total) {
    }
}
