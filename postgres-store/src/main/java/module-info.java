/**
 * The PostgreSQL store of LiteObs, for a fleet writing one database: {@link io.liteobs.postgres.PostgresStore} to
 * write, {@link io.liteobs.postgres.PostgresReader} to read.
 */
// pgjdbc has no module descriptor: its jar names the automatic module org.postgresql.jdbc in its manifest
@SuppressWarnings("requires-automatic")
module io.liteobs.postgres {
    requires static org.jspecify;
    requires transitive io.liteobs.core;
    requires transitive java.sql;
    // pgjdbc, COPY API (org.postgresql.copy) included
    requires org.postgresql.jdbc;
    requires com.zaxxer.hikari;
    requires org.slf4j;

    exports io.liteobs.postgres;
}
