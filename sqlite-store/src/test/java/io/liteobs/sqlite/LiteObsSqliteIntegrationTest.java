package io.liteobs.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Aggregation;
import io.liteobs.AuditEntry;
import io.liteobs.AuditQuery;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.HeartbeatWriter;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.LogResult;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricQuery;
import io.liteobs.MetricType;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.RecorderStats;
import io.liteobs.RetentionPolicy;
import io.liteobs.RetentionResult;
import io.liteobs.SeriesPoint;
import io.liteobs.TimeRange;
import io.liteobs.WorkerLiveness;
import io.liteobs.WriterOptions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
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
import org.junit.jupiter.api.io.TempDir;

/** The recorders end to end: core's writer over a real SQLite file. */
class LiteObsSqliteIntegrationTest {

    private static final Duration FLUSH_WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    private Path file() {
        return dir.resolve("obs.db");
    }

    private LiteObs.Builder liteObs(SqliteStore store) {
        return LiteObs.builder(store).writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofMillis(20)));
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @Test
    void everyRecorder_roundTripsThroughTheFile() {
        try (LiteObs obs = liteObs(SqliteStore.open(file())).build()) {
            assertEquals(LogResult.COMMITTED, obs.audit().log(AuditEntry.builder("orders", "create")
                    .userId("alice").parameters(Map.of("sku", "A-1")).duration(Duration.ofMillis(5)).build()));
            obs.metrics().record("orders.latency", 12.5, "ms", Labels.of("region", "eu"));
            obs.events().record(BusinessEvent.builder("order.created", "shop").entity("order", "o-1").build());
            assertEquals(LogResult.COMMITTED, obs.heartbeat("worker-1").beat());
            assertTrue(obs.flush(FLUSH_WAIT));

            AuditEntry audit = obs.audit().query(AuditQuery.builder().build()).get(0);
            assertEquals("alice", audit.userId());
            assertEquals("{\"sku\":\"A-1\"}", audit.parametersJson());
            assertEquals(12.5, obs.metrics().query(MetricQuery.builder("orders.latency").build()).get(0).value());
            assertEquals("o-1", obs.events().query(EventQuery.builder().build()).get(0).entityId());
            assertTrue(obs.liveness("worker-1").orElseThrow().alive());
            assertEquals(1, obs.store().rowCounts().get(DataKind.METRICS));
        }
    }

    @Test
    void metricsManager_downsamplesAndDescribesThroughTheFile() {
        Instant start = Instant.parse("2026-11-22T10:00:00Z");
        try (LiteObs obs = liteObs(SqliteStore.open(file())).build()) {
            obs.metrics().describe("latency", MetricType.TIMER, "ms", "Request latency");
            for (int second = 0; second < 3; second++) {
                for (int i = 1; i <= 4; i++) {
                    obs.metrics().record("latency", second * 10 + i, "ms", Labels.of("region", "eu"),
                            start.plusSeconds(second).plusMillis(i).toEpochMilli());
                }
            }
            obs.metrics().record("latency", 1000, "ms", Labels.of("region", "us"), start.toEpochMilli());
            assertTrue(obs.flush(FLUSH_WAIT));

            List<SeriesPoint> eu = obs.metrics().downsample(DownsampleQuery.builder("latency")
                    .labels(Labels.of("region", "eu")).range(TimeRange.between(start, start.plusSeconds(3)))
                    .step(Duration.ofSeconds(1)).aggregation(Aggregation.MAX).build());
            assertEquals(List.of(new SeriesPoint(start.toEpochMilli(), 4, 4),
                    new SeriesPoint(start.plusSeconds(1).toEpochMilli(), 14, 4),
                    new SeriesPoint(start.plusSeconds(2).toEpochMilli(), 24, 4)), eu);

            List<MetricMetadata> series = obs.metrics().metadata("latency");
            assertEquals(2, series.size());
            assertTrue(series.stream().allMatch(s -> s.type() == MetricType.TIMER
                    && "Request latency".equals(s.description()) && "ms".equals(s.unit())));
            assertEquals(2, obs.metrics().metadata().size());
        }
    }

    @Test
    void liveness_ofEveryWorker_byTheStoredIntervalOrAThreshold() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        try (SqliteStore store = SqliteStore.open(file());
             HeartbeatWriter old = HeartbeatWriter.builder(store, "old").interval(Duration.ofSeconds(1))
                     .clock(Clock.fixed(now.minusSeconds(10), ZoneOffset.UTC)).build();
             LiteObs obs = LiteObs.builder(SqliteStore.open(file())).clock(Clock.fixed(now, ZoneOffset.UTC))
                     .heartbeatInterval(Duration.ofSeconds(1)).build()) {
            assertEquals(LogResult.COMMITTED, old.beat());
            assertEquals(LogResult.COMMITTED, obs.heartbeat("fresh").beat());
            Map<String, Boolean> alive = new TreeMap<>();
            obs.livenessOfAll().forEach(worker -> alive.put(worker.workerId(), worker.alive()));
            assertEquals(Map.of("fresh", true, "old", false), alive);
            assertTrue(obs.livenessOfAll(Duration.ofMinutes(1)).stream().allMatch(WorkerLiveness::alive));
            assertEquals(Duration.ofSeconds(7), obs.liveness("old").orElseThrow().staleFor());
        }
    }

    @Test
    void close_drainsEverythingIntoTheFile() throws Exception {
        LiteObs obs = LiteObs.builder(SqliteStore.open(file()))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofHours(1)))
                .build();
        for (int i = 0; i < 5_000; i++) {
            obs.metrics().record("m", i);
            obs.audit().logAsync(AuditEntry.builder("c", "op").build());
        }
        obs.close();
        assertEquals(5_000, count("SELECT count(*) FROM metrics_timeseries"));
        assertEquals(5_000, count("SELECT count(*) FROM audit_log"));
        obs.stats().forEach(stats -> assertEquals(stats.offered(), stats.persisted(), stats.toString()));
    }

    @Test
    void manyThreads_everyEntryPersistedAndCounted() throws Exception {
        int threads = 6;
        int perThread = 5_000;
        try (LiteObs obs = liteObs(SqliteStore.open(file()))
                .metrics(RecorderOptions.of(1 << 17, OverflowPolicy.DROP)).build()) {
            runConcurrently(threads, t -> {
                Labels labels = Labels.of("thread", "t" + t);
                for (int i = 0; i < perThread; i++) {
                    obs.metrics().record("load", i, labels);
                    if (i % 10 == 0) {
                        obs.events().record(BusinessEvent.builder("tick", "load").entity("thread", "t" + t).build());
                    }
                }
            });
            assertTrue(obs.flush(FLUSH_WAIT));
            RecorderStats metrics = obs.metrics().stats();
            assertTrue(metrics.balanced(), metrics.toString());
            assertEquals(threads * perThread, metrics.persisted());
            assertEquals(threads * perThread / 10, obs.events().stats().persisted());
        }
        assertEquals(threads * perThread, count("SELECT count(*) FROM metrics_timeseries"));
        assertEquals(threads, count("SELECT count(*) FROM metrics_metadata WHERE name = 'load'"));
    }

    @Test
    void twoStoresOnOneFile_writeConcurrently_withoutErrorsReachingCallers() throws Exception {
        int perThread = 3_000;
        try (LiteObs first = liteObs(SqliteStore.open(file())).build();
             LiteObs second = liteObs(SqliteStore.open(file())).build()) {
            runConcurrently(4, t -> {
                LiteObs obs = t % 2 == 0 ? first : second;
                for (int i = 0; i < perThread; i++) {
                    obs.metrics().record("shared", i, Labels.of("writer", "w" + t));
                    if (i % 100 == 0) {
                        obs.audit().logAsync(AuditEntry.builder("c", "op").userId("w" + t).build());
                    }
                }
            });
            assertTrue(first.flush(FLUSH_WAIT));
            assertTrue(second.flush(FLUSH_WAIT));
            for (LiteObs obs : List.of(first, second)) {
                obs.stats().forEach(stats -> {
                    assertEquals(0, stats.failed() + stats.dropped(), stats.toString());
                    assertTrue(stats.balanced(), stats.toString());
                });
            }
        }
        assertEquals(4 * perThread, count("SELECT count(*) FROM metrics_timeseries"));
        assertEquals(4 * perThread / 100, count("SELECT count(*) FROM audit_log"));
        assertEquals(4, count("SELECT count(*) FROM metrics_metadata WHERE name = 'shared'"));
    }

    @Test
    void lockedDatabase_doesNotStallRecording_andEntriesLandAfterRelease() throws Exception {
        SqliteStore store = SqliteStore.builder(file()).busyTimeout(Duration.ofMillis(50)).build();
        try (LiteObs obs = liteObs(store).build();
             Connection locker = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement lock = locker.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            CountDownLatch recorded = new CountDownLatch(1);
            Thread recorder = new Thread(() -> {
                for (int i = 0; i < 1_000; i++) {
                    obs.metrics().record("during.lock", i);
                    obs.audit().logAsync(AuditEntry.builder("c", "during-lock").build());
                    obs.events().record(BusinessEvent.builder("during.lock", "s").build());
                }
                recorded.countDown();
            });
            recorder.start();
            assertTrue(recorded.await(5, TimeUnit.SECONDS), "recording returned while the file was locked");
            assertFalse(obs.flush(Duration.ofMillis(300)), "nothing can be written while the lock is held");
            assertEquals(0, obs.metrics().stats().persisted());
            lock.execute("COMMIT");

            assertTrue(obs.flush(FLUSH_WAIT));
            assertEquals(1_000, obs.metrics().stats().persisted());
            assertEquals(1_000, obs.audit().stats().persisted());
            assertEquals(1_000, obs.events().stats().persisted());
            assertFalse(obs.degraded());
        }
    }

    @Test
    void lockedDatabase_longerThanTheQueueHolds_countsDrops() throws Exception {
        SqliteStore store = SqliteStore.builder(file()).busyTimeout(Duration.ofMillis(50)).build();
        try (LiteObs obs = liteObs(store).metrics(RecorderOptions.of(256, OverflowPolicy.DROP)).build();
             Connection locker = DriverManager.getConnection("jdbc:sqlite:" + file());
             Statement lock = locker.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");
            // one point first, so that the writer is known to be stuck retrying it before the rest arrive: the queue
            // then takes 256 and drops the others, however the threads are scheduled
            obs.metrics().record("m", -1);
            long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
            while (!obs.degraded() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertTrue(obs.degraded(), "the writer met the lock");
            for (int i = 0; i < 2_000; i++) {
                obs.metrics().record("m", i);
            }
            lock.execute("COMMIT");
            assertTrue(obs.flush(FLUSH_WAIT));
            RecorderStats stats = obs.metrics().stats();
            assertEquals(2_000 - 256, stats.dropped(), stats.toString());
            assertEquals(1 + 256, stats.persisted(), stats.toString());
            assertEquals(stats.persisted(), obs.store().rowCounts().get(DataKind.METRICS));
        }
    }

    @Test
    void badInput_neverBreaksABatchOfGoodEntries() throws Exception {
        String huge = "x".repeat(1_000_000);
        try (LiteObs obs = liteObs(SqliteStore.open(file()))
                .writer(WriterOptions.DEFAULT.withFlushInterval(Duration.ofHours(1))).build()) {
            for (int i = 0; i < 10; i++) {
                obs.audit().logAsync(AuditEntry.builder("good", "op" + i).build());
                obs.metrics().record("good", i);
                obs.events().record(BusinessEvent.builder("good", "s").build());
            }
            obs.audit().logAsync(AuditEntry.builder(null, "op").build());
            obs.audit().logAsync(AuditEntry.builder("bad", "json").parametersJson("{\"a\":").resultJson(huge)
                    .metadataJson("[1,2").errorMessage("nul\u0000 bidi\u202E lone\uD800 crlf\r\n").build());
            obs.audit().logAsync(AuditEntry.builder("bad", "huge").userId(huge).errorMessage(huge)
                    .parametersJson("\"" + huge + "\"").build());
            obs.metrics().record("bad", Double.NaN);
            obs.metrics().record("bad", Double.POSITIVE_INFINITY);
            obs.metrics().record("bad", Double.NEGATIVE_INFINITY);
            obs.metrics().record("neg.zero", -0.0);
            obs.metrics().record(" ", 1);
            obs.events().record(BusinessEvent.builder("bad", "s").detailsJson("not json").build());
            obs.events().record(BusinessEvent.builder("", "s").build());
            assertTrue(obs.flush(FLUSH_WAIT));

            assertEquals(new RecorderStats("audit", 13, 12, 0, 1, 0, 0), obs.audit().stats());
            assertEquals(new RecorderStats("metrics", 15, 11, 0, 4, 0, 0), obs.metrics().stats());
            assertEquals(new RecorderStats("events", 12, 11, 0, 1, 0, 0), obs.events().stats());
        }
        assertEquals(10, count("SELECT count(*) FROM audit_log WHERE component = 'good'"));
        assertEquals(0, count("SELECT count(*) FROM audit_log WHERE NOT json_valid(coalesce(parameters, 'null'))"
                + " OR NOT json_valid(coalesce(result, 'null')) OR NOT json_valid(coalesce(metadata, 'null'))"));
        assertEquals(0, count("SELECT count(*) FROM business_event_logs WHERE NOT json_valid(coalesce(details, 'null'))"));
        assertEquals(0, count("SELECT count(*) FROM audit_log WHERE instr(error_message, char(0)) > 0"));
        assertEquals(256, count("SELECT max(length(user_id)) FROM audit_log"));
        assertEquals(0, count("SELECT count(*) FROM metrics_timeseries t JOIN metrics_metadata m USING (series_id)"
                + " WHERE m.name = 'neg.zero' AND t.value <> 0"));
    }

    @Test
    void retention_deletesOldRowsOnly_leavingFreshRowsUntouched() throws Exception {
        Instant now = Instant.parse("2026-11-22T12:00:00Z");
        long old = now.minus(Duration.ofDays(10)).toEpochMilli();
        long fresh = now.minus(Duration.ofHours(1)).toEpochMilli();
        RetentionPolicy policy = RetentionPolicy.builder()
                .keep(DataKind.METRICS, Duration.ofDays(7))
                .keep(DataKind.AUDIT, Duration.ofDays(7))
                .keep(DataKind.EVENTS, Duration.ofDays(7))
                .chunkSize(100).pauseBetweenChunks(Duration.ZERO)
                .build();
        try (LiteObs obs = liteObs(SqliteStore.open(file())).clock(Clock.fixed(now, ZoneOffset.UTC))
                .retention(policy).build()) {
            for (int i = 0; i < 1_000; i++) {
                obs.metrics().record("m", i, null, null, i % 2 == 0 ? old + i : fresh + i);
                obs.audit().logAsync(AuditEntry.builder("c", i % 2 == 0 ? "old" : "fresh")
                        .timestamp(Instant.ofEpochMilli(i % 2 == 0 ? old : fresh)).build());
                obs.events().record(BusinessEvent.builder(i % 2 == 0 ? "old" : "fresh", "s")
                        .timestamp(Instant.ofEpochMilli(i % 2 == 0 ? old : fresh)).build());
            }
            assertTrue(obs.flush(FLUSH_WAIT));
            RetentionResult result = obs.retention().run();
            assertEquals(Map.of(DataKind.METRICS, 500L, DataKind.AUDIT, 500L, DataKind.EVENTS, 500L),
                    result.deleted());
            assertTrue(result.completed());
        }
        assertEquals(500, count("SELECT count(*) FROM metrics_timeseries WHERE timestamp >= " + fresh));
        assertEquals(0, count("SELECT count(*) FROM metrics_timeseries WHERE timestamp < " + fresh));
        assertEquals(500, count("SELECT count(*) FROM audit_log WHERE operation = 'fresh'"));
        assertEquals(0, count("SELECT count(*) FROM audit_log WHERE operation = 'old'"));
        assertEquals(500, count("SELECT count(*) FROM business_event_logs WHERE event_type = 'fresh'"));
        assertEquals(1, count("SELECT count(*) FROM metrics_metadata"), "series descriptions stay");
    }

    /** Runs the body on {@code threads} threads released together, and waits for all of them. */
    /** Runs {@code body} on {@code threads} threads at once; a failure in any of them fails the caller. */
    private static void runConcurrently(int threads, ThreadBody body) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                running.add(pool.submit(() -> {
                    start.await();
                    body.run(index);
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> thread : running) {
                thread.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @FunctionalInterface
    private interface ThreadBody {
        void run(int threadIndex);
    }
}
