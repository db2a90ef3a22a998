package io.liteobs.alerting;

import io.liteobs.TimeRange;
import io.liteobs.spi.StoreReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The arithmetic of service level objectives, over the counts an {@link Indicator} reads from the store. With
 * {@code good} and {@code total} events in a window and a target {@code t}:
 *
 * <ul>
 *   <li>SLI = {@code good / total} (1 with no event: nothing went wrong);</li>
 *   <li>error budget = {@code 1 - t}, the share of events that may be bad;</li>
 *   <li>allowed bad events = {@code (1 - t) × total}; bad = {@code total - good};</li>
 *   <li>budget remaining = {@code 1 - bad / allowed} (1 with no event; negative once overspent), and in events
 *       {@code allowed - bad};</li>
 *   <li>burn rate over a window = {@code (bad / total) / (1 - t)} over that window's events (0 with no event):
 *       at 1 the budget lasts exactly the objective's window, at {@code r} it is gone in {@code window / r}.</li>
 * </ul>
 *
 * <p>Every window ends at the moment asked for, that moment included: {@code [now + 1 ms - window, now + 1 ms)},
 * as the alert rules' windows do.
 *
 * <pre>{@code
 * ObjectiveStatus status = ErrorBudget.status(objective, store, clock.millis());
 * BudgetExplanation why = ErrorBudget.explain(objective, store, clock.millis(), Duration.ofHours(1));
 * }</pre>
 */
public final class ErrorBudget {

    /** The windows burn rates are reported over: those of the workbook's alerts, 5 minutes to 3 days. */
    public static final List<Duration> STANDARD_WINDOWS = List.of(Duration.ofMinutes(5), Duration.ofMinutes(30),
            Duration.ofHours(1), Duration.ofHours(2), Duration.ofHours(6), Duration.ofDays(1), Duration.ofDays(3));

    private ErrorBudget() {
    }

    /**
     * The share of good events.
     *
     * @param counts the events
     * @return {@code good / total}, 1 with no event
     */
    public static double sli(EventCounts counts) {
        return counts.total() == 0 ? 1 : (double) counts.good() / counts.total();
    }

    /**
     * The share of events that may be bad.
     *
     * @param target the objective's target
     * @return {@code 1 - target}
     */
    public static double budget(double target) {
        return 1 - target;
    }

    /**
     * The share of the error budget left.
     *
     * @param counts the events of the objective's window
     * @param target the objective's target
     * @return {@code 1 - bad / ((1 - target) × total)}; 1 with no event, negative once overspent
     */
    public static double remaining(EventCounts counts, double target) {
        return counts.total() == 0 ? 1 : 1 - counts.bad() / allowedBadEvents(counts, target);
    }

    /**
     * How many more bad events the window can take.
     *
     * @param counts the events of the objective's window
     * @param target the objective's target
     * @return {@code (1 - target) × total - bad}; negative once overspent
     */
    public static double remainingEvents(EventCounts counts, double target) {
        return allowedBadEvents(counts, target) - counts.bad();
    }

    private static double allowedBadEvents(EventCounts counts, double target) {
        return budget(target) * counts.total();
    }

    /**
     * How fast the budget burns over the window the counts are of.
     *
     * @param counts the events of the window
     * @param target the objective's target
     * @return {@code (bad / total) / (1 - target)}, 0 with no event
     */
    public static double burnRate(EventCounts counts, double target) {
        return counts.errorRatio() / budget(target);
    }

    /**
     * The window of a length ending at a moment, the moment included.
     *
     * @param nowMillis the moment, epoch milliseconds
     * @param window    the window's length
     * @return {@code [now + 1 - window, now + 1)}
     */
    public static TimeRange windowEndingAt(long nowMillis, Duration window) {
        return TimeRange.between(Instant.ofEpochMilli(nowMillis + 1 - window.toMillis()),
                Instant.ofEpochMilli(nowMillis + 1));
    }

    /**
     * Where an objective stands: its counts over its window and over each standard window, and whether its page's
     * or ticket's burn-rate condition holds (as its alert rules would judge it now, pending aside). The windows are
     * counted by a new {@link ObjectiveCounter}, in one pass over the objective's window; to ask again later, keep
     * a counter and call {@link #status(ObjectiveCounter, long)}, which then reads only what is new.
     *
     * @param objective the objective
     * @param store     the store its indicator reads
     * @param nowMillis the moment, epoch milliseconds
     * @return the status
     */
    public static ObjectiveStatus status(Objective objective, StoreReader store, long nowMillis) {
        return status(ObjectiveCounter.of(objective, store), nowMillis);
    }

    /**
     * Where the counter's objective stands, as {@link #status(Objective, StoreReader, long)} reports it, counted by
     * the counter: each window once, from the minutes it keeps.
     *
     * @param counter   the objective's counter, made by {@link ObjectiveCounter#of}
     * @param nowMillis the moment, epoch milliseconds
     * @return the status
     */
    public static ObjectiveStatus status(ObjectiveCounter counter, long nowMillis) {
        Objects.requireNonNull(counter, "counter");
        Objective objective = counter.objective();
        TimeRange range = windowEndingAt(nowMillis, objective.window());
        double target = objective.target();
        // each window counted once, for the budget, the burn rates and the alerts' conditions alike
        Map<Duration, EventCounts> byWindow = new HashMap<>();
        Function<Duration, EventCounts> countOver = window -> byWindow.computeIfAbsent(window,
                length -> counter.count(nowMillis, length));
        EventCounts counts = countOver.apply(objective.window());
        List<BurnRate> burnRates = new ArrayList<>(STANDARD_WINDOWS.size());
        for (Duration window : STANDARD_WINDOWS) {
            EventCounts inWindow = countOver.apply(window);
            burnRates.add(new BurnRate(Durations.format(window), inWindow.good(), inWindow.total(),
                    inWindow.errorRatio(), burnRate(inWindow, target)));
        }
        BurnRateAlerts alerts = objective.alerts();
        String alert = BurnRateSource.holding(alerts.pageConditions(), alerts.minEvents(), target, countOver) != null
                ? ObjectiveStatus.PAGE
                : BurnRateSource.holding(alerts.ticketConditions(), alerts.minEvents(), target, countOver) != null
                ? ObjectiveStatus.TICKET : ObjectiveStatus.NONE;
        return new ObjectiveStatus(objective.id(), objective.indicator().describe(), target,
                Durations.format(objective.window()), range.fromMillis(), range.toMillis(), counts.good(),
                counts.total(), sli(counts), budget(target), remaining(counts, target),
                remainingEvents(counts, target), burnRates, alert);
    }

    /**
     * How fast an objective's budget burned over one window ending at a moment.
     *
     * @param objective the objective
     * @param store     the store its indicator reads
     * @param nowMillis the moment, epoch milliseconds
     * @param window    the window's length
     * @return the burn rate and the counts it came from
     */
    public static BurnRate burnRate(Objective objective, StoreReader store, long nowMillis, Duration window) {
        EventCounts counts = objective.indicator().count(store, windowEndingAt(nowMillis, window));
        return new BurnRate(Durations.format(window), counts.good(), counts.total(), counts.errorRatio(),
                burnRate(counts, objective.target()));
    }

    /**
     * What spent the budget over a window ending at a moment: the bad events by what they were. Its bad events,
     * events and burn rate are the indicator's count of the window, as {@link #burnRate(Objective, StoreReader,
     * long, Duration)} reports them; its contributors are the indicator's for the same window.
     *
     * @param objective the objective
     * @param store     the store its indicator reads
     * @param nowMillis the moment, epoch milliseconds
     * @param window    the window to explain: a burn-rate alert's long window, or the objective's
     * @return the explanation
     */
    public static BudgetExplanation explain(Objective objective, StoreReader store, long nowMillis,
            Duration window) {
        Objects.requireNonNull(objective, "objective");
        Objects.requireNonNull(window, "window");
        TimeRange range = windowEndingAt(nowMillis, window);
        EventCounts counts = objective.indicator().count(store, range);
        return new BudgetExplanation(objective.id(), Durations.format(window), range.fromMillis(), range.toMillis(),
                counts.bad(), counts.total(), burnRate(counts, objective.target()),
                objective.indicator().contributors(store, range));
    }
}
