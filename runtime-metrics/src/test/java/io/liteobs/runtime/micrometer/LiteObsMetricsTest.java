package io.liteobs.runtime.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liteobs.HttpRequest;
import io.liteobs.LiteObs;
import io.liteobs.spi.ObservabilityStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class LiteObsMetricsTest {

    /** A store that accepts every write and answers nothing else: the recorders' counters are what is tested. */
    private static ObservabilityStore acceptingStore() {
        return (ObservabilityStore) Proxy.newProxyInstance(ObservabilityStore.class.getClassLoader(),
                new Class<?>[] {ObservabilityStore.class},
                (proxy, method, args) -> method.getName().equals("name") ? "test" : null);
    }

    @Test
    void recorderCounters_areExposedAsMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        LiteObs obs = LiteObs.builder(acceptingStore()).build();
        obs.heartbeat("w1");
        new LiteObsMetrics(obs).bindTo(registry);

        obs.metrics().record("m", 1);
        obs.metrics().record("m", Double.NaN);
        obs.http().record(HttpRequest.builder("GET", "/").status(200).durationNanos(1).build());
        obs.close();
        obs.metrics().record("m", 2);

        assertEquals(3, registry.get("liteobs.recorder.offered").tag("component", "metrics").functionCounter()
                .count());
        assertEquals(1, registry.get("liteobs.recorder.persisted").tag("component", "metrics").functionCounter()
                .count());
        assertEquals(1, registry.get("liteobs.recorder.rejected").tag("component", "metrics").functionCounter()
                .count());
        assertEquals(1, registry.get("liteobs.recorder.dropped").tag("component", "metrics").functionCounter()
                .count());
        assertEquals(0, registry.get("liteobs.recorder.failed").tag("component", "metrics").functionCounter()
                .count());
        assertEquals(0, registry.get("liteobs.recorder.queued").tag("component", "metrics").gauge().value());
        assertEquals(0, registry.get("liteobs.recorder.offered").tag("component", "heartbeat:w1")
                .functionCounter().count());
        assertEquals(1, registry.get("liteobs.recorder.persisted").tag("component", "http").functionCounter()
                .count());
        assertEquals(0, registry.get("liteobs.store.degraded").tag("store", "test").gauge().value());
    }

    @Test
    void heartbeatWritersMadeAfterBinding_getTheirMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (LiteObs obs = LiteObs.builder(acceptingStore()).build()) {
            new LiteObsMetrics(obs).bindTo(registry);

            obs.heartbeat("late").beat();
            obs.heartbeat("late").beat();

            assertEquals(2, registry.get("liteobs.recorder.offered").tag("component", "heartbeat:late")
                    .functionCounter().count());
            assertEquals(1, registry.find("liteobs.recorder.queued").tag("component", "heartbeat:late")
                    .gauges().size(), "bound once, however often the writer is asked for");
        }
    }
}
