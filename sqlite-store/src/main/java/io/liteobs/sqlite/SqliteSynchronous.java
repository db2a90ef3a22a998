package io.liteobs.sqlite;

import org.sqlite.SQLiteConfig;

/**
 * How hard SQLite works to make a commit survive a power loss ({@code PRAGMA synchronous}), in WAL mode. Neither
 * setting can corrupt the file; they differ in what a power cut or an operating system crash may lose.
 */
public enum SqliteSynchronous {

    /**
     * The WAL is synced at checkpoints, not at every commit: a power cut or OS crash may lose the last commits, a
     * crash of the process loses nothing committed. The default: several times faster for small batches.
     */
    NORMAL(SQLiteConfig.SynchronousMode.NORMAL),

    /** The WAL is synced at every commit: a committed batch survives a power cut, at the cost of one sync each. */
    FULL(SQLiteConfig.SynchronousMode.FULL);

    private final SQLiteConfig.SynchronousMode mode;

    SqliteSynchronous(SQLiteConfig.SynchronousMode mode) {
        this.mode = mode;
    }

    SQLiteConfig.SynchronousMode mode() {
        return mode;
    }
}
