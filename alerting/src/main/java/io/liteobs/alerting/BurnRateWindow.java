package io.liteobs.alerting;

import java.time.Duration;
import java.util.Objects;

/**
 * One condition of a multi-window, multi-burn-rate alert: it holds when the error budget burns faster than
 * {@code burnRate} over both the long window (the budget is really being spent) and the short one (it still is,
 * so that the alert resolves soon after the cause is fixed).
 *
 * @param longWindow  the long window, longer than the short one
 * @param shortWindow the short window, usually a twelfth of the long one
 * @param burnRate    the burn rate both windows must exceed, more than zero: 1 spends the budget in exactly the
 *                    objective's window
 */
public record BurnRateWindow(Duration longWindow, Duration shortWindow, double burnRate) {

    /**
     * Checks the windows and the rate.
     *
     * @param longWindow  the long window, longer than the short one
     * @param shortWindow the short window, usually a twelfth of the long one
     * @param burnRate    the burn rate both windows must exceed, more than zero: 1 spends the budget in exactly the
     *                    objective's window
     * @throws IllegalArgumentException naming the component that is out of range
     */
    public BurnRateWindow {
        Objects.requireNonNull(longWindow, "longWindow");
        Objects.requireNonNull(shortWindow, "shortWindow");
        if (shortWindow.toMillis() < 1) {
            throw new IllegalArgumentException("shortWindow must be at least 1 ms, got " + shortWindow);
        }
        if (longWindow.compareTo(shortWindow) <= 0) {
            throw new IllegalArgumentException("longWindow (" + Durations.format(longWindow)
                    + ") must be longer than shortWindow (" + Durations.format(shortWindow) + ")");
        }
        if (!(Double.isFinite(burnRate) && burnRate > 0)) {
            throw new IllegalArgumentException("burnRate must be a number above 0, got " + burnRate);
        }
    }

    /**
     * The condition that spends {@code budgetSpent} of the budget of an objective's window in the long window:
     * burn rate = {@code budgetSpent} × objective window / long window, as the Google SRE workbook derives 14.4
     * from 2 % of a 30-day budget in 1 hour.
     *
     * @param budgetSpent     the share of the budget, above 0 and at most 1
     * @param longWindow      the long window
     * @param shortWindow     the short window
     * @param objectiveWindow the objective's window
     * @return the condition
     */
    public static BurnRateWindow spending(double budgetSpent, Duration longWindow, Duration shortWindow,
            Duration objectiveWindow) {
        if (!(budgetSpent > 0 && budgetSpent <= 1)) {
            throw new IllegalArgumentException("budgetSpent must be above 0 and at most 1, got " + budgetSpent);
        }
        return new BurnRateWindow(longWindow, shortWindow,
                budgetSpent * objectiveWindow.toMillis() / longWindow.toMillis());
    }

    /**
     * For a person: {@code 1h and 5m above 14.4}.
     *
     * @return the condition in words
     */
    public String describe() {
        return Durations.format(longWindow) + " and " + Durations.format(shortWindow) + " above "
                + Templates.format(burnRate);
    }
}
