package io.liteobs;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One stored series of a metric as {@code metrics_metadata} describes it.
 *
 * @param seriesId        the store's id of the series
 * @param name            the metric name
 * @param labels          the labels that tell this series apart from the metric's others
 * @param type            the kind of quantity
 * @param unit            the unit; may be null
 * @param description     the description; may be null
 * @param firstSeenMillis the timestamp of the first point written, epoch milliseconds
 * @param lastSeenMillis  the timestamp of the latest point written, epoch milliseconds
 */
public record MetricMetadata(long seriesId, String name, Labels labels, MetricType type, @Nullable String unit,
                             @Nullable String description, long firstSeenMillis, long lastSeenMillis) {

    /**
     * {@link #firstSeenMillis()} as an instant: the timestamp of the first point written.
     *
     * @return the timestamp of the first point written
     */
    public Instant firstSeen() {
        return Instant.ofEpochMilli(firstSeenMillis);
    }

    /**
     * {@link #lastSeenMillis()} as an instant: the timestamp of the latest point written.
     *
     * @return the timestamp of the latest point written
     */
    public Instant lastSeen() {
        return Instant.ofEpochMilli(lastSeenMillis);
    }
}
