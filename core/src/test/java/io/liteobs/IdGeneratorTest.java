package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdGeneratorTest {

    private static final long NOW = 1_700_000_000_000L;

    @Test
    void uuidV7_isVersion7_andSortsByTime() {
        IdGenerator ids = IdGenerator.uuidV7();
        String earlier = ids.nextId(NOW);
        String later = ids.nextId(NOW + 1);
        assertEquals(7, UUID.fromString(earlier).version());
        assertEquals(2, UUID.fromString(earlier).variant());
        assertTrue(earlier.compareTo(later) < 0, earlier + " < " + later);
        assertEquals(NOW, Long.parseLong(earlier.replace("-", "").substring(0, 12), 16), "the timestamp bits");
    }

    @Test
    void uuidV7_withinOneMillisecond_sortsInTheOrderTheIdsWereMade() {
        IdGenerator ids = IdGenerator.uuidV7();
        String previous = ids.nextId(NOW);
        for (int i = 0; i < 100_000; i++) {
            String next = ids.nextId(NOW);
            assertTrue(previous.compareTo(next) < 0, "id " + i + ": " + previous + " then " + next);
            previous = next;
        }
    }

    @Test
    void uuidV7_staysOrderedWithinAMillisecond_whenOtherTimestampsComeInBetween() {
        IdGenerator ids = IdGenerator.uuidV7();
        String previousNow = ids.nextId(NOW);
        String previousEarlier = ids.nextId(NOW - 60_000);
        for (int i = 0; i < 10_000; i++) {
            String now = ids.nextId(NOW);
            String earlier = ids.nextId(NOW - 60_000);
            assertTrue(previousNow.compareTo(now) < 0, previousNow + " then " + now);
            assertTrue(previousEarlier.compareTo(earlier) < 0, previousEarlier + " then " + earlier);
            assertTrue(earlier.compareTo(now) < 0, earlier + " sorts before " + now);
            previousNow = now;
            previousEarlier = earlier;
        }
    }

    @Test
    void uuidV7_fromManyThreads_isUniqueAndOrderedPerThread() throws Exception {
        IdGenerator ids = IdGenerator.uuidV7();
        int threads = 4;
        int perThread = 20_000;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> made = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<String>> task = () -> {
                    List<String> mine = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        mine.add(ids.nextId(NOW));
                    }
                    return mine;
                };
                made.add(pool.submit(task));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> future : made) {
                List<String> mine = future.get();
                for (int i = 1; i < mine.size(); i++) {
                    assertTrue(mine.get(i - 1).compareTo(mine.get(i)) < 0, "ordered within a thread");
                }
                all.addAll(mine);
            }
            assertEquals(threads * perThread, all.size(), "unique");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void uuidV7_generatorsOfTheirOwn_doNotCollide() {
        Set<String> seen = new HashSet<>();
        for (int g = 0; g < 1_000; g++) {
            IdGenerator ids = IdGenerator.uuidV7();
            for (int i = 0; i < 100; i++) {
                assertTrue(seen.add(ids.nextId(NOW)));
            }
        }
    }

    @Test
    void uuidV7_refusesTimestampsItCannotHold_sayingWhy() {
        IdGenerator ids = IdGenerator.uuidV7();
        long micros = NOW * 1_000;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ids.nextId(micros));
        assertTrue(e.getMessage().contains(Long.toString(micros)) && e.getMessage().contains("microseconds"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ids.nextId(1L << 48));
        assertThrows(IllegalArgumentException.class, () -> ids.nextId(-1));
        assertEquals(7, UUID.fromString(ids.nextId((1L << 48) - 1)).version());
        assertEquals(7, UUID.fromString(ids.nextId(0)).version());
    }

    @Test
    void recordingWithATimestampInMicroseconds_isRejected() {
        FaultInjectingStore store = new FaultInjectingStore();
        try (EventLogger events = EventLogger.builder(store).build()) {
            assertFalse(events.record(BusinessEvent.builder("t", "shop")
                    .timestamp(Instant.ofEpochMilli(NOW * 1_000)).build()));
            assertEquals(1, events.stats().rejected());
        }
    }
}
