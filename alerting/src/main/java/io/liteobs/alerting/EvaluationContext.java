package io.liteobs.alerting;

import io.liteobs.StoreStatus;
import io.liteobs.spi.StoreReader;
import java.time.Duration;
import java.util.Map;

/** What a source reads in one evaluation. */
public interface EvaluationContext {

    /**
     * The store's queries.
     *
     * @return the store's queries
     */
    StoreReader store();

    /**
     * The time of the evaluation, epoch milliseconds, on the {@code LiteObs} clock.
     *
     * @return the time of the evaluation, epoch milliseconds, on the {@code LiteObs} clock
     */
    long nowMillis();

    /**
     * Whether the {@code LiteObs} can write to its store now.
     *
     * @return whether the {@code LiteObs} can write to its store now
     */
    StoreStatus storeStatus();

    /**
     * The events of an objective over the window of a length ending at {@link #nowMillis()}, as its burn-rate
     * alerts read them. This default counts the window in the store; an {@link Alerting} answers from an
     * {@link ObjectiveCounter} it keeps per objective, which reads only what is new since its last round.
     *
     * @param objective the objective
     * @param window    the window's length
     * @return the good and total events of {@code [now + 1 - window, now + 1)}
     */
    default EventCounts countEvents(Objective objective, Duration window) {
        return objective.indicator().count(store(), ErrorBudget.windowEndingAt(nowMillis(), window));
    }

    /**
     * By recorder ({@code audit}, {@code metrics}, {@code heartbeat:<worker>}...), how much one of its counters grew
     * over the window ending now, as far as this process has seen it: a counter counts from the {@code LiteObs}'s
     * start, so a window reaching back before the first evaluation counts from 0.
     *
     * @param counter which of the recorders' counters to read
     * @param window how far back from now the increase is measured
     * @return by recorder ({@code audit}, {@code metrics}, {@code heartbeat:<worker>}...), how much one of its counters
     *     grew over the window ending now, as far as this process has seen it
     */
    Map<String, Long> counterIncrease(RecorderCounter counter, Duration window);

    /** The library's own counters a rule can watch. */
    enum RecorderCounter {
        /** Entries dropped: queue full, or recorder closed. */
        DROPPED,
        /** Entries the store refused or could not take. */
        FAILED
    }
}
