package io.liteobs.postgres;

import static io.liteobs.store.tck.Entries.DAY;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.alert;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.event;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.httpRequest;
import static io.liteobs.store.tck.Entries.point;

import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreReader;
import io.liteobs.store.tck.StoreCompatibilityKit;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The compatibility kit, read through {@link PostgresStore#forSource}: the store under test writes as one source and
 * answers every query through a reader of that source, while another source has written rows of every kind into the
 * same tables beforehand — with the kit's metric names, labels, worker id and routes, a century after the kit's
 * timestamps, where retention leaves them alone. A reader that let any of them through would fail the kit's exact
 * answers.
 */
class SourceReaderCompatibilityTest extends StoreCompatibilityKit {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final long LATER = T0 + 36_500 * DAY;

    @Override
    protected ObservabilityStore openStore(Path directory) {
        String url = postgres.createSchema();
        try (PostgresStore other = PostgresStore.open(PostgresOptions.builder(url).service("other")
                .instance("other-1").build())) {
            other.write(batch(audit("other-a", LATER).build(), event("other-e", LATER).build(),
                    heartbeat("w-1", LATER), heartbeat("worker-1", LATER), alert("other-alert", LATER),
                    httpRequest("GET", "/orders", 500, 9, LATER), point("latency", 99, LATER),
                    point("latency", 98, LATER, "region", "eu"), point("queue", 97, LATER)));
        }
        PostgresStore store = PostgresStore.open(PostgresOptions.builder(url).service("kit").instance("kit-1")
                .build());
        return readingThrough(store, store.forSource("kit", "kit-1"));
    }

    /**
     * The store for writes, the reader of its source for every query {@link StoreReader} declares: a proxy, so that a
     * query added to the SPI is read through the source without this test changing.
     */
    private static ObservabilityStore readingThrough(PostgresStore store, PostgresReader reader) {
        return (ObservabilityStore) Proxy.newProxyInstance(ObservabilityStore.class.getClassLoader(),
                new Class<?>[] {ObservabilityStore.class}, (proxy, method, arguments) -> {
                    boolean query = method.getDeclaringClass() == StoreReader.class
                            && !method.getName().equals("close");
                    try {
                        return method.invoke(query ? reader : store, arguments);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
