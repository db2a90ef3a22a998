package io.liteobs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.liteobs.spi.StoreException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqlErrorsTest {

    @ParameterizedTest
    @CsvSource({
        "23502, REJECTED_DATA, false", // not null violation
        "22021, REJECTED_DATA, false", // NUL character in text
        "22003, REJECTED_DATA, false", // numeric value out of range
        "42P01, INCOMPATIBLE, false", // undefined table
        "42703, INCOMPATIBLE, false", // undefined column
        "28P01, INCOMPATIBLE, false", // password authentication failed
        "3D000, INCOMPATIBLE, false", // no such database
        "08006, UNAVAILABLE, true", // connection failure
        "08001, UNAVAILABLE, true", // cannot connect
        "40P01, UNAVAILABLE, true", // deadlock
        "40001, UNAVAILABLE, true", // serialization failure
        "57P01, UNAVAILABLE, true", // admin shutdown
        "53100, UNAVAILABLE, false", // disk full
        "25006, UNAVAILABLE, false", // read-only transaction: a standby
    })
    void sqlState_givesTheKind_andWhetherToTryAgain(String state, StoreException.Kind kind, boolean transientFailure) {
        SQLException failure = new SQLException("failed", state);

        assertEquals(kind, SqlErrors.translate("db/obs", "write", failure).kind());
        assertEquals(transientFailure, SqlErrors.isTransient(failure));
    }

    @Test
    void batchFailure_isJudgedByTheStateOfTheExceptionBehindIt() {
        BatchUpdateException batch = new BatchUpdateException("batch failed", null, 0, new int[0], null);
        batch.setNextException(new SQLException("null value in column", "23502"));

        assertEquals(StoreException.Kind.REJECTED_DATA, SqlErrors.translate("db/obs", "write", batch).kind());
    }
}
