package io.liteobs.alerting;

import java.util.List;

/**
 * Where an objective stands at one moment ({@link ErrorBudget#status}): its indicator over the window, its error
 * budget and what remains of it, and how fast it burned over the standard windows. A plain value, for printing and
 * serialising.
 *
 * @param objective       the objective's id
 * @param indicator       what it measures, for a person
 * @param target          the share of events that must be good
 * @param window          the rolling window, as {@code 30d}
 * @param fromMillis      the window's start, epoch milliseconds, included
 * @param toMillis        the window's end, epoch milliseconds, excluded
 * @param goodEvents      the good events in the window
 * @param events          every event in the window
 * @param sli             the share of good events, 1 when there was none
 * @param errorBudget     the share of events that may be bad: {@code 1 - target}
 * @param budgetRemaining the share of the budget left: 1 untouched, 0 spent, negative overspent
 * @param budgetRemainingEvents how many more bad events the window can take; negative when overspent
 * @param burnRates       the burn rate over each of {@link ErrorBudget#STANDARD_WINDOWS}, shortest first
 * @param alert           the most severe burn-rate alert whose condition holds now: {@value #PAGE},
 *                        {@value #TICKET} or {@value #NONE}
 */
public record ObjectiveStatus(String objective, String indicator, double target, String window, long fromMillis,
                              long toMillis, long goodEvents, long events, double sli, double errorBudget,
                              double budgetRemaining, double budgetRemainingEvents, List<BurnRate> burnRates,
                              String alert) {

    /** {@link #alert()} when a page condition holds. */
    public static final String PAGE = "page";
    /** {@link #alert()} when a ticket condition holds, and no page condition. */
    public static final String TICKET = "ticket";
    /** {@link #alert()} when no burn-rate condition holds. */
    public static final String NONE = "none";

    /**
     * Copies the burn rates.
     *
     * @param objective       the objective's id
     * @param indicator       what it measures, for a person
     * @param target          the share of events that must be good
     * @param window          the rolling window, as {@code 30d}
     * @param fromMillis      the window's start, epoch milliseconds, included
     * @param toMillis        the window's end, epoch milliseconds, excluded
     * @param goodEvents      the good events in the window
     * @param events          every event in the window
     * @param sli             the share of good events, 1 when there was none
     * @param errorBudget     the share of events that may be bad: {@code 1 - target}
     * @param budgetRemaining the share of the budget left: 1 untouched, 0 spent, negative overspent
     * @param budgetRemainingEvents how many more bad events the window can take; negative when overspent
     * @param burnRates       the burn rate over each of {@link ErrorBudget#STANDARD_WINDOWS}, shortest first
     * @param alert           the most severe burn-rate alert whose condition holds now: {@value #PAGE},
     *     {@value #TICKET} or {@value #NONE}
     */
    public ObjectiveStatus {
        burnRates = List.copyOf(burnRates);
    }
}
