package io.liteobs;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Whether a worker is alive, judged from its latest heartbeat.
 *
 * <p>The beat's age is the checker's clock minus the timestamp the worker's clock gave the beat, so liveness is only
 * as right as the two clocks agree. A beat stamped later than the moment of the check (the worker's clock runs
 * ahead of the checker's) counts as age zero: {@code sinceLastBeat} is zero and the worker is alive. A worker whose
 * clock runs ahead by a skew {@code d} is therefore judged stale {@code d} later than it stopped beating, at the
 * checker's {@code lastBeat.timestampMillis() + staleAfter}; one whose clock runs behind is judged stale {@code d}
 * earlier, or, with {@code d} above {@code staleAfter}, never alive. Keep the clocks synchronised (NTP), or set a
 * {@code staleAfter} that covers the skew.
 *
 * @param workerId      the worker
 * @param alive         whether the latest beat is younger than {@code staleAfter}
 * @param lastBeat      the latest beat
 * @param sinceLastBeat how long ago the latest beat was, at the moment of the check; zero for a beat stamped in the
 *                      future, which the worker's clock running ahead of the checker's makes
 * @param staleAfter    the age past which the worker counts as stale
 */
public record WorkerLiveness(String workerId, boolean alive, Heartbeat lastBeat, Duration sinceLastBeat,
                             Duration staleAfter) {

    /** A worker is stale once its latest beat is older than this many of its own intervals. */
    public static final int STALE_AFTER_INTERVALS = 3;

    /**
     * Judges a worker from its latest beat.
     *
     * @param lastBeat   the worker's latest heartbeat
     * @param staleAfter the age past which it is stale; null for {@value #STALE_AFTER_INTERVALS} times the
     *                   interval stored with the beat
     * @param nowMillis  the moment of the check, epoch milliseconds
     */
    public static WorkerLiveness judge(Heartbeat lastBeat, @Nullable Duration staleAfter, long nowMillis) {
        Duration threshold = staleAfter != null ? staleAfter
                : Duration.ofMillis(Math.max(1, lastBeat.intervalMillis()) * STALE_AFTER_INTERVALS);
        Duration age = Duration.ofMillis(Math.max(0, nowMillis - lastBeat.timestampMillis()));
        return new WorkerLiveness(lastBeat.workerId(), age.compareTo(threshold) <= 0, lastBeat, age, threshold);
    }

    /** When the latest beat was written. */
    public Instant lastBeatAt() {
        return lastBeat.timestamp();
    }

    /** How long the worker has been stale: zero while it is alive. */
    public Duration staleFor() {
        return alive ? Duration.ZERO : sinceLastBeat.minus(staleAfter);
    }
}
