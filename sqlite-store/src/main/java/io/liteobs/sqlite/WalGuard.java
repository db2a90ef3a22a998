package io.liteobs.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the write-ahead log near its size limit while other connections keep reading. SQLite starts the log over
 * only at a moment when no connection reads from it, and cuts it back to {@code journal_size_limit} then; readers
 * that come and go (an operator's dashboard, another process's queries) can leave no such moment, and the log grows
 * with every commit: measured, four writing processes and a reader holding 50 ms snapshots 70% of the time grew it
 * to 350 MB in four seconds. After a commit that leaves the log above the limit, the guard runs a {@code RESTART}
 * checkpoint, which waits at most {@link WriteConnection#CHECKPOINT_WAIT} for the readers of the moment to finish (new readers meanwhile
 * read from the database file), so that the next commit starts the log over. A reader that holds its transaction
 * longer makes the attempt fail: the log cannot shrink past it, the guard tries again less and less often, up to
 * every {@link #MAX_BACKOFF}, and warns at most every ten minutes.
 *
 * <p>Not thread-safe: used only under the store's write lock, right after its commits (several threads may write
 * through one store).
 */
final class WalGuard {

    /** The longest pause between attempts while readers keep the log from shrinking. */
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private static final Logger log = LoggerFactory.getLogger(WalGuard.class);
    private static final long MIN_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Path wal;
    private final long limitBytes;
    private long nextAttemptNanos = System.nanoTime();
    private long backoffNanos = MIN_BACKOFF_NANOS;
    private long nextWarningNanos = System.nanoTime();

    /**
     * @param file       the database file; its log is the file with {@code -wal} appended
     * @param limitBytes the size the log is cut back to
     */
    WalGuard(Path file, long limitBytes) {
        this.wal = file.resolveSibling(file.getFileName() + "-wal");
        this.limitBytes = limitBytes;
    }

    /** Checkpoints the log when it has grown past the limit and the last attempt is long enough ago. */
    void afterCommit(WriteConnection writer) {
        long now = System.nanoTime();
        if (now - nextAttemptNanos < 0) {
            return;
        }
        long size = walSize();
        if (size <= limitBytes) {
            backoffNanos = MIN_BACKOFF_NANOS;
            nextAttemptNanos = now + MIN_BACKOFF_NANOS;
            return;
        }
        boolean restarted = writer.checkpointQuietly(WriteConnection.Checkpoint.RESTART);
        backoffNanos = restarted ? MIN_BACKOFF_NANOS : Math.min(backoffNanos * 2, MAX_BACKOFF.toNanos());
        nextAttemptNanos = System.nanoTime() + backoffNanos;
        if (!restarted && now - nextWarningNanos >= 0) {
            nextWarningNanos = now + WARNING_INTERVAL_NANOS;
            log.warn("LiteObs store {}: the write-ahead log has grown to {} MiB, past its limit of {} MiB, because"
                    + " another connection has held a read transaction open for more than {} ms; it is cut back"
                    + " once that reader finishes", wal, size >> 20, limitBytes >> 20,
                    WriteConnection.CHECKPOINT_WAIT.toMillis());
        }
    }

    private long walSize() {
        try {
            return Files.size(wal);
        } catch (IOException e) {
            return 0;
        }
    }
}
