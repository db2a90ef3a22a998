package io.liteobs.postgres;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.httpRequest;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.liteobs.postgres.CommitCuttingProxy.Cut;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Batches written again after the connection was lost at their COMMIT, through a proxy that cuts it there: whether
 * the COMMIT reached the server or not, every entry is stored exactly once — points, heartbeats and HTTP requests,
 * which have no key of their own, as well as audit entries.
 */
class RetriedWriteTest {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final List<String> TABLES = List.of("metrics_timeseries", "worker_heartbeats", "http_request_logs",
            "audit_log");

    /** 200 points of 20 series, 3 heartbeats, 5 HTTP requests and 2 audit entries, from {@code start} on. */
    private static WriteBatch batchAt(long start) {
        List<Object> entries = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            entries.add(point("latency", i, start + i, "series", Integer.toString(i % 20)));
        }
        for (int i = 0; i < 3; i++) {
            entries.add(heartbeat("worker-" + i, start));
        }
        for (int i = 0; i < 5; i++) {
            entries.add(httpRequest("GET", "/orders", 200, 5, start + i));
        }
        entries.add(audit("audit-" + start + "-1", start).build());
        entries.add(audit("audit-" + start + "-2", start).build());
        return batchOf(entries);
    }

    private static Map<String, Long> countsOf(int batches) {
        return Map.of("metrics_timeseries", 200L * batches, "worker_heartbeats", 3L * batches,
                "http_request_logs", 5L * batches, "audit_log", 2L * batches);
    }

    /** The rows of each table, counted on a connection of its own, past the proxy. */
    private static Map<String, Long> counts(String url) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String table : TABLES) {
                try (ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
                    row.next();
                    counts.put(table, row.getLong(1));
                }
            }
        }
        return Map.copyOf(counts);
    }

    private static PostgresStore open(CommitCuttingProxy proxy, String url) {
        return PostgresStore.open(PostgresOptions.builder(proxy.proxied(url)).service("orders").instance("orders-1")
                .connectionTimeout(Duration.ofMillis(250)).build());
    }

    @Test
    void commitThatLandedButWasNotAnswered_isRetried_andStoresEveryEntryOnce() throws SQLException {
        String url = postgres.createSchema();
        try (CommitCuttingProxy proxy = new CommitCuttingProxy(postgres.jdbcUrl());
             PostgresStore store = open(proxy, url)) {
            proxy.cutNextCommit(Cut.AFTER_COMMIT);
            store.write(batchAt(T0));
            assertEquals(1, proxy.commitsCut(), "the batch's commit was cut");
            assertEquals(countsOf(1), counts(url));

            store.write(batchAt(T0 + 1_000));
            assertEquals(countsOf(2), counts(url), "the next batch is written as usual");
        }
    }

    @Test
    void commitThatNeverReachedTheServer_isRetried_andStoresTheBatch() throws SQLException {
        String url = postgres.createSchema();
        try (CommitCuttingProxy proxy = new CommitCuttingProxy(postgres.jdbcUrl());
             PostgresStore store = open(proxy, url)) {
            proxy.cutNextCommit(Cut.BEFORE_COMMIT);
            store.write(batchAt(T0));
            assertEquals(1, proxy.commitsCut());
            assertEquals(countsOf(1), counts(url));
        }
    }

    @Test
    void batchHandedOverAgain_afterAFailedWriteThatCommitted_isStoredOnce() throws SQLException {
        String url = postgres.createSchema();
        try (CommitCuttingProxy proxy = new CommitCuttingProxy(postgres.jdbcUrl());
             PostgresStore store = open(proxy, url)) {
            store.write(batchAt(T0));
            proxy.cutNextCommitThenRefuse(Cut.AFTER_COMMIT);

            StoreException failure = assertThrows(StoreException.class, () -> store.write(batchAt(T0 + 1_000)));
            assertEquals(StoreException.Kind.UNAVAILABLE, failure.kind());
            assertEquals(countsOf(2), counts(url), "the failed write committed all the same");

            proxy.refuse(false);
            // as core's writer does: the same entries again, in a batch of its own
            store.write(batchAt(T0 + 1_000));
            assertEquals(countsOf(2), counts(url), "the batch handed over again is found stored");

            store.write(batchAt(T0 + 2_000));
            assertEquals(countsOf(3), counts(url));
        }
    }

    @Test
    void batchHandedOverAgain_afterAFailedWriteThatDidNotCommit_isStored() throws SQLException {
        String url = postgres.createSchema();
        try (CommitCuttingProxy proxy = new CommitCuttingProxy(postgres.jdbcUrl());
             PostgresStore store = open(proxy, url)) {
            proxy.cutNextCommitThenRefuse(Cut.BEFORE_COMMIT);
            assertThrows(StoreException.class, () -> store.write(batchAt(T0)));
            assertEquals(countsOf(0), counts(url));

            proxy.refuse(false);
            store.write(batchAt(T0));
            assertEquals(countsOf(1), counts(url));
        }
    }
}
