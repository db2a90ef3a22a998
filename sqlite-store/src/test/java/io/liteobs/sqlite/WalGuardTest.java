package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.sqlite.WriteConnection.CheckpointResult;
import org.junit.jupiter.api.Test;

/** The WAL guard's warning names what held its checkpoint up, as {@code PRAGMA wal_checkpoint} reports it. */
class WalGuardTest {

    @Test
    void framesLeftUncopied_areBlamedOnATransactionOnAnOlderSnapshot() {
        String cause = WalGuard.heldUpBy(new CheckpointResult(true, 900, 300));

        assertTrue(cause.contains("still reads an older snapshot"), cause);
        assertTrue(cause.contains("300 of 900 frames"), cause);
    }

    @Test
    void everyFrameCopiedButBusy_isBlamedOnConnectionsUsingTheNewestFrames_notOnALongReader() {
        String cause = WalGuard.heldUpBy(new CheckpointResult(true, 900, 900));

        assertTrue(cause.contains("other processes writing the file"), cause);
        assertTrue(!cause.contains("older snapshot"), cause);
    }

    @Test
    void aCheckpointThatCouldNotRun_saysSo() {
        String cause = WalGuard.heldUpBy(CheckpointResult.FAILED);

        assertTrue(cause.contains("could not run"), cause);
    }
}
