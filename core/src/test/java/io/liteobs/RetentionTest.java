package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.atLeast;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.timeout;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    private final ObservabilityStore store = mock(ObservabilityStore.class);
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void run_deletesChunkByChunkUntilAChunkComesBackShort_thenCompacts() {
        long metricsCutoff = NOW.minus(Duration.ofDays(7)).toEpochMilli();
        when(store.deleteOlderThan(DataKind.METRICS, metricsCutoff, 100)).thenReturn(100L, 100L, 42L);
        RetentionPolicy policy = RetentionPolicy.builder()
                .keep(DataKind.METRICS, Duration.ofDays(7))
                .keep(DataKind.AUDIT, Duration.ofDays(365))
                .chunkSize(100).pauseBetweenChunks(Duration.ZERO)
                .build();
        RetentionResult result = Retention.of(store, policy, clock).run();
        assertEquals(Map.of(DataKind.METRICS, 242L, DataKind.AUDIT, 0L), result.deleted());
        assertEquals(242, result.totalDeleted());
        assertTrue(result.completed());
        assertEquals(NOW, result.startedAt());
        verify(store).compact();
    }

    @Test
    void run_withNothingToDelete_doesNotCompact() {
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.EVENTS, Duration.ofDays(1)).build();
        assertEquals(0, Retention.of(store, policy, clock).run().totalDeleted());
        verify(store, never()).compact();
    }

    @Test
    void scheduledRun_survivesAFailingRun() {
        when(store.deleteOlderThan(eq(DataKind.HEARTBEATS), anyLong(), anyInt()))
                .thenThrow(new StoreException(StoreException.Kind.UNAVAILABLE, "disk I/O error", null))
                .thenReturn(0L);
        RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.HEARTBEATS, Duration.ofHours(1)).build();
        try (Retention retention = Retention.of(store, policy, clock).schedule(Duration.ofMillis(10))) {
            verify(store, timeout(10_000).atLeast(2)).deleteOlderThan(eq(DataKind.HEARTBEATS), anyLong(), anyInt());
            assertThrows(IllegalStateException.class, () -> retention.schedule(Duration.ofMillis(10)));
        }
    }

    @Test
    void invalidPolicies_failFastNamingTheParameter() {
        IllegalArgumentException chunk = assertThrows(IllegalArgumentException.class,
                () -> RetentionPolicy.builder().chunkSize(0).build());
        assertTrue(chunk.getMessage().contains("chunkSize"));
        IllegalArgumentException age = assertThrows(IllegalArgumentException.class,
                () -> RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofDays(-1)).build());
        assertTrue(age.getMessage().contains("AUDIT"));
    }
}
