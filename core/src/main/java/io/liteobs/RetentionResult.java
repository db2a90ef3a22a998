package io.liteobs;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/**
 * What one retention run deleted.
 *
 * @param startedAt  when the run began
 * @param took       how long it ran
 * @param deleted        rows deleted per kind, for every kind the policy names
 * @param rollupsDeleted metric rollup buckets deleted per tier, for every tier the policy names
 * @param completed      false when the run stopped early because retention was closed
 */
public record RetentionResult(Instant startedAt, Duration took, Map<DataKind, Long> deleted,
                              Map<RollupTier, Long> rollupsDeleted, boolean completed) {

    /**
     * Copies the counts into an unmodifiable map.
     *
     * @param startedAt when the run began
     * @param took how long it ran
     * @param deleted rows deleted per kind, for every kind the policy names
     * @param rollupsDeleted metric rollup buckets deleted per tier, for every tier the policy names
     * @param completed false when the run stopped early because retention was closed
     */
    public RetentionResult {
        deleted = Collections.unmodifiableMap(deleted.isEmpty() ? new EnumMap<>(DataKind.class)
                : new EnumMap<>(deleted));
        rollupsDeleted = Collections.unmodifiableMap(rollupsDeleted.isEmpty() ? new EnumMap<>(RollupTier.class)
                : new EnumMap<>(rollupsDeleted));
    }

    /**
     * A run that deleted no rollup buckets.
     *
     * @param startedAt when the run began
     * @param took      how long it ran
     * @param deleted   rows deleted per kind, for every kind the policy names
     * @param completed false when the run stopped early because retention was closed
     */
    public RetentionResult(Instant startedAt, Duration took, Map<DataKind, Long> deleted, boolean completed) {
        this(startedAt, took, deleted, Map.of(), completed);
    }

    /**
     * Rows deleted over every kind.
     *
     * @return rows deleted over every kind
     */
    public long totalDeleted() {
        return deleted.values().stream().mapToLong(Long::longValue).sum();
    }
}
