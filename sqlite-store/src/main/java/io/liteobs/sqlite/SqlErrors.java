package io.liteobs.sqlite;

import io.liteobs.spi.StoreException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Set;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Turns JDBC failures into {@link StoreException}s whose kind tells the writer what to do next. */
final class SqlErrors {

    /** Primary result codes that blame the data: writing the same entries again would fail again. */
    private static final Set<SQLiteErrorCode> REJECTED_DATA = EnumSet.of(SQLiteErrorCode.SQLITE_CONSTRAINT,
            SQLiteErrorCode.SQLITE_TOOBIG, SQLiteErrorCode.SQLITE_MISMATCH, SQLiteErrorCode.SQLITE_RANGE);

    private SqlErrors() {
    }

    /**
     * The store exception for a failed operation. Constraint, size, type and range errors reject the data; every
     * other failure (BUSY, LOCKED, FULL, IOERR, READONLY, CANTOPEN, PROTOCOL, NOMEM, a pool timeout, and anything
     * unexpected) makes the store unavailable for now, which the writer retries a bounded number of times.
     *
     * @param action what failed, for example {@code "write of 12 entries"}
     */
    static StoreException translate(Path file, String action, SQLException e) {
        SQLiteErrorCode code = resultCode(e);
        StoreException.Kind kind = code != null && REJECTED_DATA.contains(primary(code))
                ? StoreException.Kind.REJECTED_DATA
                : StoreException.Kind.UNAVAILABLE;
        String codeName = code == null ? "no SQLite result code" : code.name();
        return new StoreException(kind, action + " failed on " + file + " (" + codeName + "): " + e.getMessage(), e);
    }

    /** The exception for any use of a closed store. */
    static StoreException closed(Path file) {
        return new StoreException(StoreException.Kind.CLOSED, "the LiteObs store " + file + " is closed", null);
    }

    /** The SQLite result code of the exception or of one of its causes; null when SQLite did not report one. */
    private static SQLiteErrorCode resultCode(Throwable e) {
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
