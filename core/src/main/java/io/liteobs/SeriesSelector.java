package io.liteobs;

import io.liteobs.internal.Checks;
import java.util.Objects;

/**
 * Which metric points a metric query reads: the series of one metric that carry the given labels, within a time
 * range. {@link MetricQuery} and {@link DownsampleQuery} each hold one, so that a store selects points in one place.
 *
 * @param name   the metric name
 * @param labels the labels every selected series must carry (a subset match); empty selects every series
 * @param range  the time range
 */
public record SeriesSelector(String name, Labels labels, TimeRange range) {

    /**
     * @param labels the labels every selected series must carry (a subset match); empty selects every series
     * @param range the time range
     * @param name the metric name
     * @throws IllegalArgumentException when the name is blank or has control characters
     *
     */
    public SeriesSelector {
        Checks.name("name", name);
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(range, "range");
    }
}
