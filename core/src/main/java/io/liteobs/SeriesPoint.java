package io.liteobs;

import java.time.Instant;

/**
 * One point of a downsampled series: the start of its bucket and the aggregated value.
 *
 * @param timestampMillis the start of the bucket, epoch milliseconds: a multiple of the step
 * @param value           the aggregate of the points in the bucket
 * @param samples         how many stored points the bucket held
 */
public record SeriesPoint(long timestampMillis, double value, long samples) {

    /**
     * {@link #timestampMillis()} as an instant: the start of the bucket.
     *
     * @return the start of the bucket
     */
    public Instant timestamp() {
        return Instant.ofEpochMilli(timestampMillis);
    }
}
