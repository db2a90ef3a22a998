package io.liteobs.sqlite;

import io.liteobs.spi.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What every failed change of the file (a write, a delete, a checkpoint) goes through. A damaged file is not
 * changed again: later writes, deletes and compactions fail at once with the same exception. A full disk puts the
 * store in low-space mode, checkpoints the log, and holds writes back until there is room again (see
 * {@link DiskSpace}). A read-only file that is writable again has every connection of the store opened anew: the
 * writing one reconnects by itself, the reading ones go with it, since SQLite keeps a read-only view of the file's
 * {@code -shm} index for all of a process's connections until the last one closes.
 *
 * <p>Thread-safe: writers, retention and {@code compact()} report their failures from their own threads.
 */
final class ChangeGuard {

    private static final Logger log = LoggerFactory.getLogger(ChangeGuard.class);

    private final Path file;
    private final WriteConnection writer;
    private final DiskSpace diskSpace;
    private final ReadPool readers;
    /** Whether the reading connections were opened anew since a write last found the file itself read-only. */
    private final AtomicBoolean readersReopened = new AtomicBoolean();
    /** Set once a write, delete or checkpoint finds the file damaged: the store does not change it again. */
    private volatile @Nullable StoreException damaged;

    ChangeGuard(Path file, WriteConnection writer, DiskSpace diskSpace, ReadPool readers) {
        this.file = file;
        this.writer = writer;
        this.diskSpace = diskSpace;
        this.readers = readers;
    }

    /** Throws the failure that found the file damaged, if one did: nothing changes the file after that. */
    void refuseIfDamaged() {
        StoreException damage = damaged;
        if (damage != null) {
            throw damage;
        }
    }

    /**
     * Takes note of a failed change: a damaged file is refused from now on; a full disk makes the store low on
     * space and checkpoints the log; a read-only file that is writable again has the reading connections opened
     * anew, before the writing connection reconnects at the next write.
     *
     * @return {@code e}, to be thrown
     */
    StoreException failed(StoreException e) {
        if (SqlErrors.isDamaged(e)) {
            if (damaged == null) {
                damaged = e;
                log.error("LiteObs store {}: {}", file, e.getMessage());
            }
        } else if (SqlErrors.isFull(e)) {
            diskSpace.full(e);
            writer.checkpointQuietly(WriteConnection.Checkpoint.RESTART);
        } else if (SqlErrors.isReadOnly(e)) {
            reopenReadersOnceWritable();
        }
        return e;
    }

    /**
     * Opens the reading connections anew the first time a write fails as read-only while the file is writable: once
     * is enough for SQLite to open the {@code -shm} index again as it is now; when writes still fail, something else
     * (a {@code -wal} or {@code -shm} file of another owner) is read-only, and opening them again would not help.
     */
    private void reopenReadersOnceWritable() {
        if (!Files.isWritable(file)) {
            readersReopened.set(false);
        } else if (readersReopened.compareAndSet(false, true)) {
            try {
                readers.reopen();
            } catch (StoreException reopening) {
                log.warn("LiteObs store {}: {}", file, reopening.getMessage());
            }
        }
    }
}
