package io.liteobs.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditEntry;
import io.liteobs.AuditOrder;
import io.liteobs.AuditQuery;
import io.liteobs.DataKind;
import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.SortDirection;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The memory bound; everything else the store promises, the compatibility kit proves. */
class InMemoryStoreTest {

    private static final long T0 = 1_760_000_000_000L;

    private static AuditEntry audit(String id) {
        return AuditEntry.builder("orders", "cancel").id(id).timestamp(Instant.ofEpochMilli(T0)).build();
    }

    private static MetricPoint point(String series, long timestampMillis) {
        return new MetricPoint("latency", 1, "ms", Labels.of("series", series), timestampMillis);
    }

    private static void write(InMemoryStore store, List<AuditEntry> audit, List<MetricPoint> metrics) {
        WriteBatch.Buffer buffer = WriteBatch.buffer();
        buffer.audit().addAll(audit);
        buffer.metrics().addAll(metrics);
        store.write(buffer.batch());
    }

    private static List<Long> pointTimestamps(InMemoryStore store) {
        return store.findMetricPoints(MetricQuery.builder("latency").build()).stream()
                .map(MetricPoint::timestampMillis).toList();
    }

    @Test
    void boundedStore_keepsTheRowsWrittenLast_andAsManySeries() {
        InMemoryStore store = InMemoryStore.builder().maxRowsPerKind(3).build();

        write(store, List.of(audit("a-1"), audit("a-2")), List.of(point("a", T0 + 5), point("b", T0 + 4)));
        write(store, List.of(audit("a-3"), audit("a-4"), audit("a-5")),
                List.of(point("c", T0 + 3), point("d", T0 + 2), point("e", T0 + 1)));

        assertEquals(List.of("a-3", "a-4", "a-5"), store.findAudit(AuditQuery.builder()
                .orderBy(AuditOrder.TIME).direction(SortDirection.ASC).build()).stream().map(AuditEntry::id).toList());
        assertEquals(List.of(T0 + 1, T0 + 2, T0 + 3), pointTimestamps(store));
        assertEquals(3, store.seriesCount(), "series left without points are let go");
    }

    @Test
    void boundedStore_countsPointsThatRetentionDeleted_once() {
        InMemoryStore store = InMemoryStore.builder().maxRowsPerKind(4).build();
        write(store, List.of(), List.of(point("a", T0), point("a", T0 + 1), point("a", T0 + 2), point("a", T0 + 3)));
        assertEquals(2, store.deleteOlderThan(DataKind.METRICS, T0 + 2, 10));

        write(store, List.of(), List.of(point("a", T0 + 4), point("a", T0 + 5), point("a", T0 + 6)));

        assertEquals(List.of(T0 + 3, T0 + 4, T0 + 5, T0 + 6), pointTimestamps(store));
        assertEquals(4, store.rowCounts().get(DataKind.METRICS));
    }

    @Test
    void zeroBound_acceptsEveryBatch_keepsNothing_andStillRefusesInvalidEntries() {
        InMemoryStore store = InMemoryStore.builder().name("discarding").maxRowsPerKind(0).build();

        write(store, List.of(audit("a-1")), List.of(point("a", T0)));

        assertTrue(store.rowCounts().values().stream().allMatch(count -> count == 0), store.rowCounts()::toString);
        assertEquals(0, store.seriesCount());
        StoreException refused = assertThrows(StoreException.class,
                () -> write(store, List.of(), List.of(new MetricPoint("latency", Double.NaN, null, null, T0))));
        assertEquals(StoreException.Kind.REJECTED_DATA, refused.kind());
        assertTrue(refused.getMessage().contains("discarding"), refused.getMessage());
    }

    @Test
    void negativeBound_isRefused_namingTheSetting() {
        String message = assertThrows(IllegalArgumentException.class,
                () -> InMemoryStore.builder().maxRowsPerKind(-1)).getMessage();
        assertTrue(message.contains("maxRowsPerKind"), message);
    }
}
