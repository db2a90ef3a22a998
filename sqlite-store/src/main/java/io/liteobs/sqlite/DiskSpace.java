package io.liteobs.sqlite;

import io.liteobs.spi.StoreException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.LongUnaryOperator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the store does about a full disk. SQLite needs room in the write-ahead log for every change, deletes
 * included, and a checkpoint needs room in the database file for the pages the log added; so on a disk that is full
 * to the last byte even retention cannot free anything. Three measures keep that from happening:
 *
 * <ul>
 *   <li>A reserve: a file of zeros beside the database ({@code <file>-reserve}, owner-only), made whenever it is
 *       missing and the free space is at least twice its size ({@link #hasRoomForReserve}), and deleted when
 *       retention meets a full disk, so that it has room to delete and to checkpoint what the last write
 *       added.</li>
 *   <li>Low-space mode, entered when the free space falls below what the log may hold between two automatic
 *       checkpoints plus twice the reserve, or on {@code SQLITE_FULL}: the log is checkpointed after every commit
 *       (passively: a commit never waits for readers), so that it is reused from its start instead of growing, and
 *       so that the disk never fills up behind a log full of pages the database file has no room for. Retention
 *       then deletes in chunks of {@value #LOW_SPACE_CHUNK} rows, each checkpointed.</li>
 *   <li>After {@code SQLITE_FULL}, writes are not even tried until the disk has room for the reserve again: a
 *       write that fails still grows the log, and would take the room retention needs.</li>
 * </ul>
 *
 * <p>The reserve is made on opening, after commits (looking at most every 100 ms) and by {@code compact()}, each
 * time under the one rule above. Low-space mode ends once the free space is one reserve above its bound again.
 * The reserve must hold what one write batch adds to the file and a few hundred deleted rows. Unless the store was
 * given a size, it is sized to the database file ({@link #sizedToFile}): a small file has only ever taken small
 * batches, and a demo's file of a few MiB gets no larger reserve than it needs; as the file grows, the reserve is
 * made larger, under the same rule, up to 8 MiB, which covers batches of tens of thousands of typical entries.
 *
 * <p>Thread-safe: writers (after their commits, under the store's write lock), retention and {@code compact()} call
 * it from their own threads. It never takes the write lock itself; the checkpoints it asks for, the store runs.
 */
final class DiskSpace {

    /** The most rows a retention transaction deletes while space is low: small enough for a small reserve. */
    static final int LOW_SPACE_CHUNK = 256;

    private static final Logger log = LoggerFactory.getLogger(DiskSpace.class);
    private static final long SPACE_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final int WRITE_CHUNK = 64 * 1024;
    /** The least free space worth trying a write in, after a full disk, when there is no reserve. */
    private static final long MIN_ROOM_BYTES = 256 * 1024;
    /**
     * The smallest reserve sized to the file: what the full-disk tests prove on a real full disk with default
     * batches.
     */
    static final long MIN_SIZED_RESERVE = 1L << 20;
    /** The largest reserve sized to the file, reached by a 64 MiB database file. */
    static final long MAX_SIZED_RESERVE = 8L << 20;

    private final Path file;
    private final Path reserve;
    private final LongSupplier freeSpace;
    /** The reserve's size for a database file of the given size. */
    private final LongUnaryOperator reserveForFile;
    private final long walBytes;
    /** Guarded by this. */
    private boolean low;
    /** The failure of the latest write that met a full disk, until a write commits; null for none. Guarded by this. */
    private @Nullable StoreException full;
    private final LongSupplier nanoTime;
    /** Guarded by this. */
    private long nextSpaceCheckNanos;

    /**
     * @param file           the database file
     * @param reserveForFile the size of the reserve for the database file's size: {@link #sizedToFile}, or a
     *                       constant; 0 for none
     * @param walBytes       how large the log grows between two automatic checkpoints
     */
    DiskSpace(Path file, LongUnaryOperator reserveForFile, long walBytes) {
        this(file, reserveForFile, walBytes, () -> usableSpace(file), System::nanoTime);
    }

    /**
     * As above, with the free space read from {@code freeSpace} and monotonic time from {@code nanoTime}: tests play
     * a disk filling up and emptying, and move time past the pause between two looks at the disk.
     */
    DiskSpace(Path file, LongUnaryOperator reserveForFile, long walBytes, LongSupplier freeSpace,
              LongSupplier nanoTime) {
        this.file = file;
        this.reserve = file.resolveSibling(file.getFileName() + "-reserve");
        this.freeSpace = freeSpace;
        this.nanoTime = nanoTime;
        this.nextSpaceCheckNanos = nanoTime.getAsLong();
        this.reserveForFile = reserveForFile;
        this.walBytes = walBytes;
        this.low = usableSpace() < lowSpaceBytes(reserveBytes());
    }

    /**
     * The default size of the reserve: an eighth of the database file, at least {@value #MIN_SIZED_RESERVE} bytes
     * (1 MiB, up to a file of 8 MiB) and at most {@value #MAX_SIZED_RESERVE} (8 MiB, from a file of 64 MiB on).
     */
    static long sizedToFile(long fileBytes) {
        return Math.min(MAX_SIZED_RESERVE, Math.max(MIN_SIZED_RESERVE, fileBytes / 8));
    }

    /** The size the reserve has to have now, for the database file as large as it is now. */
    private long reserveBytes() {
        long fileBytes;
        try {
            fileBytes = Files.size(file);
        } catch (IOException e) {
            fileBytes = 0;
        }
        return reserveForFile.applyAsLong(fileBytes);
    }

    /** Below this much free space, the log is checkpointed after every commit. */
    private long lowSpaceBytes(long reserveBytes) {
        return walBytes + 2 * reserveBytes;
    }

    /** The space unprivileged writes may use on the file's disk; unlimited when the file system cannot say. */
    private static long usableSpace(Path file) {
        try {
            return Files.getFileStore(file.toAbsolutePath().getParent()).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return Long.MAX_VALUE;
        }
    }

    private long usableSpace() {
        return freeSpace.getAsLong();
    }

    /** Whether the store is in low-space mode. */
    synchronized boolean low() {
        return low;
    }

    /**
     * The one rule for making the reserve: the free space is at least twice its size, so that making it leaves as
     * much free again.
     */
    private static boolean hasRoomForReserve(long usable, long reserveBytes) {
        return usable >= 2 * reserveBytes;
    }

    /**
     * Makes the reserve if it is missing or smaller than the file now needs, and {@link #hasRoomForReserve there is
     * room for it}; never throws. A reserve larger than needed is left as it is.
     */
    synchronized void ensureReserve() {
        long reserveBytes = reserveBytes();
        if (reserveBytes == 0) {
            return;
        }
        try {
            if (Files.exists(reserve) && Files.size(reserve) >= reserveBytes) {
                return;
            }
            if (!hasRoomForReserve(usableSpace(), reserveBytes)) {
                return;
            }
            Files.deleteIfExists(reserve);
            boolean posix = Files.getFileStore(reserve.getParent()).supportsFileAttributeView(
                    PosixFileAttributeView.class);
            if (posix) {
                Files.createFile(reserve, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(reserve);
            }
            // Written through the page cache and synced once: the zeros must be on disk, not each chunk at once.
            ByteBuffer zeros = ByteBuffer.allocate(WRITE_CHUNK);
            try (FileChannel out = FileChannel.open(reserve, StandardOpenOption.WRITE)) {
                for (long written = 0; written < reserveBytes; ) {
                    zeros.clear().limit((int) Math.min(WRITE_CHUNK, reserveBytes - written));
                    written += out.write(zeros);
                }
                out.force(true);
            }
        } catch (FileAlreadyExistsException e) {
            // another store on the same file made it first
        } catch (IOException | RuntimeException e) {
            log.debug("LiteObs could not make the disk reserve {}: {}", reserve, e.toString());
            try {
                Files.deleteIfExists(reserve);
            } catch (IOException ignored) {
                // nothing more to do: the reserve is best effort
            }
        }
    }

    /**
     * A write met a full disk: go low on space, and hold writes back until there is room.
     *
     * @param failure the write's failure, which held-back writes throw
     */
    synchronized void full(StoreException failure) {
        if (full == null) {
            log.warn("LiteObs store {}: the disk is full; writes wait for room, retention can still delete",
                    reserve.getParent());
        }
        full = failure;
        low = true;
    }

    /** Whether a write met a full disk, and none has committed since. */
    synchronized boolean wasFull() {
        return full != null;
    }

    /**
     * Whether writes are held back: a write met a full disk and the disk has no room for the reserve yet.
     *
     * @return the failure of that write, to be thrown at once; null when writes may be tried
     */
    synchronized @Nullable StoreException writesMustWait() {
        if (full != null && usableSpace() < Math.max(reserveBytes(), MIN_ROOM_BYTES)) {
            return full;
        }
        return null;
    }

    /** Retention met a full disk: hand the reserve back to the file system, so that it has room to delete. */
    synchronized void releaseForRetention() {
        low = true;
        try {
            long released = Files.exists(reserve) ? Files.size(reserve) : 0;
            if (Files.deleteIfExists(reserve)) {
                log.warn("LiteObs store {}: released the {} KiB disk reserve so that retention can delete",
                        reserve.getParent(), released >> 10);
            }
        } catch (IOException e) {
            log.debug("LiteObs could not delete the disk reserve {}: {}", reserve, e.toString());
        }
    }

    /**
     * After a commit: at most every 100 ms, compares the free space with the low-space bound (entering or, with a
     * margin of one reserve, leaving low-space mode), and makes the reserve if it is missing and there is room.
     *
     * @return whether space is low: the caller then checkpoints the log (passively), so that the next transaction
     *         reuses it from its start
     */
    synchronized boolean afterCommit() {
        full = null;
        long now = nanoTime.getAsLong();
        if (now - nextSpaceCheckNanos >= 0) {
            nextSpaceCheckNanos = now + SPACE_CHECK_NANOS;
            long usable = usableSpace();
            long reserveBytes = reserveBytes();
            long lowSpaceBytes = lowSpaceBytes(reserveBytes);
            if (!low && usable < lowSpaceBytes) {
                low = true;
                log.info("LiteObs store {}: {} MiB left on the disk; checkpointing after every commit until there is"
                        + " more room", reserve.getParent(), usable >> 20);
            } else if (low && usable >= lowSpaceBytes + reserveBytes) {
                low = false;
                log.info("LiteObs store {}: there is room on the disk again", reserve.getParent());
            }
            ensureReserve();
        }
        return low;
    }
}
