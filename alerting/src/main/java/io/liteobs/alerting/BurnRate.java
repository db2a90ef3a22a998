package io.liteobs.alerting;

/**
 * How fast an objective's error budget burned over one window ending now: {@code errorRatio / (1 - target)}. At 1
 * the budget lasts exactly the objective's window; at 14.4, a 30-day budget is gone in 50 hours.
 *
 * @param window     the window, as {@code 5m}, {@code 1h}, {@code 3d}
 * @param goodEvents the good events in it
 * @param events     every event in it
 * @param errorRatio the share of bad events, 0 when there was none
 * @param burnRate   the error ratio over the error budget
 */
public record BurnRate(String window, long goodEvents, long events, double errorRatio, double burnRate) {
}
