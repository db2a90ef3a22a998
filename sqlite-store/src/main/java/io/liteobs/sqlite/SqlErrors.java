package io.liteobs.sqlite;

import io.liteobs.spi.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * Turns JDBC failures into {@link StoreException}s whose kind tells core's writer what to do next: it tries an
 * {@code UNAVAILABLE} batch again, for as long as the writer runs; writes a {@code REJECTED_DATA} batch entry by
 * entry, so that only the entries that fail alone are counted as failed; and counts an {@code INCOMPATIBLE} batch
 * as failed at once, without retrying it. The mapping:
 *
 * <ul>
 *   <li>{@code SQLITE_CONSTRAINT}, {@code SQLITE_TOOBIG}: {@code REJECTED_DATA}, the entry's content is refused.</li>
 *   <li>{@code SQLITE_RANGE}, {@code SQLITE_MISMATCH}: {@code REJECTED_DATA} as well, although they mean a bug in
 *       this store (a parameter bound out of range, a value of the wrong type for a row id), not bad data. Of the
 *       three kinds, it loses the least: only the entries that need the broken statement fail, the others of the
 *       batch are stored when written alone; {@code UNAVAILABLE} would retry the batch for ever and stall every
 *       entry behind it, {@code INCOMPATIBLE} would count every batch that holds one such entry as failed whole.
 *       It is what core's writer does with any other unexpected exception from a store.</li>
 *   <li>{@code SQLITE_ERROR} for a table or column that does not exist (a schema changed under LiteObs), or for
 *       malformed JSON (a description in {@code _observability_metadata} that is no longer JSON): {@code
 *       INCOMPATIBLE}; retrying cannot help, and the message says to restore or move the file away.</li>
 *   <li>{@code SQLITE_CORRUPT}, {@code SQLITE_NOTADB}: {@code INCOMPATIBLE}, the file is damaged; the store stops
 *       changing it.</li>
 *   <li>Everything else (BUSY, LOCKED, FULL, IOERR, READONLY, CANTOPEN, PROTOCOL, NOMEM, a pool timeout, any other
 *       SQLITE_ERROR): {@code UNAVAILABLE}, for now.</li>
 * </ul>
 */
final class SqlErrors {

    /** Primary result codes that make the store refuse the batch's content (see the class comment). */
    private static final Set<SQLiteErrorCode> REJECTED_DATA = EnumSet.of(SQLiteErrorCode.SQLITE_CONSTRAINT,
            SQLiteErrorCode.SQLITE_TOOBIG, SQLiteErrorCode.SQLITE_MISMATCH, SQLiteErrorCode.SQLITE_RANGE);
    /** Messages of SQLITE_ERROR that mean the file's content does not match what this library expects. */
    private static final List<String> INCOMPATIBLE_ERRORS = List.of("no such table", "no such column",
            "malformed JSON");
    /** Primary result codes after which the connection is reopened: its view of the file may be stale. */
    private static final Set<SQLiteErrorCode> REOPEN = EnumSet.of(SQLiteErrorCode.SQLITE_READONLY,
            SQLiteErrorCode.SQLITE_CANTOPEN, SQLiteErrorCode.SQLITE_IOERR);

    private SqlErrors() {
    }

    /**
     * The store exception for a failed operation, of the kind the class comment gives.
     *
     * @param action what failed, for example {@code "write of 12 entries"}
     */
    static StoreException translate(Path file, String action, SQLException e) {
        SQLiteErrorCode code = resultCode(e);
        SQLiteErrorCode primary = code == null ? null : primary(code);
        String codeName = code == null ? "no SQLite result code" : code.name();
        if (primary == SQLiteErrorCode.SQLITE_NOTADB) {
            return DatabaseFile.notADatabase(file, e);
        }
        if (primary == SQLiteErrorCode.SQLITE_CORRUPT) {
            return DatabaseFile.refusal(file, "is damaged (" + action + " failed with " + codeName + ")",
                    "LiteObs will not write to it. Restore it from a backup, or move it away and let LiteObs"
                            + " create a new file.", e);
        }
        if (primary == SQLiteErrorCode.SQLITE_ERROR && INCOMPATIBLE_ERRORS.stream()
                .anyMatch(String.valueOf(e.getMessage())::contains)) {
            return new StoreException(StoreException.Kind.INCOMPATIBLE, action + " failed on " + file + " ("
                    + codeName + "): " + e.getMessage() + ". The file's tables or stored metadata are not what"
                    + " this LiteObs wrote: something else changed them. Retrying will not help; restore the file"
                    + " from a backup, or move it away and let LiteObs create a new one.", e);
        }
        StoreException.Kind kind = primary != null && REJECTED_DATA.contains(primary)
                ? StoreException.Kind.REJECTED_DATA
                : StoreException.Kind.UNAVAILABLE;
        return new StoreException(kind, action + " failed on " + file + " (" + codeName + "): " + e.getMessage()
                + hint(primary, file), e);
    }

    /** What an operator can do about a failure, where there is something to say. */
    private static String hint(@Nullable SQLiteErrorCode primary, Path file) {
        if (primary == null) {
            return "";
        }
        return switch (primary) {
            case SQLITE_FULL -> ". The disk is full: free some space; a running LiteObs keeps the entries queued and"
                    + " retries on its own, and retention can still delete.";
            case SQLITE_READONLY -> ". The file, its -wal or -shm file, its folder " + file.getParent()
                    + " or its file system is read-only for this process: make them writable; a running LiteObs"
                    + " retries on its own.";
            case SQLITE_CANTOPEN -> ". SQLite cannot open the file, or create " + file.getFileName() + "-wal and "
                    + file.getFileName() + "-shm beside it: check that the folder " + file.getParent()
                    + " exists and is writable by this process.";
            case SQLITE_BUSY, SQLITE_LOCKED -> ". Another connection holds the lock past the busy timeout;"
                    + " a running LiteObs retries.";
            case SQLITE_IOERR -> ". The file system reported an I/O error; a running LiteObs retries.";
            default -> "";
        };
    }

    /** Whether the failure leaves the connection's view of the file stale, so that it should be reopened. */
    static boolean needsReopen(SQLException e) {
        SQLiteErrorCode code = resultCode(e);
        return code != null && REOPEN.contains(primary(code));
    }

    /** Whether the failure, or one of its causes, is SQLite's {@code SQLITE_FULL}. */
    static boolean isFull(Throwable e) {
        SQLiteErrorCode code = resultCode(e);
        return code != null && primary(code) == SQLiteErrorCode.SQLITE_FULL;
    }

    /**
     * Whether the failure says the file is damaged: SQLite's {@code SQLITE_CORRUPT} or {@code SQLITE_NOTADB}, found
     * by a statement after the file opened.
     */
    static boolean isDamaged(Throwable e) {
        SQLiteErrorCode code = resultCode(e);
        SQLiteErrorCode primary = code == null ? null : primary(code);
        String codeName = code == null ? "no SQLite result code" : code.name();
        return primary == SQLiteErrorCode.SQLITE_CORRUPT || primary == SQLiteErrorCode.SQLITE_NOTADB;
    }

    /** Whether the failure, or one of its causes, is SQLite's {@code SQLITE_READONLY}. */
    static boolean isReadOnly(Throwable e) {
        SQLiteErrorCode code = resultCode(e);
        return code != null && primary(code) == SQLiteErrorCode.SQLITE_READONLY;
    }

    /** The exception for any use of a closed store. */
    static StoreException closed(Path file) {
        return new StoreException(StoreException.Kind.CLOSED, "the LiteObs store " + file + " is closed", null);
    }

    /** The SQLite result code of the exception or of one of its causes; null when SQLite did not report one. */
    private static @Nullable SQLiteErrorCode resultCode(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLiteException sqlite) {
                return sqlite.getResultCode();
            }
        }
        return null;
    }

    /** The primary code of an extended one, such as SQLITE_CONSTRAINT for SQLITE_CONSTRAINT_NOTNULL. */
    private static SQLiteErrorCode primary(SQLiteErrorCode code) {
        return SQLiteErrorCode.getErrorCode(code.code & 0xFF);
    }
}
