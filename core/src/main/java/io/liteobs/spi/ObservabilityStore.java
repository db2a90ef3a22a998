package io.liteobs.spi;

import io.liteobs.DataKind;

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
     * points only; their series stay described.
     *
     * @param maxRows the most rows to delete, at least 1
     * @return the rows deleted; fewer than {@code maxRows} means none are left before the cutoff
     * @throws IllegalArgumentException when {@code maxRows} is below 1
     */
    long deleteOlderThan(DataKind kind, long cutoffMillis, int maxRows);

    /** Returns the space freed by deletes to the file system where the engine needs that done explicitly. */
    void compact();
}
