package io.liteobs.alerting;

import java.util.List;

/**
 * What spent an objective's error budget over a window ({@link ErrorBudget#explain}): its bad events by route and
 * status, by component, operation and status, or by series of a counter, most first. A plain value, for printing
 * and serialising.
 *
 * <p>{@code badEvents}, {@code events} and {@code burnRate} are the indicator's count of the window
 * ({@link Indicator#count}), the figures of the objective's status and its alerts. The contributors add up to
 * {@code badEvents}, except for two counters that disagree at the window's edges: each series is then clamped
 * alone, the count over every series at once, and the contributors add up to more
 * ({@link Indicator.Counters#contributors}).
 *
 * @param objective    the objective's id
 * @param window       the window explained, as {@code 1h}
 * @param fromMillis   the window's start, epoch milliseconds, included
 * @param toMillis     the window's end, epoch milliseconds, excluded
 * @param badEvents    every bad event in the window, as the indicator counts them
 * @param events       every event in the window
 * @param burnRate     how fast the budget burned over the window
 * @param contributors the bad events by what they were, most first, each with its share of theirs
 */
public record BudgetExplanation(String objective, String window, long fromMillis, long toMillis, long badEvents,
                                long events, double burnRate, List<BudgetContributor> contributors) {

    /**
     * Copies the contributors.
     *
     * @param objective    the objective's id
     * @param window       the window explained, as {@code 1h}
     * @param fromMillis   the window's start, epoch milliseconds, included
     * @param toMillis     the window's end, epoch milliseconds, excluded
     * @param badEvents    every bad event in the window, as the indicator counts them
     * @param events       every event in the window
     * @param burnRate     how fast the budget burned over the window
     * @param contributors the bad events by what they were, most first, each with its share of theirs
     */
    public BudgetExplanation {
        contributors = List.copyOf(contributors);
    }
}
