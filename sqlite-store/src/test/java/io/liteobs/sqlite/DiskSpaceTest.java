package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.spi.StoreException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-disk rules of {@link DiskSpace} on a disk whose free space the test sets: the reserve, low-space mode and
 * held-back writes. A really full disk is filled in the reliability suite; this covers each threshold exactly.
 */
class DiskSpaceTest {

    private static final long MIB = 1024 * 1024;
    private static final long RESERVE = MIB;
    private static final long WAL = 4 * MIB;
    /** The log between two checkpoints plus twice the reserve. */
    private static final long LOW_SPACE = WAL + 2 * RESERVE;

    @TempDir
    Path dir;

    private final AtomicLong free = new AtomicLong(100 * MIB);
    private final AtomicLong nanoTime = new AtomicLong();

    private DiskSpace diskSpace() {
        return new DiskSpace(dir.resolve("obs.db"), fileBytes -> RESERVE, WAL, free::get, nanoTime::get);
    }

    private Path reserve() {
        return dir.resolve("obs.db-reserve");
    }

    @Test
    void reserve_isMadeOnlyWithTwiceItsSizeFree() throws Exception {
        DiskSpace space = diskSpace();
        free.set(2 * RESERVE - 1);
        space.ensureReserve();
        assertFalse(Files.exists(reserve()));

        free.set(2 * RESERVE);
        space.ensureReserve();
        assertEquals(RESERVE, Files.size(reserve()));
    }

    @Test
    void retentionOnAFullDisk_releasesTheReserve_andGoesLow() {
        DiskSpace space = diskSpace();
        space.ensureReserve();
        assertTrue(Files.exists(reserve()));
        assertFalse(space.low());

        space.releaseForRetention();

        assertFalse(Files.exists(reserve()));
        assertTrue(space.low());
    }

    @Test
    void afterAFullDisk_writesWait_untilThereIsRoomForTheReserve() {
        DiskSpace space = diskSpace();
        StoreException failure = new StoreException(StoreException.Kind.UNAVAILABLE, "disk full", null);
        free.set(0);
        space.full(failure);

        assertTrue(space.wasFull());
        assertTrue(space.low());
        assertSame(failure, space.writesMustWait(), "a write would only grow the log");
        free.set(RESERVE);
        assertNull(space.writesMustWait(), "room for the reserve: writes are tried again");
        assertTrue(space.wasFull(), "until one commits");
    }

    @Test
    void lowSpaceMode_startsBelowItsBound_andEndsOneReserveAbove() throws Exception {
        free.set(LOW_SPACE - 1);
        DiskSpace space = diskSpace();
        assertTrue(space.low(), "already low when opened");

        free.set(LOW_SPACE + RESERVE - 1);
        assertTrue(afterNextCheck(space), "still low: not yet a reserve above the bound");

        free.set(LOW_SPACE + RESERVE);
        assertFalse(afterNextCheck(space));

        free.set(LOW_SPACE - 1);
        assertTrue(afterNextCheck(space), "low again below the bound");
    }

    @Test
    void aCommit_endsTheFullState_andMakesAMissingReserve() throws Exception {
        DiskSpace space = diskSpace();
        space.full(new StoreException(StoreException.Kind.UNAVAILABLE, "disk full", null));

        afterNextCheck(space);

        assertFalse(space.wasFull());
        assertEquals(RESERVE, Files.size(reserve()));
    }

    @Test
    void defaultReserve_isAnEighthOfTheFile_from1To8MiB() {
        assertEquals(MIB, DiskSpace.sizedToFile(0));
        assertEquals(MIB, DiskSpace.sizedToFile(4 * MIB), "a demo's 4 MiB file");
        assertEquals(2 * MIB, DiskSpace.sizedToFile(16 * MIB));
        assertEquals(8 * MIB, DiskSpace.sizedToFile(64 * MIB));
        assertEquals(8 * MIB, DiskSpace.sizedToFile(1L << 40));
    }

    @Test
    void defaultReserve_growsWithTheFile_underTheSameRule() throws Exception {
        Path file = dir.resolve("obs.db");
        DiskSpace space = new DiskSpace(file, DiskSpace::sizedToFile, WAL, free::get, nanoTime::get);
        space.ensureReserve();
        assertEquals(MIB, Files.size(reserve()), "no file yet: the smallest reserve");

        try (RandomAccessFile grown = new RandomAccessFile(file.toFile(), "rw")) {
            grown.setLength(32 * MIB);
        }
        free.set(8 * MIB - 1);
        space.ensureReserve();
        assertEquals(MIB, Files.size(reserve()), "grown only with twice its new size free");
        free.set(8 * MIB);
        space.ensureReserve();
        assertEquals(4 * MIB, Files.size(reserve()));
    }

    /** Commits once the 100 ms between two looks at the disk have passed, so that this commit looks. */
    private boolean afterNextCheck(DiskSpace space) {
        nanoTime.addAndGet(TimeUnit.MILLISECONDS.toNanos(100));
        return space.afterCommit();
    }
}
