package io.liteobs;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * How a worker is, judged from its latest heartbeat: {@link State#ALIVE}, {@link State#NOT_PROGRESSING} (beating,
 * but the progress it marks has stood still for more than {@value #NOT_PROGRESSING_AFTER_INTERVALS} intervals),
 * {@link State#STOPPED} (its last beat recorded a graceful stop) or {@link State#STALE} (its beats stopped coming:
 * crashed, hung, or cut off).
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
 * @param alive         whether the worker's process still beats: the latest beat is younger than
 *                      {@code staleAfter} and is not a stop; true also while it is {@link State#NOT_PROGRESSING}
 * @param lastBeat      the latest beat
 * @param sinceLastBeat how long ago the latest beat was, at the moment of the check; zero for a beat stamped in the
 *                      future, which the worker's clock running ahead of the checker's makes
 * @param staleAfter    the age past which the worker counts as stale
 * @param state         the verdict
 * @param sinceProgress how long the progress count had stood still when the latest beat was taken; null for a worker
 *                      that never marked progress
 */
public record WorkerLiveness(String workerId, boolean alive, Heartbeat lastBeat, Duration sinceLastBeat,
                             Duration staleAfter, State state, @Nullable Duration sinceProgress) {

    /** A worker is stale once its latest beat is older than this many of its own intervals. */
    public static final int STALE_AFTER_INTERVALS = 3;

    /**
     * A worker that marks progress is not progressing once its latest beat finds the count unchanged for more than
     * this many of its own intervals.
     */
    public static final int NOT_PROGRESSING_AFTER_INTERVALS = 3;

    /** The verdicts, in the order a check tries them: a stop first, then staleness, then progress. */
    public enum State {
        /** Beating in time, and, for a worker that marks progress, progressing. */
        ALIVE,
        /**
         * Beating in time, but the progress the worker marks has stood still for more than
         * {@value WorkerLiveness#NOT_PROGRESSING_AFTER_INTERVALS} intervals: its process lives, its loop is stuck
         * or starved.
         */
        NOT_PROGRESSING,
        /** The latest beat recorded a graceful stop ({@link HeartbeatWriter#stop()} or close): not a crash. */
        STOPPED,
        /** The latest beat is older than {@code staleAfter}, and was not a stop: crashed, hung or cut off. */
        STALE
    }

    /**
     * Judges a worker from its latest beat.
     *
     * @param lastBeat   the worker's latest heartbeat
     * @param staleAfter the age past which it is stale; null for {@value #STALE_AFTER_INTERVALS} times the
     *                   interval stored with the beat
     * @param now        the moment of the check
     * @return the worker's liveness at {@code now}
     */
    public static WorkerLiveness judge(Heartbeat lastBeat, @Nullable Duration staleAfter, Instant now) {
        return judge(lastBeat, staleAfter, now.toEpochMilli());
    }

    /**
     * Judges a worker from its latest beat, at a moment given in epoch milliseconds.
     *
     * @param lastBeat   the worker's latest heartbeat
     * @param staleAfter the age past which it is stale; null for {@value #STALE_AFTER_INTERVALS} times the
     *                   interval stored with the beat
     * @param nowMillis  the moment of the check, epoch milliseconds
     * @return the worker's liveness at {@code nowMillis}
     */
    public static WorkerLiveness judge(Heartbeat lastBeat, @Nullable Duration staleAfter, long nowMillis) {
        Duration threshold = staleAfter != null ? staleAfter
                : Duration.ofMillis(Math.max(1, lastBeat.intervalMillis()) * STALE_AFTER_INTERVALS);
        Duration age = Duration.ofMillis(Math.max(0, nowMillis - lastBeat.timestampMillis()));
        Long progressAt = lastBeat.progressAtMillis();
        Duration sinceProgress = progressAt == null ? null
                : Duration.ofMillis(Math.max(0, lastBeat.timestampMillis() - progressAt));
        State state;
        if (lastBeat.stopped()) {
            state = State.STOPPED;
        } else if (age.compareTo(threshold) > 0) {
            state = State.STALE;
        } else if (sinceProgress != null && sinceProgress.toMillis()
                > Math.max(1, lastBeat.intervalMillis()) * NOT_PROGRESSING_AFTER_INTERVALS) {
            state = State.NOT_PROGRESSING;
        } else {
            state = State.ALIVE;
        }
        boolean alive = state == State.ALIVE || state == State.NOT_PROGRESSING;
        return new WorkerLiveness(lastBeat.workerId(), alive, lastBeat, age, threshold, state, sinceProgress);
    }

    /**
     * When the latest beat was written.
     *
     * @return when the latest beat was written
     */
    public Instant lastBeatAt() {
        return lastBeat.timestamp();
    }

    /**
     * How long the worker has been stale: zero unless it is {@link State#STALE}.
     *
     * @return how long the worker has been stale
     */
    public Duration staleFor() {
        return state == State.STALE ? sinceLastBeat.minus(staleAfter) : Duration.ZERO;
    }

    /**
     * For how many whole intervals the progress count had stood still at the latest beat: the N of "alive but not
     * progressing for N intervals"; zero for a worker that never marked progress.
     *
     * @return for how many whole intervals the progress count had stood still at the latest beat
     */
    public long intervalsWithoutProgress() {
        return sinceProgress == null ? 0 : sinceProgress.toMillis() / Math.max(1, lastBeat.intervalMillis());
    }
}
