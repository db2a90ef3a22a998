package io.liteobs.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.DataKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several LiteObs instances, as threads of this JVM and as a process of its own, open one new database at once and
 * write to it: the schema is created once, every entry is stored exactly once under the instance that wrote it, and
 * no call of any of them fails.
 */
class ManyWritersTest {

    @RegisterExtension
    static final ThrowawayPostgres postgres = new ThrowawayPostgres();

    private static final int THREADS = 3;
    private static final int ENTRIES = 2_000;

    @Test
    void threadsAndAProcess_writingOneDatabase_storeEveryEntryOnce_underTheirInstance() throws Exception {
        String url = postgres.createSchema();
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FleetWriter.class.getName(), url, "billing",
                "process-1", Integer.toString(ENTRIES))
                .redirectErrorStream(true).start();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<String>>> writers = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                PostgresOptions options = PostgresOptions.builder(url).service("orders").instance("thread-" + t)
                        .build();
                writers.add(threads.submit(() -> {
                    start.await();
                    return FleetWriter.write(options, ENTRIES);
                }));
            }
            start.countDown();
            for (Future<List<String>> writer : writers) {
                assertEquals(List.of(), writer.get(120, TimeUnit.SECONDS));
            }
            String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the child process ends");
            assertEquals(0, child.exitValue(), output);
            assertTrue(output.strip().endsWith(FleetWriter.ALL_PERSISTED), output);
        } finally {
            threads.shutdownNow();
            child.destroyForcibly();
        }

        int instances = THREADS + 1;
        try (PostgresReader reader = PostgresReader.open(PostgresOptions.of(url))) {
            Map<DataKind, Long> counts = reader.rowCounts();
            assertEquals((long) instances * ENTRIES, counts.get(DataKind.AUDIT));
            assertEquals((long) instances * ENTRIES, counts.get(DataKind.EVENTS));
            assertEquals((long) instances * ENTRIES, counts.get(DataKind.METRICS));
            assertEquals((long) instances * FleetWriter.SERIES, reader.seriesCount(), "series are per instance");
        }
        Map<String, Long> auditPerInstance = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT s.service || '/' || s.instance, count(*)"
                     + " FROM audit_log a JOIN _observability_sources s ON s.source_id = a.source_id GROUP BY 1")) {
            while (rows.next()) {
                auditPerInstance.put(rows.getString(1), rows.getLong(2));
            }
        }
        assertEquals(Map.of("billing/process-1", (long) ENTRIES, "orders/thread-0", (long) ENTRIES,
                "orders/thread-1", (long) ENTRIES, "orders/thread-2", (long) ENTRIES), auditPerInstance);
    }
}
