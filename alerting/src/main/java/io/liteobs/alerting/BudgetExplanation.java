package io.liteobs.alerting;

import java.util.List;

/**
 * What spent an objective's error budget over a window ({@link ErrorBudget#explain}): its bad events by route and
 * status, by component, operation and status, or by counter, most first. A plain value, for printing and
 * serialising.
 *
 * @param objective    the objective's id
 * @param window       the window explained, as {@code 1h}
 * @param fromMillis   the window's start, epoch milliseconds, included
 * @param toMillis     the window's end, epoch milliseconds, excluded
 * @param badEvents    every bad event in the window
 * @param events       every event in the window
 * @param burnRate     how fast the budget burned over the window
 * @param contributors the bad events by what they were, most first
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
     * @param badEvents    every bad event in the window
     * @param events       every event in the window
     * @param burnRate     how fast the budget burned over the window
     * @param contributors the bad events by what they were, most first
     */
    public BudgetExplanation {
        contributors = List.copyOf(contributors);
    }
}
