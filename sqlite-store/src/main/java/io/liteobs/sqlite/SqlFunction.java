package io.liteobs.sqlite;

import java.sql.SQLException;

/** A piece of JDBC work on a connection or a write session. */
@FunctionalInterface
interface SqlFunction<I, T> {

    T apply(I input) throws SQLException;
}
