package io.liteobs.postgres;

import io.liteobs.spi.WriteBatch;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * Makes a batch that is written again after a failure land once, points and heartbeats included, which have no key
 * of their own to conflict on. A store writes under a writer id made when it opens (a row of
 * {@code _observability_writers}) and numbers its batches 1, 2, ...; the first statement of a batch's transaction
 * moves the row's {@code last_batch} up to the batch's number, and changes nothing when the row already holds it. So
 * a batch whose commit was lost on the way back — stored, but the store cannot know — is found stored when it is
 * written again, and its transaction writes nothing more.
 *
 * <p>That statement also locks the row until the transaction ends. A retry therefore waits for a transaction of the
 * same writer that the server is still committing, and then sees its outcome; it waits at most
 * {@link #RETRY_LOCK_TIMEOUT}, after which the write fails as unavailable and is tried again later.
 *
 * <p>A write that failed keeps its number for the same batch written again: core's writer hands the store the same
 * entries until they are stored, which the ledger recognises by their content. Used only under the store's write
 * lock.
 */
final class WriteLedger {

    /** How many failed batches are remembered for a retry; the oldest is forgotten first. */
    static final int REMEMBERED_FAILURES = 8;

    /**
     * How long a retry waits for an earlier attempt's transaction to end: a connection cut off without the server
     * noticing holds its locks until the server's TCP keepalive ends it.
     */
    static final String RETRY_LOCK_TIMEOUT = "10s";

    /**
     * A writer's row older than this and than the retention cutoff is deleted, unless it is its source's newest:
     * a retry comes within seconds, a week covers any outage a store waits out.
     */
    static final long KEPT_IDLE_MILLIS = 7L * 24 * 60 * 60 * 1000;

    private static final String CLAIM = """
            INSERT INTO _observability_writers AS w (writer_id, source_id, last_batch, last_write) VALUES (?, ?, ?, ?)
            ON CONFLICT (writer_id) DO UPDATE SET last_batch = excluded.last_batch, last_write = excluded.last_write
            WHERE w.last_batch < excluded.last_batch""";

    /** Rows another instance's retention is deleting, or a writer is moving, are skipped, not waited for. */
    private static final String DELETE_IDLE = """
            DELETE FROM _observability_writers WHERE writer_id = ANY(ARRAY(
                SELECT w.writer_id FROM _observability_writers w
                WHERE w.last_write < least(?, (extract(epoch FROM now()) * 1000)::bigint - ?)
                  AND EXISTS (SELECT 1 FROM _observability_writers newer
                              WHERE newer.source_id = w.source_id AND newer.last_write > w.last_write)
                FOR UPDATE SKIP LOCKED))""";

    /** What recognises a batch handed over again: its size and a hash of its entries. */
    private record Fingerprint(int size, int contentHash) {

        static Fingerprint of(WriteBatch batch) {
            return new Fingerprint(batch.size(), Objects.hash(batch.audit(), batch.metrics(), batch.descriptions(),
                    batch.events(), batch.heartbeats(), batch.alerts(), batch.httpRequests()));
        }
    }

    private final UUID writerId = UUID.randomUUID();
    private final int sourceId;
    private long lastNumber;
    /** The numbers of batches whose write failed, whose commit may yet have happened. */
    private final Map<Fingerprint, Long> failed = new LinkedHashMap<>(16, 0.75f, false) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<Fingerprint, Long> eldest) {
            return size() > REMEMBERED_FAILURES;
        }
    };

    WriteLedger(int sourceId) {
        this.sourceId = sourceId;
    }

    /** The writer id of this store, in {@code _observability_writers}. */
    UUID writerId() {
        return writerId;
    }

    /**
     * The number of a batch about to be written: that of its earlier attempt when its write failed before, else the
     * next one.
     */
    Numbered number(WriteBatch batch) {
        if (!failed.isEmpty()) {
            Long earlier = failed.remove(Fingerprint.of(batch));
            if (earlier != null) {
                return new Numbered(earlier, true);
            }
        }
        return new Numbered(++lastNumber, false);
    }

    /** Remembers the number of a batch whose write failed with an outcome that may be unknown. */
    void failed(WriteBatch batch, Numbered numbered) {
        failed.put(Fingerprint.of(batch), numbered.number());
    }

    /**
     * A batch's number, and whether an earlier attempt at it may have committed.
     *
     * @param number  the batch's number for this writer
     * @param retried true when the batch was written before
     */
    record Numbered(long number, boolean retried) {
    }

    /**
     * Claims the batch's number in the transaction on the connection, which must be the transaction's first
     * statement to lock the writer's row.
     *
     * @param retried true when an earlier attempt may still hold the writer's row
     * @return true when the batch is to be written; false when an earlier attempt stored it
     */
    boolean claim(Connection connection, long number, boolean retried) throws SQLException {
        if (retried) {
            try (Statement timeout = connection.createStatement()) {
                timeout.execute("SET LOCAL lock_timeout = '" + RETRY_LOCK_TIMEOUT + "'");
            }
        }
        try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
            claim.setObject(1, writerId);
            claim.setInt(2, sourceId);
            claim.setLong(3, number);
            claim.setLong(4, System.currentTimeMillis());
            return claim.executeUpdate() == 1;
        }
    }

    /**
     * Deletes the rows of writers idle since before the cutoff and for more than {@link #KEPT_IDLE_MILLIS}, except
     * each source's newest, which says when the source last wrote.
     *
     * @return the rows deleted
     */
    static int deleteIdle(Connection connection, long cutoffMillis) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(DELETE_IDLE)) {
            delete.setLong(1, cutoffMillis);
            delete.setLong(2, KEPT_IDLE_MILLIS);
            return delete.executeUpdate();
        }
    }
}
