package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Each recorder's stats name it as {@link RecorderStats#component()} documents. */
class RecorderStatsTest {

    private final FaultInjectingStore store = new FaultInjectingStore();

    @Test
    void components_areNamedAsDocumented() {
        try (AuditLogger audit = AuditLogger.builder(store).build();
             MetricsManager metrics = MetricsManager.builder(store).build();
             EventLogger events = EventLogger.builder(store).build();
             HeartbeatWriter heartbeat = HeartbeatWriter.builder(store, "order-worker-1").build()) {
            assertEquals("audit", audit.stats().component());
            assertEquals("metrics", metrics.stats().component());
            assertEquals("events", events.stats().component());
            assertEquals("heartbeat:order-worker-1", heartbeat.stats().component());
        }
    }
}
