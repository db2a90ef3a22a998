package io.liteobs;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One recorded value of a metric series.
 *
 * @param name            the metric name, for example {@code orders.latency}
 * @param value           the value; NaN and infinities are rejected when recorded
 * @param unit            the unit, for example {@code ms} or {@code bytes}; may be null
 * @param labels          the series labels; never null, {@link Labels#empty()} for none
 * @param timestampMillis when the value was observed, epoch milliseconds
 */
public record MetricPoint(String name, double value, @Nullable String unit, Labels labels, long timestampMillis) {

    /**
     * Takes null labels as no labels.
     *
     * @param name the metric name, for example {@code orders.latency}
     * @param value the value; NaN and infinities are rejected when recorded
     * @param unit the unit, for example {@code ms} or {@code bytes}; may be null
     * @param labels the series labels; never null, {@link Labels#empty()} for none
     * @param timestampMillis when the value was observed, epoch milliseconds
     */
    public MetricPoint {
        labels = Objects.requireNonNullElse(labels, Labels.empty());
    }

    /**
     * {@link #timestampMillis()} as an instant: when the value was observed.
     *
     * @return when the value was observed
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }
}
