package io.liteobs.postgres;

import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.AuditQuery;
import io.liteobs.DataKind;
import io.liteobs.Heartbeat;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestQuery;
import io.liteobs.Labels;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertInstanceState;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.StoreException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the PostgreSQL store does beyond the compatibility kit: sources, schema, connections and errors. */
class PostgresStoreTest {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static long queryLong(String url, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void everyRow_namesTheServiceAndInstanceThatWroteIt() throws SQLException {
        String url = postgres.createSchema();
        try (PostgresStore orders = PostgresStore.open(PostgresOptions.builder(url).service("orders")
                .instance("orders-1").build());
             PostgresStore billing = PostgresStore.open(PostgresOptions.builder(url).service("billing")
                     .instance("billing-1").build())) {
            orders.write(batch(audit("a-1", T0).build(), point("latency", 1, T0)));
            billing.write(batch(audit("a-2", T0).build(), point("latency", 2, T0)));

            assertNotEquals(orders.sourceId(), billing.sourceId());
            assertEquals(orders.sourceId(), queryLong(url, "SELECT source_id FROM audit_log WHERE entry_id = 'a-1'"));
            assertEquals(billing.sourceId(), queryLong(url, "SELECT source_id FROM audit_log WHERE entry_id = 'a-2'"));
            assertEquals(2, orders.findMetricMetadata("latency").size(), "one series per instance");
            assertEquals(2, orders.findAudit(AuditQuery.builder().build()).size(), "queries span every source");
        }
        try (PostgresStore again = PostgresStore.open(PostgresOptions.builder(url).service("orders")
                .instance("orders-1").build())) {
            assertEquals(queryLong(url, "SELECT source_id FROM _observability_sources WHERE instance = 'orders-1'"),
                    again.sourceId(), "an instance opened again is the same source");
        }
    }

    @Test
    void pointValues_copiedInBinary_comeBackAsTheSameDoubles() {
        List<Double> values = List.of(0.1 + 0.2, -0.0, 1e-300, Double.MIN_VALUE, Double.MAX_VALUE, -123456.789e10,
                Math.PI, 1.0 / 3);
        try (PostgresStore store = PostgresStore.open(postgres.freshSchema().build())) {
            List<Object> points = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                points.add(point("exact", values.get(i), T0 + i));
            }
            store.write(batchOf(points));

            assertEquals(values, store.findMetricPoints(MetricQuery.builder("exact").build()).stream()
                    .map(MetricPoint::value).toList());
        }
    }

    @Test
    void storesOpeningANewSchemaAtOnce_migrateItOnce() throws Exception {
        String url = postgres.createSchema();
        int stores = 4;
        ExecutorService threads = Executors.newFixedThreadPool(stores);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> opened = new ArrayList<>();
        try {
            for (int i = 0; i < stores; i++) {
                PostgresOptions options = PostgresOptions.builder(url).instance("i-" + i).build();
                opened.add(threads.submit(() -> {
                    start.await();
                    try (PostgresStore store = PostgresStore.open(options)) {
                        return store.sourceId();
                    }
                }));
            }
            start.countDown();
            for (Future<Integer> store : opened) {
                store.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
        assertEquals(Migrations.LATEST_VERSION, queryLong(url,
                "SELECT value::int FROM _observability_metadata WHERE key = 'schema_version'"));
        assertEquals(stores, queryLong(url, "SELECT count(*) FROM _observability_sources"));
    }

    @Test
    void retentionOfTwoInstancesAtOnce_sharesTheRows_andDeletesEachOnce() throws Exception {
        String url = postgres.createSchema();
        int rows = 2_000;
        int chunk = 50;
        try (PostgresStore first = PostgresStore.open(PostgresOptions.builder(url).instance("r-1").build());
             PostgresStore second = PostgresStore.open(PostgresOptions.builder(url).instance("r-2").build())) {
            List<Object> old = new ArrayList<>();
            for (int i = 0; i < rows; i++) {
                old.add(audit("a-" + i, T0 + i).build());
            }
            first.write(batchOf(old));

            ExecutorService threads = Executors.newFixedThreadPool(2);
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Long>> deleted = new ArrayList<>();
            try {
                for (PostgresStore store : List.of(first, second)) {
                    deleted.add(threads.submit(() -> {
                        start.await();
                        long total = 0;
                        long removed;
                        do {
                            removed = store.deleteOlderThan(DataKind.AUDIT, T0 + rows, chunk);
                            total += removed;
                        } while (removed == chunk);
                        return total;
                    }));
                }
                start.countDown();
                assertEquals(rows, deleted.get(0).get(60, TimeUnit.SECONDS) + deleted.get(1).get(60, TimeUnit.SECONDS));
            } finally {
                threads.shutdownNow();
            }
            assertEquals(0L, first.rowCounts().get(DataKind.AUDIT));
        }
    }

    @Test
    void schemaOfANewerLiteObs_isRefused_andLeftAsItIs() throws SQLException {
        String url = postgres.createSchema();
        PostgresStore.open(url).close();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("UPDATE _observability_metadata SET value = '99' WHERE key = 'schema_version'");
        }

        StoreException refused = assertThrows(StoreException.class, () -> PostgresStore.open(url));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains("schema version 99, written by a newer LiteObs"),
                refused.getMessage());
        assertEquals(99, queryLong(url, "SELECT value::int FROM _observability_metadata"
                + " WHERE key = 'schema_version'"));
    }

    @Test
    void schemaOfTheFirstRelease_isMigrated_andItsRowsReadAsBefore() throws SQLException {
        String url = postgres.createSchema();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            for (String sql : Schema.VERSION_1) {
                statement.execute(sql);
            }
            statement.execute("INSERT INTO _observability_metadata (key, value) VALUES ('schema_version', '1')");
            statement.execute("INSERT INTO worker_heartbeats (timestamp, interval_ms, source_id, worker_id)"
                    + " VALUES (" + T0 + ", 1000, 1, 'worker-1')");
            statement.execute("INSERT INTO http_request_logs (timestamp, duration_ms, source_id, status_code, method,"
                    + " path) VALUES (" + T0 + ", 1.5, 1, 200, 'GET', '/orders/42')");
        }

        try (PostgresStore store = PostgresStore.open(url)) {
            assertEquals(Migrations.LATEST_VERSION, queryLong(url, "SELECT value::int FROM _observability_metadata"
                    + " WHERE key = 'schema_version'"));
            Heartbeat beat = store.latestHeartbeat("worker-1").orElseThrow();
            assertFalse(beat.stopped(), "a beat of the first release was no stop");
            assertNull(beat.progressCount());
            HttpRequest request = store.findHttpRequests(HttpRequestQuery.builder().build()).get(0);
            assertEquals("/orders/42", request.route(), "a request of the first release has its path as its route");
            assertEquals(1_500_000, request.durationNanos());
            assertEquals(new AlertRuleState("rule-1", null, List.of()), store.loadAlertState("rule-1"));
        }
    }

    @Test
    void instancesAskingForTheLeaseAtOnce_oneGetsIt_andOnlyItsEvaluationsCommit() throws Exception {
        String url = postgres.createSchema();
        int instances = 4;
        List<PostgresStore> stores = new ArrayList<>();
        ExecutorService threads = Executors.newFixedThreadPool(instances);
        try {
            for (int i = 0; i < instances; i++) {
                stores.add(PostgresStore.open(PostgresOptions.builder(url).instance("evaluator-" + i).build()));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> granted = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                PostgresStore store = stores.get(i);
                AlertEvaluation.Lease lease = new AlertEvaluation.Lease("alerting", "evaluator-" + i);
                granted.add(threads.submit(() -> {
                    start.await();
                    return store.tryLease(lease, T0, Duration.ofSeconds(30));
                }));
            }
            start.countDown();
            List<Integer> holders = new ArrayList<>();
            for (int i = 0; i < instances; i++) {
                if (granted.get(i).get(1, TimeUnit.MINUTES)) {
                    holders.add(i);
                }
            }
            assertEquals(1, holders.size(), "holders: " + holders);

            int holder = holders.get(0);
            int other = (holder + 1) % instances;
            assertTrue(stores.get(holder).commitAlertEvaluations(List.of(evaluation("evaluator-" + holder))));
            assertFalse(stores.get(other).commitAlertEvaluations(List.of(evaluation("evaluator-" + other))),
                    "an instance without the lease writes nothing");
            assertEquals(stores.get(holder).sourceId(), queryLong(url, "SELECT source_id FROM alert_instances"));
        } finally {
            threads.shutdownNow();
            stores.forEach(PostgresStore::close);
        }
    }

    /** An evaluation at T0 + 1 s under the lease {@code alerting} of the holder, with one pending instance. */
    private static AlertEvaluation evaluation(String holder) {
        return new AlertEvaluation("rule-1", T0 + 1000, new AlertEvaluation.Lease("alerting", holder),
                List.of(new AlertInstanceState("rule-1", "fp-1", Labels.empty(), T0, null, T0, null, null)),
                List.of(), List.of());
    }

    @Test
    void anotherApplicationsAuditLog_isRefused_andLeftAsItIs() throws SQLException {
        String url = postgres.createSchema();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE audit_log (who text)");
        }

        StoreException refused = assertThrows(StoreException.class, () -> PostgresStore.open(url));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains("another application's"), refused.getMessage());
        assertEquals(0, queryLong(url, "SELECT count(*) FROM pg_tables WHERE tablename = '_observability_metadata'"
                + " AND schemaname = current_schema()"));
    }

    @Test
    void reader_readsWhatAStoreWrote_throughConnectionsThatCannotWrite() {
        String url = postgres.createSchema();
        try (PostgresStore store = PostgresStore.open(url)) {
            store.write(batch(audit("a-1", T0).build()));
        }
        try (PostgresReader reader = PostgresReader.open(PostgresOptions.of(url))) {
            assertEquals(1L, reader.rowCounts().get(DataKind.AUDIT));

            StoreException refused = assertThrows(StoreException.class, () -> reader.read("a write",
                    connection -> connection.createStatement().executeUpdate("DELETE FROM audit_log")));

            assertTrue(refused.getMessage().contains("25006"), refused.getMessage());
            assertEquals(1L, reader.rowCounts().get(DataKind.AUDIT));
        }
    }

    @Test
    void reader_refusesASchemaWithoutLiteObsTables_namingTheFix() {
        String url = postgres.createSchema();

        StoreException refused = assertThrows(StoreException.class,
                () -> PostgresReader.open(PostgresOptions.of(url)));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains("has no LiteObs tables")
                && refused.getMessage().contains("Open it once with PostgresStore"), refused.getMessage());
    }

    @Test
    void lostConnections_areReplaced_andTheWriteSucceeds() {
        String url = postgres.createSchema();
        try (PostgresStore store = PostgresStore.open(PostgresOptions.builder(url).service("lost")
                .instance("conn").build())) {
            store.write(batch(audit("a-1", T0).build()));

            postgres.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'liteobs lost/conn'");
            store.write(batch(audit("a-2", T0).build()));

            assertEquals(2L, store.rowCounts().get(DataKind.AUDIT));
        }
    }

    @Test
    void serverNotListening_isUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        PostgresOptions options = PostgresOptions.builder("jdbc:postgresql://127.0.0.1:" + closedPort + "/liteobs")
                .connectionTimeout(Duration.ofMillis(250)).build();

        StoreException refused = assertThrows(StoreException.class, () -> PostgresStore.open(options));

        assertEquals(StoreException.Kind.UNAVAILABLE, refused.kind());
        assertTrue(refused.getMessage().contains("127.0.0.1:" + closedPort), refused.getMessage());
    }

    @Test
    void missingDatabase_isIncompatible_namingTheSettingToCheck() {
        String url = postgres.jdbcUrl().replace("/liteobs?", "/no_such_database?");

        StoreException refused = assertThrows(StoreException.class, () -> PostgresStore.open(url));

        assertEquals(StoreException.Kind.INCOMPATIBLE, refused.kind());
        assertTrue(refused.getMessage().contains("3D000") && refused.getMessage().contains("JDBC URL"),
                refused.getMessage());
    }

    @Test
    void options_keepThePasswordOutOfMessages_andRefuseWhatIsOutOfRange() {
        PostgresOptions options = PostgresOptions.builder("jdbc:postgresql://db:5432/obs?password=hunter2")
                .password("hunter3").service("orders").instance("orders-1").build();

        assertEquals("db:5432/obs", options.databaseName());
        assertFalse(options.toString().contains("hunter"), options.toString());
        assertThrows(IllegalArgumentException.class, () -> PostgresOptions.of("jdbc:sqlite:obs.db"));
        assertThrows(IllegalArgumentException.class,
                () -> PostgresOptions.builder("jdbc:postgresql://db/obs").poolSize(1).build());
        assertThrows(IllegalArgumentException.class,
                () -> PostgresOptions.builder("jdbc:postgresql://db/obs").service(" ").build());
        assertTrue(PostgresOptions.isPostgresUrl("jdbc:postgresql://db/obs"));
        assertFalse(PostgresOptions.isPostgresUrl("/var/lib/orders/observability.db"));
    }
}
