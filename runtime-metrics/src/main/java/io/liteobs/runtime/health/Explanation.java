package io.liteobs.runtime.health;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why a resource looks the way it does: its current figures, how they moved recently, what contributes most
 * (processes, mounts, interfaces, or JVM causes such as GC overhead, a heap near its limit, a thread pool grown
 * large), and what the advisors recommend. A plain, immutable value that a program can print ({@link #toText()}) or
 * serialise.
 *
 * @param resource         the resource explained
 * @param summary          one sentence about it
 * @param current          its figures now
 * @param recent           how its main figures moved over the recent snapshots; empty without history
 * @param topContributors  what contributes most, largest first
 * @param recommendations  the advice of the advisors that had some, in advisor order
 * @param timestampMillis  when the input was taken, epoch milliseconds
 */
public record Explanation(Resource resource, String summary, List<Reading> current, List<Trend> recent,
                         List<Contributor> topContributors, List<Recommendation> recommendations,
                         long timestampMillis) {

    /**
     * Copies the lists; requires a resource and a summary.
     *
     * @param resource the resource explained
     * @param summary one sentence about it
     * @param current its figures now
     * @param recent how its main figures moved over the recent snapshots; empty without history
     * @param topContributors what contributes most, largest first
     * @param recommendations the advice of the advisors that had some, in advisor order
     * @param timestampMillis when the input was taken, epoch milliseconds
     */
    public Explanation {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(summary, "summary");
        current = List.copyOf(current);
        recent = List.copyOf(recent);
        topContributors = List.copyOf(topContributors);
        recommendations = List.copyOf(recommendations);
    }

    /**
     * The reading of that name, or null.
     *
     * @param name what it is, such as {@code host.cpu.utilization{mode=user}}
     * @return the reading of that name, or null
     */
    public @Nullable Reading reading(String name) {
        return current.stream().filter(reading -> reading.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * Whether the advisor of that id advised something.
     *
     * @param advisorId the advisor's id
     * @return whether the advisor of that id advised something
     */
    public boolean recommends(String advisorId) {
        return recommendations.stream().anyMatch(recommendation -> recommendation.advisor().equals(advisorId));
    }

    /**
     * The explanation as lines of text, for a terminal or a log.
     *
     * @return the explanation as lines of text, for a terminal or a log
     */
    public String toText() {
        StringBuilder text = new StringBuilder();
        text.append(resource).append(": ").append(summary);
        if (!current.isEmpty()) {
            text.append("\n  now:");
            for (Reading reading : current) {
                text.append("\n    ").append(reading.toText());
            }
        }
        if (!recent.isEmpty()) {
            text.append("\n  recently:");
            for (Trend trend : recent) {
                text.append("\n    ").append(trend.toText());
            }
        }
        if (!topContributors.isEmpty()) {
            text.append("\n  top contributors:");
            for (Contributor contributor : topContributors) {
                text.append("\n    ").append(contributor.toText());
            }
        }
        text.append("\n  recommendations:");
        if (recommendations.isEmpty()) {
            text.append("\n    none: nothing above its threshold");
        }
        for (Recommendation recommendation : recommendations) {
            text.append("\n    - ").append(recommendation.text()).append(" [").append(recommendation.advisor())
                    .append(']');
        }
        return text.toString();
    }

    /**
     * One current figure.
     *
     * @param name  what it is, such as {@code host.cpu.utilization{mode=user}}
     * @param value its value
     * @param unit  its unit: {@code ratio}, {@code bytes}, {@code bytes/s}, {@code threads}...; may be null
     */
    public record Reading(String name, double value, @Nullable String unit) {

        /**
         * Requires a name.
         *
         * @param name what it is, such as {@code host.cpu.utilization{mode=user}}
         * @param value its value
         * @param unit its unit: {@code ratio}, {@code bytes}, {@code bytes/s}, {@code threads}...; may be null
         */
        public Reading {
            Objects.requireNonNull(name, "name");
        }

        /**
         * {@code name  value}.
         *
         * @return {@code name  value}
         */
        public String toText() {
            return String.format(java.util.Locale.ROOT, "%-40s %s", name, Format.value(value, unit));
        }
    }

    /**
     * How one figure moved over the recent snapshots.
     *
     * @param name    what it is
     * @param unit    its unit; may be null
     * @param min     the lowest value
     * @param average the average
     * @param max     the highest value
     * @param samples how many snapshots
     */
    public record Trend(String name, @Nullable String unit, double min, double average, double max, int samples) {

        /**
         * Requires a name.
         *
         * @param name what it is, such as {@code host.cpu.utilization{mode=user}}
         * @param unit its unit: {@code ratio}, {@code bytes}, {@code bytes/s}, {@code threads}...; may be null
         * @param min the lowest value
         * @param average the average
         * @param max the highest value
         * @param samples how many snapshots
         */
        public Trend {
            Objects.requireNonNull(name, "name");
        }

        /**
         * {@code name  min / avg / max over n samples}.
         *
         * @return {@code name  min / avg / max over n samples}
         */
        public String toText() {
            return String.format(java.util.Locale.ROOT, "%-40s min %s, avg %s, max %s over %d samples", name,
                    Format.value(min, unit), Format.value(average, unit), Format.value(max, unit), samples);
        }
    }

    /**
     * Something that contributes to the figures: a process, a mount, an interface, a JVM cause.
     *
     * @param name   what it is, such as {@code java (pid 4242)} or {@code thread pool http-nio-8080-exec}
     * @param value  how much it contributes
     * @param unit   the unit of {@code value}; may be null
     * @param detail another detail, such as a process's command line when the host collector reads them (redacted);
     *               may be empty
     */
    public record Contributor(String name, double value, @Nullable String unit, String detail) {

        /**
         * Requires a name; a null detail is empty.
         *
         * @param name what it is, such as {@code host.cpu.utilization{mode=user}}
         * @param value its value
         * @param unit its unit: {@code ratio}, {@code bytes}, {@code bytes/s}, {@code threads}...; may be null
         * @param detail another detail, such as a process's command line when the host collector reads them (redacted);
         *     may be empty
         */
        public Contributor {
            Objects.requireNonNull(name, "name");
            detail = detail == null ? "" : detail;
        }

        /**
         * {@code name  value  detail}.
         *
         * @return {@code name  value  detail}
         */
        public String toText() {
            return String.format(java.util.Locale.ROOT, "%-40s %10s  %s", name, Format.value(value, unit), detail)
                    .stripTrailing();
        }
    }

    /**
     * What an advisor advises.
     *
     * @param advisor the advisor's id, such as {@code disk.nearly-full}
     * @param text the advice, with the figures that triggered it
     */
    public record Recommendation(String advisor, String text) {

        /**
         * Requires both.
         *
         * @param advisor the advisor's id, such as {@code disk.nearly-full}
         * @param text the advice, with the figures that triggered it
         */
        public Recommendation {
            Objects.requireNonNull(advisor, "advisor");
            Objects.requireNonNull(text, "text");
        }
    }
}
