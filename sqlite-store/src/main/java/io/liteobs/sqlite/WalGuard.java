package io.liteobs.sqlite;

import io.liteobs.sqlite.WriteConnection.Checkpoint;
import io.liteobs.sqlite.WriteConnection.CheckpointResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the write-ahead log near its size limit while other connections keep reading. SQLite starts the log over
 * only at a moment when no connection reads from it, and cuts it back to {@code journal_size_limit} then; readers
 * that come and go (an operator's dashboard, another process's queries) can leave no such moment, and the log grows
 * with every commit: measured, four writing processes and a reader holding 50 ms snapshots 70% of the time grew it
 * to 350 MB in four seconds. After a commit that leaves the log above the limit, the guard runs a {@code RESTART}
 * checkpoint, which waits at most {@link WriteConnection#CHECKPOINT_WAIT} for the readers of the moment to finish
 * (new readers meanwhile read from the database file), so that the next commit starts the log over.
 *
 * <p>When other connections hold that checkpoint up, the guard does not wait for them again at every commit, which
 * would stall this store's writes, but as soon as what held it up is gone: a transaction on an older snapshot (a
 * long read) holds every checkpoint back until it ends, and a {@code PASSIVE} checkpoint after each commit, which
 * never waits, tells the moment it has; other connections using the log's newest frames (writers of other
 * processes, readers that follow one another) are waited for again each time the log has grown by another
 * eighth of the limit (at least {@link #MIN_RETRY_GROWTH_BYTES}), so that they hold this store's writes up for one
 * wait per eighth at most. Sizes, not pauses, decide: a long reader that leaves has the log back at its limit
 * within two commits, however long it stayed. A warning, at most every ten minutes, names what held the log up.
 *
 * <p>Not thread-safe: used only under the store's write lock, right after its commits (several threads may write
 * through one store).
 */
final class WalGuard {

    /** The least the log grows between two checkpoints that wait for other connections, whatever the limit. */
    static final long MIN_RETRY_GROWTH_BYTES = 1 << 20;

    private static final Logger log = LoggerFactory.getLogger(WalGuard.class);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Path wal;
    private final long limitBytes;
    /** How much the log grows past the last held-up checkpoint before the next one waits for others again. */
    private final long retryGrowthBytes;
    /** The last checkpoint that other connections held up; null once one completes or the log is within limit. */
    private @Nullable CheckpointResult heldUp;
    private long sizeAtLastAttempt;
    private long nextWarningNanos = System.nanoTime();

    /**
     * @param file       the database file; its log is the file with {@code -wal} appended
     * @param limitBytes the size the log is cut back to
     */
    WalGuard(Path file, long limitBytes) {
        this.wal = file.resolveSibling(file.getFileName() + "-wal");
        this.limitBytes = limitBytes;
        this.retryGrowthBytes = Math.max(limitBytes / 8, MIN_RETRY_GROWTH_BYTES);
    }

    /** Checkpoints the log when it has grown past the limit, unless the connections that held it up still do. */
    void afterCommit(WriteConnection writer) {
        long size = walSize();
        // below the least growth, a checkpoint after every commit of a tiny limit would cost more than it saves
        if (size <= Math.max(limitBytes, MIN_RETRY_GROWTH_BYTES)) {
            heldUp = null;
            return;
        }
        CheckpointResult last = heldUp;
        if (last != null && !dueAgain(writer, size, last)) {
            return;
        }
        sizeAtLastAttempt = size;
        CheckpointResult restart = writer.checkpointQuietly(Checkpoint.RESTART);
        heldUp = restart.completed() ? null : restart;
        long now = System.nanoTime();
        if (heldUp != null && now - nextWarningNanos >= 0) {
            nextWarningNanos = now + WARNING_INTERVAL_NANOS;
            log.warn("LiteObs store {}: the write-ahead log has grown to {} MiB, past its limit of {} MiB, because {};"
                    + " it is cut back once they are done", wal, size >> 20, limitBytes >> 20, heldUpBy(restart));
        }
    }

    /**
     * Whether to wait for the other connections again: when the older snapshot that held the last checkpoint up is
     * gone, or when the log has grown by another step since.
     */
    private boolean dueAgain(WriteConnection writer, long size, CheckpointResult last) {
        if (size - sizeAtLastAttempt >= retryGrowthBytes) {
            return true;
        }
        return last.heldByAnOlderSnapshot()
                && !writer.checkpointQuietly(Checkpoint.PASSIVE).heldByAnOlderSnapshot();
    }

    /** What held a checkpoint up, for the warning. */
    static String heldUpBy(CheckpointResult result) {
        if (result.heldByAnOlderSnapshot()) {
            return "a transaction on another connection still reads an older snapshot (a long read, such as an open"
                    + " read transaction or result set, or a long write of another process): " + result
                    .checkpointedFrames() + " of " + result.logFrames() + " frames could be copied to the database";
        }
        if (result.logFrames() < 0) {
            return "the checkpoint could not run: another connection was checkpointing the log or writing for all of"
                    + " the " + WriteConnection.CHECKPOINT_WAIT.toMillis() + " ms it waited";
        }
        return "other connections kept using its newest frames for all of the "
                + WriteConnection.CHECKPOINT_WAIT.toMillis() + " ms the checkpoint waited (other processes writing"
                + " the file, or reads that follow one another without a pause); every frame is copied to the"
                + " database, and the store tries again as the log grows";
    }

    private long walSize() {
        try {
            return Files.size(wal);
        } catch (IOException e) {
            return 0;
        }
    }
}
