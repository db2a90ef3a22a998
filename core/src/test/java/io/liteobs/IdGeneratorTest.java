package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    @Test
    void uuidV7_isVersion7_andSortsByTime() {
        IdGenerator ids = IdGenerator.uuidV7();
        String earlier = ids.nextId(1_700_000_000_000L);
        String later = ids.nextId(1_700_000_000_001L);
        assertEquals(7, UUID.fromString(earlier).version());
        assertEquals(2, UUID.fromString(earlier).variant());
        assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
    }

    @Test
    void uuidV7_doesNotRepeatWithinOneMillisecond() {
        IdGenerator ids = IdGenerator.uuidV7();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            assertTrue(seen.add(ids.nextId(42)));
        }
    }
}
