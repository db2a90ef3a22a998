package io.liteobs;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a worker is alive, judged from its latest heartbeat.
 *
 * @param workerId      the worker
 * @param alive         whether the latest beat is younger than {@code staleAfter}
 * @param lastBeat      the latest beat
 * @param sinceLastBeat how long ago the latest beat was, at the moment of the check (zero if it is in the future)
 * @param staleAfter    the age past which the worker counts as stale
 */
public record WorkerLiveness(String workerId, boolean alive, Heartbeat lastBeat, Duration sinceLastBeat,
                             Duration staleAfter) {

    /** When the latest beat was written. */
    public Instant lastBeatAt() {
        return lastBeat.timestamp();
    }

    /** How long the worker has been stale: zero while it is alive. */
    public Duration staleFor() {
        return alive ? Duration.ZERO : sinceLastBeat.minus(staleAfter);
    }
}
