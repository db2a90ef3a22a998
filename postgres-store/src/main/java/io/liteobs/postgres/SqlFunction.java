package io.liteobs.postgres;

import java.sql.SQLException;

/** A step of JDBC work that may fail with an {@link SQLException}. */
@FunctionalInterface
interface SqlFunction<T, R> {
    R apply(T input) throws SQLException;
}
