package io.liteobs;

import io.liteobs.internal.Checks;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How long each kind of data is kept. Kinds without an age are kept forever. Metric rollups have an age per
 * {@link RollupTier}, apart from the raw points: unless set, each tier's {@link RollupTier#defaultMaxAge()}.
 * Deletes run in chunks of {@code chunkSize} rows, each its own short transaction, with a pause between chunks so
 * that recording is held up for one chunk at the most.
 *
 * <pre>{@code
 * RetentionPolicy policy = RetentionPolicy.builder()
 *         .keep(DataKind.METRICS, Duration.ofDays(7))
 *         .keep(RollupTier.MINUTE, Duration.ofDays(30))
 *         .keep(RollupTier.HOUR, Duration.ofDays(730))
 *         .keep(DataKind.HEARTBEATS, Duration.ofDays(1))
 *         .keep(DataKind.AUDIT, Duration.ofDays(365))
 *         .build();
 * }</pre>
 *
 * @param maxAge             the age past which rows of a kind are deleted
 * @param rollupMaxAge       the age past which the rollup buckets of a tier are deleted; a tier missing here is
 *                           kept forever
 * @param chunkSize          rows deleted per transaction, 1 to {@value #MAX_CHUNK_SIZE}
 * @param pauseBetweenChunks the pause that lets recording batches in between chunks
 */
public record RetentionPolicy(Map<DataKind, Duration> maxAge, Map<RollupTier, Duration> rollupMaxAge, int chunkSize,
                              Duration pauseBetweenChunks) {

    /** The default rows per delete transaction. */
    public static final int DEFAULT_CHUNK_SIZE = 5_000;
    /** The largest rows per delete transaction. */
    public static final int MAX_CHUNK_SIZE = 1_000_000;
    /** The default pause between chunks: five milliseconds. */
    public static final Duration DEFAULT_PAUSE = Duration.ofMillis(5);

    /**
     * @param maxAge the age past which rows of a kind are deleted
     * @param rollupMaxAge the age past which the rollup buckets of a tier are deleted
     * @param chunkSize rows deleted per transaction, 1 to {@value #MAX_CHUNK_SIZE}
     * @param pauseBetweenChunks the pause that lets recording batches in between chunks
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public RetentionPolicy {
        EnumMap<DataKind, Duration> copy = new EnumMap<>(DataKind.class);
        Objects.requireNonNull(maxAge, "maxAge").forEach((kind, age) ->
                copy.put(Objects.requireNonNull(kind, "kind"), Checks.positive("maxAge of " + kind, age)));
        maxAge = Collections.unmodifiableMap(copy);
        EnumMap<RollupTier, Duration> tiers = new EnumMap<>(RollupTier.class);
        Objects.requireNonNull(rollupMaxAge, "rollupMaxAge").forEach((tier, age) ->
                tiers.put(Objects.requireNonNull(tier, "tier"), Checks.positive("rollupMaxAge of " + tier, age)));
        rollupMaxAge = Collections.unmodifiableMap(tiers);
        Checks.inRange("chunkSize", chunkSize, 1, MAX_CHUNK_SIZE);
        Checks.notNegative("pauseBetweenChunks", pauseBetweenChunks);
    }

    /**
     * A policy for data kinds with every rollup tier kept its {@link RollupTier#defaultMaxAge() default age}.
     *
     * @param maxAge             the age past which rows of a kind are deleted
     * @param chunkSize          rows deleted per transaction, 1 to {@value #MAX_CHUNK_SIZE}
     * @param pauseBetweenChunks the pause that lets recording batches in between chunks
     * @throws IllegalArgumentException naming the parameter out of range
     */
    public RetentionPolicy(Map<DataKind, Duration> maxAge, int chunkSize, Duration pauseBetweenChunks) {
        this(maxAge, defaultRollupAges(), chunkSize, pauseBetweenChunks);
    }

    private static Map<RollupTier, Duration> defaultRollupAges() {
        Map<RollupTier, Duration> ages = new EnumMap<>(RollupTier.class);
        for (RollupTier tier : RollupTier.values()) {
            ages.put(tier, tier.defaultMaxAge());
        }
        return ages;
    }

    /**
     * A builder that keeps every data kind until told otherwise, and rollups for their tier's default age.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link RetentionPolicy}. */
    public static final class Builder {
        private final Map<DataKind, Duration> maxAge = new EnumMap<>(DataKind.class);
        private final Map<RollupTier, Duration> rollupMaxAge = defaultRollupAges();
        private int chunkSize = DEFAULT_CHUNK_SIZE;
        private Duration pauseBetweenChunks = DEFAULT_PAUSE;

        private Builder() {
        }

        /**
         * Deletes rows of this kind older than {@code age}.
         *
         * @param kind the kind of rows
         * @param age how long rows of this kind are kept; positive
         * @return this builder
         * @throws IllegalArgumentException naming {@code keep} and the kind when {@code age} is under 1 ms
         */
        public Builder keep(DataKind kind, Duration age) {
            Objects.requireNonNull(kind, "kind");
            maxAge.put(kind, Checks.positive("keep(" + kind + ", age)", age));
            return this;
        }

        /**
         * Deletes the rollup buckets of this tier that ended more than {@code age} ago; the tier's raw points follow
         * {@code keep(DataKind.METRICS, age)}. Unless set, {@link RollupTier#defaultMaxAge()}.
         *
         * @param tier the rollup tier; never null
         * @param age  how long its buckets are kept, at least 1 ms
         * @return this builder
         * @throws IllegalArgumentException naming {@code keep} and the tier when {@code age} is under 1 ms
         */
        public Builder keep(RollupTier tier, Duration age) {
            Objects.requireNonNull(tier, "tier");
            rollupMaxAge.put(tier, Checks.positive("keep(" + tier + ", age)", age));
            return this;
        }

        /**
         * Rows deleted per transaction.
         *
         * @param rows rows deleted per transaction
         * @return this builder
         */
        public Builder chunkSize(int rows) {
            this.chunkSize = rows;
            return this;
        }

        /**
         * The pause between chunks.
         *
         * @param pause the pause between chunks
         * @return this builder
         */
        public Builder pauseBetweenChunks(Duration pause) {
            this.pauseBetweenChunks = pause;
            return this;
        }

        /**
         * Builds a {@link RetentionPolicy} from this builder's settings.
         *
         * @return the new policy
         * @throws IllegalArgumentException naming the parameter out of range
         */
        public RetentionPolicy build() {
            return new RetentionPolicy(maxAge, rollupMaxAge, chunkSize, pauseBetweenChunks);
        }
    }
}
