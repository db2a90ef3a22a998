package io.liteobs.alerting;

import io.liteobs.Labels;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a source saw of one label set in one evaluation: the aggregated value, and how many samples it came from.
 * Each label set is its own alert instance.
 *
 * @param labels  the label set: a series' labels, a worker
 * @param value   the aggregate; NaN when there were no samples
 * @param samples how many samples the value came from; 0 for a label set seen before but silent now
 * @param facts   more figures for the summary and description templates, by name ({@code since_last_beat})
 */
public record Observation(Labels labels, double value, long samples, Map<String, String> facts) {

    /**
     * Checks that the labels are given and copies the facts.
     *
     * @param labels the label set: a series' labels, a worker
     * @param value the aggregate; NaN when there were no samples
     * @param samples how many samples the value came from; 0 for a label set seen before but silent now
     * @param facts more figures for the summary and description templates, by name ({@code since_last_beat})
     * @throws NullPointerException when {@code labels} or {@code facts} is null
     */
    public Observation {
        Objects.requireNonNull(labels, "labels");
        facts = Map.copyOf(facts);
        if (samples < 0) {
            throw new IllegalArgumentException("samples must be 0 or more, got " + samples);
        }
    }

    /**
     * An observation without further facts.
     *
     * @param labels the label set: a series' labels, a worker
     * @param value the aggregate; NaN when there were no samples
     * @param samples how many samples the value came from; 0 for a label set seen before but silent now
     */
    public Observation(Labels labels, double value, long samples) {
        this(labels, value, samples, Map.of());
    }

    /** The value as an alert keeps it: null, "no value", for NaN. */
    @Nullable Double valueOrNull() {
        return Double.isNaN(value) ? null : value;
    }

    /**
     * A label set with no sample in the window.
     *
     * @param labels the label set: a series' labels, a worker
     * @return a label set with no sample in the window
     */
    public static Observation silent(Labels labels) {
        return new Observation(labels, Double.NaN, 0);
    }
}
