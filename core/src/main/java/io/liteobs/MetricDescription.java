package io.liteobs;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a metric is, kept in {@code metrics_metadata} for every series of the metric.
 *
 * @param name        the metric name
 * @param type        the kind of quantity; never null
 * @param unit        the unit; may be null
 * @param description a sentence for people reading charts; may be null
 */
public record MetricDescription(String name, MetricType type, @Nullable String unit,
                                @Nullable String description) {

    /**
     * Checks that the name and the type are given.
     *
     * @param name the metric name
     * @param type the kind of quantity; never null
     * @param unit the unit; may be null
     * @param description a sentence for people reading charts; may be null
     * @throws NullPointerException when {@code name} or {@code type} is null
     */
    public MetricDescription {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }
}
