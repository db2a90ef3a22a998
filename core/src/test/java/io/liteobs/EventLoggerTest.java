package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.internal.Json;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventLoggerTest {

    private final FaultInjectingStore store = new FaultInjectingStore();

    @Test
    void record_keepsEveryField_andStampsIdAndTime() {
        EventLogger events = EventLogger.builder(store).build();
        assertTrue(events.record(BusinessEvent.builder("order.created", "shop")
                .entity("order", "o-1").userId("alice").action("create")
                .details(Map.of("total", 12)).success(false).build()));
        events.close();
        BusinessEvent stored = store.events().get(0);
        assertEquals("order.created", stored.eventType());
        assertEquals("shop", stored.service());
        assertEquals("order", stored.entityType());
        assertEquals("o-1", stored.entityId());
        assertEquals("alice", stored.userId());
        assertEquals("create", stored.action());
        assertEquals("{\"total\":12}", stored.detailsJson());
        assertFalse(stored.success());
        assertTrue(stored.timestampMillis() > 0);
        assertEquals(36, stored.id().length());
    }

    @Test
    void invalidEvents_areRejected_badDetailsNormalised() {
        EventLogger events = EventLogger.builder(store).build();
        assertFalse(events.record(null));
        assertFalse(events.record(BusinessEvent.builder("", "shop").build()));
        assertFalse(events.record(BusinessEvent.builder("t", null).build()));
        assertTrue(events.record(BusinessEvent.builder("t", "shop").detailsJson("not json").build()));
        events.close();
        assertEquals(new RecorderStats("events", 4, 1, 0, 3, 0, 0), events.stats());
        assertTrue(Json.isValid(store.events().get(0).detailsJson()));
    }

    @Test
    void recordAfterClose_isCountedAsDropped_notValidated() {
        EventLogger events = EventLogger.builder(store).build();
        events.close();
        assertFalse(events.record(BusinessEvent.builder("order.created", "shop").build()));
        assertFalse(events.record(null));
        assertEquals(new RecorderStats("events", 2, 0, 2, 0, 0, 0), events.stats());
        assertTrue(store.events().isEmpty());
    }
}
