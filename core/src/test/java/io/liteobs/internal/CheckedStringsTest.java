package io.liteobs.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CheckedStringsTest {

    private final CheckedStrings checked = new CheckedStrings();

    @Test
    void aStringAdded_isFound_butAnEqualStringMadeAnew_isNot() {
        String name = "orders.latency";
        String equalCopy = new String(name.toCharArray());
        assertFalse(checked.contains(name));
        checked.add(name);
        assertTrue(checked.contains(name));
        assertFalse(checked.contains(equalCopy), "found by identity only, so a copy is checked again");
    }

    @Test
    void manyStrings_stayWithinTheSlots_andEachOneFoundIsOneThatWasAdded() {
        String[] names = new String[CheckedStrings.SLOTS * 4];
        for (int i = 0; i < names.length; i++) {
            names[i] = "metric-" + i;
            checked.add(names[i]);
        }
        int found = 0;
        for (String name : names) {
            if (checked.contains(name)) {
                found++;
            }
        }
        assertTrue(found > 0 && found <= CheckedStrings.SLOTS, "at most one string per slot: " + found);
        assertTrue(checked.contains(names[names.length - 1]), "the latest string added holds its slot");
    }
}
