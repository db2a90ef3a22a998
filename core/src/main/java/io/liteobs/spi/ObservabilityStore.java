package io.liteobs.spi;

import io.liteobs.DataKind;
import io.liteobs.NotificationAttempt;
import io.liteobs.RollupTier;
import java.time.Duration;
import java.util.List;

/**
 * A storage engine for LiteObs: the queries of {@link StoreReader}, and what the writer thread and retention need
 * to change the store. Implementations are thread-safe: the writer thread writes while any thread queries or
 * deletes. Every method throws {@link StoreException} on failure.
 *
 * <p>A store proves that it keeps this contract by passing the compatibility kit,
 * {@code io.liteobs.store.tck.StoreCompatibilityKit} in {@code io.liteobs:liteobs-store-tck}.
 */
public interface ObservabilityStore extends StoreReader {

    /**
     * Writes the whole batch in one transaction: all of it is committed, or none of it. A batch written again
     * after a failure stores each audit entry and event once (they are known by id).
     *
     * @param batch the entries; read-only, and not to be kept after this call returns: the writer reuses it
     * @throws StoreException with {@link StoreException.Kind#REJECTED_DATA} when an entry's content is refused,
     *                        {@link StoreException.Kind#UNAVAILABLE} when the store cannot write now
     */
    void write(WriteBatch batch);

    /**
     * Deletes at most {@code maxRows} of the oldest rows of one kind with a timestamp before the cutoff, in one
     * short transaction, so that writes are held up for one chunk at the most. {@link DataKind#METRICS} deletes
     * points only; their series stay described. {@link DataKind#ALERTS} covers alerting's tables together, at most
     * {@code maxRows} rows of all of them: alerts opened before the cutoff that are resolved or the library's own
     * (a rule's open alert is kept, whatever its age), delivery attempts before the cutoff, and the state of rules
     * not evaluated since the cutoff (rules no longer configured), an instance's only when it has no open alert, a
     * rule's latest evaluation only when none of its instances is left.
     *
     * @param kind the kind of rows, which names the table
     * @param cutoffMillis rows stamped before this epoch millisecond are deleted
     * @param maxRows the most rows to delete, at least 1
     * @return the rows deleted; fewer than {@code maxRows} means none are left before the cutoff
     * @throws IllegalArgumentException when {@code maxRows} is below 1
     */
    long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows);

    /**
     * Deletes at most {@code maxRows} of the oldest metric rollup buckets of one tier that start before the cutoff,
     * in one short transaction, as {@link #deleteOlderThan} deletes rows. A store without rollups has none: it
     * deletes nothing, which is what this default does.
     *
     * @param tier         the rollup tier; never null
     * @param cutoffMillis buckets that start before this, in epoch milliseconds, are deleted
     * @param maxRows      the most buckets to delete, at least 1
     * @return the buckets deleted; fewer than {@code maxRows} means none are left before the cutoff
     * @throws IllegalArgumentException when {@code maxRows} is below 1
     */
    default long deleteRollupsOlderThan(RollupTier tier, long cutoffMillis, int maxRows) {
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        return 0;
    }

    /**
     * Does one bounded step of work the store has left for later, such as rolling up the metric points of a file
     * written before it had rollups, in one short transaction; the writer thread calls it between batches, and again
     * while it returns true and nothing waits to be written. A store that leaves nothing for later does nothing,
     * which is what this default does.
     *
     * @return whether more work is left
     */
    default boolean catchUp() {
        return false;
    }

    /**
     * Does one bounded step of work that only makes reads faster, such as rolling up metric points that were stored
     * as they came while the writer was busy, in one short transaction; the writer thread calls it only while
     * nothing waits to be written, again while it returns true, but not once its next batch is due. Work
     * a store must do to keep its answers complete belongs in {@link #catchUp()}, which runs under load too. A store
     * without such work does nothing, which is what this default does.
     *
     * @return whether more work is left
     */
    default boolean workWhileIdle() {
        return false;
    }

    /** Returns the space freed by deletes to the file system where the engine needs that done explicitly. */
    void compact();

    /**
     * Takes or renews a lease: granted when no one holds it, when its holder let it expire, or when {@code holder}
     * holds it already; it then runs until {@code nowMillis + duration}. Several processes sharing a store elect one
     * alert evaluator this way; another takes over once the holder stops renewing.
     *
     * @param lease the holder asking, and the lease's name
     * @param nowMillis the caller's time, epoch milliseconds
     * @param duration  how long the lease runs, at least a millisecond
     * @return whether {@code holder} holds the lease now
     */
    boolean tryLease(AlertEvaluation.Lease lease, long nowMillis, Duration duration);

    /**
     * Gives up the lease if {@code lease.holder()} holds it, so that another holder need not wait for it to expire.
     *
     * @param lease the holder giving it up, and the lease's name
     */
    void releaseLease(AlertEvaluation.Lease lease);

    /**
     * The stored state of a rule: its latest evaluation and its instances; empty for a rule never evaluated.
     *
     * @param ruleId the rule's id
     * @return the stored state of a rule
     */
    AlertRuleState loadAlertState(String ruleId);

    /**
     * Writes evaluations of rules in one transaction: for each, the instances' state, the rule's latest evaluation,
     * its alerts (by id: inserted, or replacing the stored row) and its queued notifications. When an evaluation names a lease, nothing at
     * all is written unless its holder holds it, unexpired at the evaluation's time.
     *
     * @param evaluations the evaluations of one round, one per rule
     * @return false when a lease was lost, and nothing was written
     */
    boolean commitAlertEvaluations(List<AlertEvaluation> evaluations);

    /**
     * Stores attempts at delivering notifications, in one transaction.
     *
     * @param attempts the attempts to store
     */
    void recordNotificationAttempts(List<NotificationAttempt> attempts);
}
