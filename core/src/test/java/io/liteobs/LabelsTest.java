package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelsTest {

    @Test
    void labels_areSortedByKeyAndSerialisedCanonically() {
        Labels labels = Labels.of("zone", "b", "app", "shop");
        assertEquals("{\"app\":\"shop\",\"zone\":\"b\"}", labels.toJson());
        assertEquals(Labels.of(Map.of("app", "shop", "zone", "b")), labels);
        assertEquals(labels.hashCode(), Labels.of("app", "shop", "zone", "b").hashCode());
        assertEquals("{}", Labels.empty().toJson());
    }

    @Test
    void valuesWithQuotesAndBackslashes_areEscaped_andRoundTrip() {
        Labels labels = Labels.of("path", "C:\\dir \"quoted\"");
        assertEquals("{\"path\":\"C:\\\\dir \\\"quoted\\\"\"}", labels.toJson());
        assertEquals(labels, Labels.fromJson(labels.toJson()));
    }

    @Test
    void controlCharactersInValues_areReplaced() {
        assertEquals("a\uFFFDb", Labels.of("k", "a\nb").get("k"));
    }

    @Test
    void invalidLabels_failFastNamingTheProblem() {
        assertThrows(IllegalArgumentException.class, () -> Labels.of("odd"));
        assertThrows(IllegalArgumentException.class, () -> Labels.of("k", "1", "k", "2"));
        IllegalArgumentException badKey = assertThrows(IllegalArgumentException.class,
                () -> Labels.of("bad key", "v"));
        assertTrue(badKey.getMessage().contains("bad key"));
        assertThrows(IllegalArgumentException.class, () -> Labels.of("k\"injection", "v"));
        assertThrows(IllegalArgumentException.class, () -> Labels.of("k", null));
    }

    @Test
    void tooManyLabels_areRefused() {
        String[] pairs = new String[2 * (Labels.MAX_LABELS + 1)];
        for (int i = 0; i < pairs.length; i += 2) {
            pairs[i] = "k" + i;
            pairs[i + 1] = "v";
        }
        assertThrows(IllegalArgumentException.class, () -> Labels.of(pairs));
    }

    @Test
    void subsetMatching() {
        Labels series = Labels.of("region", "eu", "status", "200");
        assertTrue(series.containsAll(Labels.of("region", "eu")));
        assertTrue(series.containsAll(Labels.empty()));
        assertFalse(series.containsAll(Labels.of("region", "us")));
        assertNull(series.get("missing"));
    }

    @Test
    void fromJson_refusesTextThatIsNotAJsonObject() {
        for (String notAnObject : new String[] {"[1,2]", "null", "\"a\"", "42", "", "{", null}) {
            assertThrows(IllegalArgumentException.class, () -> Labels.fromJson(notAnObject), notAnObject);
        }
        assertThrows(IllegalArgumentException.class, () -> Labels.fromJson("{\"a\":1}"), "a value that is no string");
        assertEquals(Labels.empty(), Labels.fromJson("{}"));
    }
}
