package io.liteobs;

import java.time.Instant;
import java.util.Objects;

/**
 * The latest stored point of one series, with the series as {@code metrics_metadata} describes it: what an exporter
 * shows as the current value of a metric.
 *
 * @param series          the series
 * @param value           its latest value
 * @param timestampMillis when that value was recorded, epoch milliseconds
 */
public record LatestValue(MetricMetadata series, double value, long timestampMillis) {

    /**
     * @param series the series
     * @param value its latest value
     * @param timestampMillis when that value was recorded, epoch milliseconds
     * @throws NullPointerException when the series is null
     */
    public LatestValue {
        Objects.requireNonNull(series, "series");
    }

    /**
     * {@link #timestampMillis()} as an instant: when the value was recorded.
     *
     * @return when the value was recorded
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }
}
