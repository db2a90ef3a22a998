package io.liteobs;

import java.time.Duration;

/**
 * A resolution at which a store may keep metric rollups: per series and bucket, the count, sum, minimum, maximum
 * and last value of the points, kept up to date as points are written. A downsampling query whose step is a
 * multiple of a tier's bucket is answered from the coarsest such tier that holds its range, instead of from every
 * raw point; {@link RetentionPolicy.Builder#keep(RollupTier, Duration)} sets how long each tier is kept, apart
 * from the raw points. A store without rollups answers every query from raw points.
 */
public enum RollupTier {
    /** One-minute buckets, kept {@link #defaultMaxAge() 30 days} unless the retention policy says otherwise. */
    MINUTE(Duration.ofMinutes(1), Duration.ofDays(30)),
    /** One-hour buckets, kept {@link #defaultMaxAge() two years} unless the retention policy says otherwise. */
    HOUR(Duration.ofHours(1), Duration.ofDays(730));

    private final Duration bucket;
    private final Duration defaultMaxAge;

    RollupTier(Duration bucket, Duration defaultMaxAge) {
        this.bucket = bucket;
        this.defaultMaxAge = defaultMaxAge;
    }

    /**
     * The width of the tier's buckets, which start on multiples of it since the epoch.
     *
     * @return one minute or one hour
     */
    public Duration bucket() {
        return bucket;
    }

    /**
     * {@link #bucket()} in milliseconds.
     *
     * @return 60,000 or 3,600,000
     */
    public long bucketMillis() {
        return bucket.toMillis();
    }

    /**
     * How long a {@link RetentionPolicy} built without {@code keep(tier, age)} keeps this tier.
     *
     * @return 30 days for {@link #MINUTE}, 730 days for {@link #HOUR}
     */
    public Duration defaultMaxAge() {
        return defaultMaxAge;
    }
}
