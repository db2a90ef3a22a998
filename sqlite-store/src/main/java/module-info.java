/** The SQLite store of LiteObs: {@link io.liteobs.sqlite.SqliteStore} to write, {@link io.liteobs.sqlite.SqliteReader} to read. */
module io.liteobs.sqlite {
    requires static org.jspecify;
    requires transitive io.liteobs.core;
    requires transitive java.sql;
    requires org.xerial.sqlitejdbc;
    requires com.zaxxer.hikari;
    requires org.slf4j;

    exports io.liteobs.sqlite;
}
