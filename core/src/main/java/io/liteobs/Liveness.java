package io.liteobs;

import io.liteobs.internal.Checks;
import io.liteobs.spi.StoreReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Liveness checks over a store, shared by {@link HeartbeatWriter} and {@link LiteObs}. */
final class Liveness {

    private Liveness() {
    }

    static Optional<WorkerLiveness> of(StoreReader store, Clock clock, String workerId, @Nullable Duration staleAfter) {
        long now = clock.millis();
        return store.latestHeartbeat(Checks.name("workerId", workerId))
                .map(beat -> WorkerLiveness.judge(beat, checked(staleAfter), now));
    }

    static List<WorkerLiveness> ofAll(StoreReader store, Clock clock, @Nullable Duration staleAfter) {
        long now = clock.millis();
        Duration threshold = checked(staleAfter);
        return store.latestHeartbeats().stream().map(beat -> WorkerLiveness.judge(beat, threshold, now)).toList();
    }

    private static @Nullable Duration checked(@Nullable Duration staleAfter) {
        return staleAfter == null ? null : Checks.positive("staleAfter", staleAfter);
    }
}
