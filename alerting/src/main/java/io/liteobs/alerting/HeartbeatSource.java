package io.liteobs.alerting;

import io.liteobs.Heartbeat;
import io.liteobs.Labels;
import io.liteobs.WorkerLiveness;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The latest heartbeat of every worker, judged as {@link WorkerLiveness#judge} judges it: one observation per
 * worker (labels {@code worker} and, when known, {@code host}), valued 1 when stale and 0 when alive, with the facts
 * {@code since_last_beat} and {@code stale_after}.
 */
final class HeartbeatSource implements AlertSource {

    /** Stale after this long; null: after {@value WorkerLiveness#STALE_AFTER_INTERVALS} of the beat's interval. */
    private final @Nullable Duration staleAfter;

    HeartbeatSource(@Nullable Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    @Override
    public String name() {
        return "heartbeat";
    }

    @Override
    public String describe() {
        return "workers whose latest heartbeat is older than " + (staleAfter == null
                ? WorkerLiveness.STALE_AFTER_INTERVALS + " of their intervals" : Durations.format(staleAfter));
    }

    @Override
    public List<Observation> observe(EvaluationContext context) {
        List<Observation> observations = new ArrayList<>();
        for (Heartbeat beat : context.store().latestHeartbeats()) {
            WorkerLiveness liveness = WorkerLiveness.judge(beat, staleAfter, context.nowMillis());
            Labels labels = beat.host() == null ? Labels.of("worker", beat.workerId())
                    : Labels.of("worker", beat.workerId(), "host", beat.host());
            Map<String, String> facts = new HashMap<>();
            facts.put("since_last_beat", Durations.format(Duration.ofSeconds(liveness.sinceLastBeat().toSeconds())));
            facts.put("stale_after", Durations.format(liveness.staleAfter()));
            observations.add(new Observation(labels, liveness.alive() ? 0 : 1, 1, facts));
        }
        return observations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof HeartbeatSource other && Objects.equals(staleAfter, other.staleAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(staleAfter);
    }

    @Override
    public String toString() {
        return describe();
    }
}
