package io.liteobs.alerting;

/**
 * The events an {@link Indicator} counted over a range: how many were good, out of how many.
 *
 * @param good  the good events, 0 to {@code total}
 * @param total every event
 */
public record EventCounts(long good, long total) {

    /** No event at all. */
    public static final EventCounts NONE = new EventCounts(0, 0);

    /**
     * Checks the counts.
     *
     * @param good  the good events, 0 to {@code total}
     * @param total every event
     * @throws IllegalArgumentException when {@code good} is negative or more than {@code total}
     */
    public EventCounts {
        if (good < 0 || good > total) {
            throw new IllegalArgumentException("good events must be 0 to " + total + " (the total), got " + good);
        }
    }

    /**
     * The bad events.
     *
     * @return {@code total - good}
     */
    public long bad() {
        return total - good;
    }

    /**
     * The share of bad events.
     *
     * @return {@code bad / total}, 0 when there is no event
     */
    public double errorRatio() {
        return total == 0 ? 0 : (double) bad() / total;
    }
}
