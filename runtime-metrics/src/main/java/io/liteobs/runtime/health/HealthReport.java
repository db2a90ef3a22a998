package io.liteobs.runtime.health;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to "is this machine healthy, and if not, why": a score from 0 to 100, its status, and the
 * bottlenecks that cost points, worst first. A plain, immutable value that a program can print ({@link #toText()})
 * or serialise.
 *
 * @param score           100 minus every penalty, rounded, never below 0
 * @param status          the score's band
 * @param bottlenecks     the indicators above their threshold, largest penalty first
 * @param assessments     every indicator that could be judged, in {@link Indicator} order
 * @param notAssessed     the indicators that could not be judged, with the reason
 * @param timestampMillis when the input was taken, epoch milliseconds
 */
public record HealthReport(int score, Status status, List<Assessment> bottlenecks, List<Assessment> assessments,
                           Map<Indicator, String> notAssessed, long timestampMillis) {

    /** The lowest score that is {@link Status#HEALTHY}. */
    public static final int HEALTHY_FROM = 80;
    /** The lowest score that is {@link Status#DEGRADED}; below is {@link Status#UNHEALTHY}. */
    public static final int DEGRADED_FROM = 50;

    /** The score's band. */
    public enum Status {
        /** A score of {@value HealthReport#HEALTHY_FROM} or more. */
        HEALTHY,
        /** A score from {@value HealthReport#DEGRADED_FROM} to {@value HealthReport#HEALTHY_FROM} (excluded). */
        DEGRADED,
        /** A score below {@value HealthReport#DEGRADED_FROM}. */
        UNHEALTHY;

        /**
         * The band of a score.
         *
         * @param score 100 minus every penalty, rounded, never below 0
         * @return the band of a score
         */
        public static Status of(int score) {
            return score >= HEALTHY_FROM ? HEALTHY : score >= DEGRADED_FROM ? DEGRADED : UNHEALTHY;
        }
    }

    /**
     * Copies the collections; requires a score from 0 to 100.
     *
     * @param score 100 minus every penalty, rounded, never below 0
     * @param status the score's band
     * @param bottlenecks the indicators above their threshold, largest penalty first
     * @param assessments every indicator that could be judged, in {@link Indicator} order
     * @param notAssessed the indicators that could not be judged, with the reason
     * @param timestampMillis when the input was taken, epoch milliseconds
     */
    public HealthReport {
        if (score < 0 || score > 100) {
            throw new IllegalArgumentException("score must be from 0 to 100, got " + score);
        }
        Objects.requireNonNull(status, "status");
        bottlenecks = List.copyOf(bottlenecks);
        assessments = List.copyOf(assessments);
        notAssessed = Map.copyOf(notAssessed);
    }

    /**
     * The resources worth explaining: those of the bottlenecks, worst first, each once.
     *
     * @return the resources worth explaining
     */
    public List<Resource> resourcesToExplain() {
        return bottlenecks.stream().map(b -> b.indicator().resource()).distinct().toList();
    }

    /**
     * The report as a few lines of text, for a terminal or a log:
     * <pre>
     * health 63/100 DEGRADED
     *   bottleneck DISK          / at 95.0% (threshold 85.0%): -26.7
     *   bottleneck CPU           host at 90.0% (threshold 80.0%): -10.0
     * </pre>
     *
     * @return the report as a few lines of text, for a terminal or a log
     */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append("health ").append(score).append("/100 ").append(status);
        if (bottlenecks.isEmpty()) {
            text.append(" (no bottleneck)");
        }
        for (Assessment bottleneck : bottlenecks) {
            text.append("\n  bottleneck ").append(bottleneck.toText());
        }
        notAssessed.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(entry ->
                text.append("\n  not assessed ").append(entry.getKey()).append(": ").append(entry.getValue()));
        return text.toString();
    }

    /**
     * How one indicator was judged.
     *
     * @param indicator the indicator
     * @param subject   what was measured: {@code host}, a mount point, {@code heap}, {@code jvm}
     * @param value     its value, in the indicator's unit
     * @param threshold the threshold it was judged against
     * @param penalty   the points it cost, 0 when within the threshold
     */
    public record Assessment(Indicator indicator, String subject, double value, Threshold threshold,
                             double penalty) {

        /**
         * Requires an indicator, a subject and a threshold.
         *
         * @param indicator the indicator
         * @param subject what was measured: {@code host}, a mount point, {@code heap}, {@code jvm}
         * @param value its value, in the indicator's unit
         * @param threshold the threshold it was judged against
         * @param penalty the points it cost, 0 when within the threshold
         */
        public Assessment {
            Objects.requireNonNull(indicator, "indicator");
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(threshold, "threshold");
        }

        /**
         * Whether the indicator is above its threshold.
         *
         * @return whether the indicator is above its threshold
         */
        public boolean bottleneck() {
            return penalty > 0;
        }

        /**
         * One line, the indicator padded to 13 characters: {@code DISK          / at 95.0% (threshold 85.0%): -26.7}.
         *
         * @return one line, the indicator padded to 13 characters
         */
        public String toText() {
            return String.format(java.util.Locale.ROOT, "%-13s %s at %s (threshold %s): -%.1f", indicator, subject,
                    Format.value(value, indicator.unit()), Format.value(threshold.threshold(), indicator.unit()),
                    penalty);
        }
    }
}
