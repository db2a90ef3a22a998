package io.liteobs.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.DataKind;
import io.liteobs.memory.InMemoryStore;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ForwardingStoreTest {

    @Test
    void everyMethodOfTheSpi_isForwarded_soThatANewOneCannotFallToADefault() {
        Set<String> forwarded = Arrays.stream(ForwardingStore.class.getDeclaredMethods())
                .filter(method -> Modifier.isPublic(method.getModifiers()))
                .map(ForwardingStoreTest::signature).collect(Collectors.toSet());
        List<String> missing = Arrays.stream(ObservabilityStore.class.getMethods())
                .filter(method -> !Modifier.isStatic(method.getModifiers()))
                .map(ForwardingStoreTest::signature).filter(signature -> !forwarded.contains(signature)).toList();

        assertEquals(List.of(), missing, "methods of the SPI that ForwardingStore does not forward");
    }

    @Test
    void aDecorator_changesWhatItOverrides_andTheDelegateAnswersTheRest() {
        InMemoryStore delegate = InMemoryStore.create();
        ForwardingStore readOnly = new ForwardingStore(delegate) {
            @Override
            public void write(WriteBatch batch) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "read-only", null);
            }
        };
        WriteBatch.Buffer buffer = WriteBatch.buffer();
        buffer.audit().add(AuditEntry.builder("orders", "cancel").id("a-1")
                .timestamp(Instant.parse("2026-11-22T10:00:00Z")).build());

        assertThrows(StoreException.class, () -> readOnly.write(buffer.batch()));
        delegate.write(buffer.batch());
        assertEquals(1, readOnly.findAudit(AuditQuery.builder().build()).size());
        assertEquals(1L, readOnly.rowCounts().get(DataKind.AUDIT));
        assertEquals(delegate.name(), readOnly.name());
        readOnly.close();
        assertThrows(StoreException.class, delegate::seriesCount, "close reaches the delegate");
    }

    private static String signature(Method method) {
        return method.getName() + Arrays.toString(method.getParameterTypes());
    }
}
