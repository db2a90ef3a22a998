package io.liteobs.http;

import io.liteobs.DataKind;
import io.liteobs.HeartbeatWriter;
import io.liteobs.LiteObs;
import io.liteobs.RecorderStats;
import io.liteobs.StoreStatus;
import io.liteobs.spi.StoreReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * {@code /healthz} and {@code /readyz}. Liveness looks only inside the process: serving a LiteObs, it fails once
 * that LiteObs is closed; serving a file, answering is being alive. Readiness asks more: serving a LiteObs, that the
 * store takes writes and that no recorder's queue is {@value #SATURATED_PERCENT}% full or more; serving a file, that
 * the file can be read.
 */
final class Probes {

    /** A queue this full, in percent of its capacity, makes the server not ready. */
    static final int SATURATED_PERCENT = 90;

    /** A probe's answer: whether it passed, and why not. */
    record Result(boolean passed, List<String> problems) {
        static final Result PASSED = new Result(true, List.of());

        static Result of(List<String> problems) {
            return problems.isEmpty() ? PASSED : new Result(false, List.copyOf(problems));
        }
    }

    private final StoreReader reader;
    private final @Nullable LiteObs obs;

    Probes(StoreReader reader, @Nullable LiteObs obs) {
        this.reader = reader;
        this.obs = obs;
    }

    Result live() {
        if (obs != null && obs.storeStatus().state() == StoreStatus.State.CLOSED) {
            return Result.of(List.of("LiteObs over " + reader.name() + " is closed"));
        }
        return Result.PASSED;
    }

    Result ready() {
        List<String> problems = new ArrayList<>();
        if (obs == null) {
            try {
                reader.newestTimestamp(DataKind.HEARTBEATS);
            } catch (RuntimeException e) {
                problems.add("cannot read " + reader.name() + ": " + e.getMessage());
            }
            return Result.of(problems);
        }
        StoreStatus store = obs.storeStatus();
        if (!store.isOk()) {
            problems.add("store " + store.state().name().toLowerCase(Locale.ROOT)
                    + (store.reason() != null ? ": " + store.reason() : ""));
        }
        saturation(obs.audit().stats(), obs.audit().queueCapacity(), problems);
        saturation(obs.metrics().stats(), obs.metrics().queueCapacity(), problems);
        saturation(obs.events().stats(), obs.events().queueCapacity(), problems);
        for (HeartbeatWriter heartbeat : obs.heartbeats()) {
            saturation(heartbeat.stats(), heartbeat.queueCapacity(), problems);
        }
        return Result.of(problems);
    }

    private static void saturation(RecorderStats stats, int capacity, List<String> problems) {
        if (stats.queued() * 100 >= (long) capacity * SATURATED_PERCENT) {
            problems.add("queue of " + stats.component() + " holds " + stats.queued() + " of " + capacity
                    + " entries");
        }
    }
}
