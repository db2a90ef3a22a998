package io.liteobs.runtime.micrometer;

import io.liteobs.LiteObs;
import io.liteobs.RecorderStats;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Binds the counters of every LiteObs recorder to a Micrometer registry: for each recorder (tag
 * {@code component}: {@code audit}, {@code metrics}, {@code events}, {@code heartbeat:<worker>}) the counters
 * {@code liteobs.recorder.offered}, {@code .persisted}, {@code .dropped}, {@code .rejected}, {@code .failed} and
 * the gauge {@code liteobs.recorder.queued}; and the gauge {@code liteobs.store.degraded}, 1 while the store
 * cannot be written.
 *
 * <pre>{@code
 * new LiteObsMetrics(liteObs).bindTo(meterRegistry);
 * }</pre>
 *
 * <p>Heartbeat writers made after binding get their meters as they are made ({@link LiteObs#forEachHeartbeat}).
 */
public final class LiteObsMetrics implements MeterBinder {

    private final LiteObs liteObs;

    /**
     * @param liteObs the instance whose counters to expose; never null
     */
    public LiteObsMetrics(LiteObs liteObs) {
        this.liteObs = Objects.requireNonNull(liteObs, "liteObs");
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        for (Supplier<RecorderStats> recorder : List.<Supplier<RecorderStats>>of(
                liteObs.audit()::stats, liteObs.metrics()::stats, liteObs.events()::stats, liteObs.http()::stats)) {
            bindRecorder(registry, recorder);
        }
        liteObs.forEachHeartbeat(heartbeat -> bindRecorder(registry, heartbeat::stats));
        Gauge.builder("liteobs.store.degraded", liteObs, obs -> obs.degraded() ? 1 : 0)
                .description("1 while the latest write failed because the store could not write")
                .tag("store", liteObs.store().name())
                .register(registry);
    }

    /** The counters and the queue gauge of one recorder, tagged with its component. */
    private void bindRecorder(MeterRegistry registry, Supplier<RecorderStats> recorder) {
        String component = recorder.get().component();
        counter(registry, recorder, component, "offered", "Entries handed to the recorder", RecorderStats::offered);
        counter(registry, recorder, component, "persisted", "Entries committed to the store",
                RecorderStats::persisted);
        counter(registry, recorder, component, "dropped", "Entries dropped on a full queue or after close",
                RecorderStats::dropped);
        counter(registry, recorder, component, "rejected", "Entries refused as invalid", RecorderStats::rejected);
        counter(registry, recorder, component, "failed", "Entries the store refused or could not take",
                RecorderStats::failed);
        Gauge.builder("liteobs.recorder.queued", liteObs, obs -> recorder.get().queued())
                .description("Entries waiting to be written")
                .tag("component", component)
                .register(registry);
    }

    /**
     * A counter that reads its own recorder's counters, not every recorder's. Its state object is the LiteObs
     * instance, which the service holds: Micrometer keeps only a weak reference to it.
     */
    private void counter(MeterRegistry registry, Supplier<RecorderStats> recorder, String component,
                         String outcome, String description, ToLongFunction<RecorderStats> value) {
        FunctionCounter.builder("liteobs.recorder." + outcome, liteObs, obs -> value.applyAsLong(recorder.get()))
                .description(description)
                .tag("component", component)
                .register(registry);
    }
}
