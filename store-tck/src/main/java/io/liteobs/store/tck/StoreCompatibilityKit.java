package io.liteobs.store.tck;

import static io.liteobs.store.tck.Entries.DAY;
import static io.liteobs.store.tck.Entries.HOUR;
import static io.liteobs.store.tck.Entries.INJECTIONS;
import static io.liteobs.store.tck.Entries.MINUTE;
import static io.liteobs.store.tck.Entries.T0;
import static io.liteobs.store.tck.Entries.alert;
import static io.liteobs.store.tck.Entries.audit;
import static io.liteobs.store.tck.Entries.batch;
import static io.liteobs.store.tck.Entries.batchOf;
import static io.liteobs.store.tck.Entries.event;
import static io.liteobs.store.tck.Entries.heartbeat;
import static io.liteobs.store.tck.Entries.httpRequest;
import static io.liteobs.store.tck.Entries.point;
import static io.liteobs.store.tck.Entries.progressHeartbeat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Aggregation;
import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.AuditCountQuery;
import io.liteobs.AuditEntry;
import io.liteobs.AuditOrder;
import io.liteobs.AuditQuery;
import io.liteobs.AuditStatusCount;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.HttpCountQuery;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestCount;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.HttpRouteStats;
import io.liteobs.HttpStatsQuery;
import io.liteobs.Labels;
import io.liteobs.LatestValue;
import io.liteobs.MetricDescription;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.Page;
import io.liteobs.MetricType;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.Retention;
import io.liteobs.RetentionPolicy;
import io.liteobs.RetentionResult;
import io.liteobs.SeriesPoint;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.WorkerLiveness;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertInstanceState;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.OptionalLong;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tests every {@link ObservabilityStore} passes: what the SPI promises, checked the same way for each store, so
 * that a new store is proven by the tests that prove the SQLite one. A store's test extends this class and opens the
 * store under test; the kit's nested groups run against it, one fresh store per test.
 *
 * <pre>{@code
 * class SqliteStoreCompatibilityTest extends StoreCompatibilityKit {
 *     @Override
 *     protected ObservabilityStore openStore(Path directory) {
 *         return SqliteStore.open(directory.resolve("obs.db"));
 *     }
 * }
 * }</pre>
 *
 * <p>Time moves by the timestamps the tests write, and by a {@link Clock} the test sets where retention runs through
 * {@link Retention}; no test sleeps. Tests with several threads wait on latches and futures.
 */
public abstract class StoreCompatibilityKit {

    /** How long a test with several threads waits for them at most before it fails. */
    private static final Duration THREAD_TIMEOUT = Duration.ofSeconds(60);

    // JUnit injects it before each test
    @SuppressWarnings("NullAway.Init")
    @TempDir
    private Path directory;
    private ObservabilityStore store;

    /**
     * Opens an empty store for one test; the kit closes it after the test.
     *
     * @param directory an empty directory of this test's own, for a store that keeps files; deleted after the test
     * @return the store under test; never null
     */
    protected abstract ObservabilityStore openStore(Path directory);

    /** For a store's test class, which extends this kit. */
    protected StoreCompatibilityKit() {
    }

    @BeforeEach
    void openStoreUnderTest() {
        store = openStore(directory);
    }

    @AfterEach
    void closeStoreUnderTest() {
        store.close();
    }

    private List<String> auditIds(UnaryOperator<AuditQuery.Builder> query) {
        return store.findAudit(query.apply(AuditQuery.builder()).build()).stream().map(AuditEntry::id).toList();
    }

    private List<String> eventIds(UnaryOperator<EventQuery.Builder> query) {
        return store.findEvents(query.apply(EventQuery.builder()).build()).stream().map(BusinessEvent::id).toList();
    }

    private List<MetricPoint> points(String name, Labels labels) {
        return store.findMetricPoints(MetricQuery.builder(name).labels(labels).build());
    }

    private static List<Double> values(List<MetricPoint> points) {
        return points.stream().map(MetricPoint::value).toList();
    }

    private static TimeRange range(long fromMillis, long toMillis) {
        return TimeRange.between(Instant.ofEpochMilli(fromMillis), Instant.ofEpochMilli(toMillis));
    }

    private long count(DataKind kind) {
        return Objects.requireNonNull(store.rowCounts().get(kind), () -> "rowCounts() lacks " + kind);
    }

    /** Runs the tasks on threads of their own, all let go at once, and fails with the first task that failed. */
    private static void runTogether(List<ThrowingTask> tasks) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(tasks.size());
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (ThrowingTask task : tasks) {
                running.add(threads.submit(() -> {
                    start.await();
                    task.run();
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> task : running) {
                task.get(THREAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A task of a test thread. */
    @FunctionalInterface
    private interface ThrowingTask {
        void run() throws Exception;
    }

    /** Batches: every field stored, every kind counted, a batch stored whole. */
    @Nested
    class Writes {

        @Test
        void auditEntry_roundTripsEveryField() {
            AuditEntry full = new AuditEntry("a-1", T0, "orders", "cancel", "error", "alice", "s-1", "r-1",
                    "{\"orderId\":\"o-1\"}", "{\"ok\":false}", "E42", "went\nwrong", 42L, "{\"region\":\"eu\"}");
            AuditEntry sparse = new AuditEntry("a-2", T0 + 1, "orders", "list", "success", null, null, null, null,
                    null, null, null, null, null);
            store.write(batch(full, sparse));

            assertEquals(List.of(full, sparse), store.findAudit(AuditQuery.builder()
                    .orderBy(AuditOrder.TIME).direction(SortDirection.ASC).build()));
        }

        @Test
        void businessEvent_roundTripsEveryField() {
            BusinessEvent full = new BusinessEvent("e-1", T0, "order.created", "checkout", "order", "o-1", "alice",
                    "create", "{\"total\":42.5}", true);
            BusinessEvent sparse = new BusinessEvent("e-2", T0 + 1, "payment.failed", "billing", null, null, null,
                    null, null, false);
            store.write(batch(full, sparse));

            assertEquals(List.of(sparse, full), store.findEvents(EventQuery.builder().build()));
        }

        @Test
        void heartbeat_roundTripsEveryField() {
            Heartbeat full = heartbeat("worker-1", T0);
            Heartbeat unknownCpuNoHeapLimit = new Heartbeat("worker-2", null, 7, T0, 5_000, 3, 10, 20, -1, 5, 0, 0,
                    null, 1);
            store.write(batch(full, unknownCpuNoHeapLimit));

            assertEquals(List.of(full, unknownCpuNoHeapLimit), store.latestHeartbeats());
        }

        @Test
        void httpRequest_roundTripsEveryField() {
            HttpRequest full = new HttpRequest(T0, "POST", "/orders/1001", "/orders/{id}", 503, 1_234_567, 10L,
                    2_048L, "req-1", "4bf92f3577b34da6a3ce929d0e0e4736", "alice", "203.0.113.7", "curl/8.5",
                    "page=2", "java.io.IOException: reset");
            HttpRequest sparse = httpRequest("GET", "/health", 200, 0, T0 + 1);
            store.write(batch(full, sparse));

            assertEquals(List.of(full, sparse), store.findHttpRequests(HttpRequestQuery.builder()
                    .orderBy(HttpRequestOrder.TIME).direction(SortDirection.ASC).build()));
        }

        @Test
        void emptyBatch_writesNothing() {
            store.write(WriteBatch.buffer().batch());

            assertTrue(store.rowCounts().values().stream().allMatch(count -> count == 0), store.rowCounts()::toString);
            assertEquals(0, store.seriesCount());
        }

        @Test
        void batchOfEveryKind_isCountedPerKind() {
            store.write(batch(audit("a-1", T0).build(), audit("a-2", T0).build(), event("e-1", T0).build(),
                    heartbeat("w-1", T0), heartbeat("w-1", T0 + 1), heartbeat("w-2", T0), alert("al-1", T0),
                    point("latency", 1, T0, "region", "eu"), point("latency", 2, T0, "region", "us"),
                    point("latency", 3, T0 + 1, "region", "us"), point("jobs", 1, T0),
                    httpRequest("GET", "/orders", 200, 5, T0), httpRequest("GET", "/orders", 200, 5, T0)));

            Map<DataKind, Long> expected = new EnumMap<>(DataKind.class);
            expected.putAll(Map.of(DataKind.AUDIT, 2L, DataKind.METRICS, 4L, DataKind.EVENTS, 1L,
                    DataKind.HEARTBEATS, 3L, DataKind.ALERTS, 1L, DataKind.HTTP_REQUESTS, 2L));
            assertEquals(expected, store.rowCounts());
            assertEquals(List.of(DataKind.values()), List.copyOf(store.rowCounts().keySet()),
                    "every kind is a key, in the enum's order");
            assertEquals(3, store.seriesCount());
        }

        @Test
        // builds an entry without its required component, as a caller the compiler does not check can
        @SuppressWarnings("NullAway")
        void refusedEntry_leavesNothingOfItsBatch() {
            AuditEntry withoutComponent = new AuditEntry("a-2", T0, null, "cancel", "success", null, null, null,
                    null, null, null, null, null, null);

            StoreException rejected = assertThrows(StoreException.class, () -> store.write(batch(
                    audit("a-1", T0).build(), event("e-1", T0).build(), heartbeat("w-1", T0), alert("al-1", T0),
                    new MetricDescription("m", MetricType.COUNTER, null, "described"), point("m", 1, T0),
                    withoutComponent)));

            assertEquals(StoreException.Kind.REJECTED_DATA, rejected.kind());
            assertTrue(store.rowCounts().values().stream().allMatch(count -> count == 0), store.rowCounts()::toString);
            assertEquals(0, store.seriesCount());
            store.write(batch(point("m", 1, T0)));
            assertEquals(MetricType.GAUGE, store.findMetricMetadata("m").get(0).type(),
                    "the refused batch's description was not kept either");
        }

        @Test
        void refusedBatch_createsNoSeries_andTheNextBatchStartsClean() {
            AuditEntry withoutId = new AuditEntry(null, T0, "orders", "cancel", "success", null, null, null, null,
                    null, null, null, null, null);
            assertThrows(StoreException.class, () -> store.write(batch(point("latency", 1, T0, "region", "eu"),
                    withoutId)));

            store.write(batch(point("latency", 2, T0 + 1, "region", "eu")));

            List<MetricMetadata> series = store.findMetricMetadata("latency");
            assertEquals(1, series.size());
            assertEquals(T0 + 1, series.get(0).firstSeenMillis());
            assertEquals(List.of(new MetricPoint("latency", 2, "ms", Labels.of("region", "eu"), T0 + 1)),
                    points("latency", Labels.empty()));
        }

        @Test
        void severalWriterThreads_loseNothing() throws Exception {
            int writers = 4;
            int batches = 50;
            int perBatch = 5;
            List<ThrowingTask> tasks = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                String writer = "w" + w;
                tasks.add(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<Object> entries = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            String id = writer + "-" + b + "-" + i;
                            entries.add(audit("a-" + id, T0 + b).build());
                            entries.add(event("e-" + id, T0 + b).build());
                            entries.add(point("requests", i, T0 + b, "shard", Integer.toString(i)));
                        }
                        entries.add(heartbeat("worker-" + writer, T0 + b));
                        store.write(batchOf(entries));
                    }
                });
            }

            runTogether(tasks);

            long expected = (long) writers * batches * perBatch;
            assertEquals(expected, count(DataKind.AUDIT));
            assertEquals(expected, count(DataKind.EVENTS));
            assertEquals(expected, count(DataKind.METRICS));
            assertEquals((long) writers * batches, count(DataKind.HEARTBEATS));
            assertEquals(perBatch, store.seriesCount(), "series shared by every writer are stored once");
        }
    }

    /** Entries a store refuses: the batch fails as rejected data, and the good entries can be stored on their own. */
    @Nested
    class RefusedEntries {

        // entries without required fields, as callers the compiler does not check can build them
        @SuppressWarnings("NullAway")
        private final List<Object> refused = List.of(
                new AuditEntry(null, T0, "orders", "cancel", "success", null, null, null, null, null, null, null,
                        null, null),
                new AuditEntry("a-x", T0, null, "cancel", "success", null, null, null, null, null, null, null, null,
                        null),
                new AuditEntry("a-x", T0, "orders", null, "success", null, null, null, null, null, null, null, null,
                        null),
                new AuditEntry("a-x", T0, "orders", "cancel", null, null, null, null, null, null, null, null, null,
                        null),
                new BusinessEvent(null, T0, "order.created", "checkout", null, null, null, null, null, true),
                new BusinessEvent("e-x", T0, null, "checkout", null, null, null, null, null, true),
                new BusinessEvent("e-x", T0, "order.created", null, null, null, null, null, null, true),
                new Heartbeat(null, "host-1", 1, T0, 10_000, 1, 1, 1, 1, 1, 0, 0, null, 1),
                point("latency", Double.NaN, T0),
                point("latency", Double.POSITIVE_INFINITY, T0),
                point("latency", Double.NEGATIVE_INFINITY, T0),
                new HttpRequest(T0, null, "/a", "/a", 200, 1, null, null, null, null, null, null, null, null, null),
                new HttpRequest(T0, "GET", null, "/a", 200, 1, null, null, null, null, null, null, null, null, null),
                new HttpRequest(T0, "GET", "/a", null, 200, 1, null, null, null, null, null, null, null, null, null));

        @Test
        void everyEntryMissingARequiredFieldOrValue_isRejectedData_andStoresNothing() {
            for (Object entry : refused) {
                StoreException rejected = assertThrows(StoreException.class,
                        () -> store.write(batch(audit("a-1", T0).build(), point("good", 1, T0), entry)),
                        entry::toString);
                assertEquals(StoreException.Kind.REJECTED_DATA, rejected.kind(), entry::toString);
                assertEquals(0, count(DataKind.AUDIT), entry::toString);
                assertEquals(0, count(DataKind.METRICS), entry::toString);
                assertEquals(0, store.seriesCount(), entry::toString);
            }
        }

        @Test
        void entriesWrittenOneByOne_storeTheGoodOnes_andRefuseOnlyTheBadOne() {
            List<Object> good = List.of(audit("a-1", T0).build(), event("e-1", T0).build(), heartbeat("w-1", T0),
                    point("latency", 1, T0), audit("a-2", T0 + 1).build());
            List<Object> mixed = new ArrayList<>(good);
            mixed.add(2, point("latency", Double.NaN, T0));
            assertThrows(StoreException.class, () -> store.write(batchOf(mixed)));

            int refusedCount = 0;
            for (Object entry : mixed) {
                try {
                    store.write(batch(entry));
                } catch (StoreException e) {
                    assertEquals(StoreException.Kind.REJECTED_DATA, e.kind());
                    refusedCount++;
                }
            }

            assertEquals(1, refusedCount);
            assertEquals(List.of("a-1", "a-2"), auditIds(q -> q.orderBy(AuditOrder.TIME).direction(SortDirection.ASC)));
            assertEquals(1, count(DataKind.EVENTS));
            assertEquals(1, count(DataKind.HEARTBEATS));
            assertEquals(List.of(1.0), values(points("latency", Labels.empty())));
        }
    }

    /** A batch written again after a failure stores its audit entries, events and alerts once: they have ids. */
    @Nested
    class Retries {

        @Test
        void batchWrittenTwice_isStoredOnce_andTheFirstCopyStays() {
            WriteBatch retried = batch(audit("a-1", T0).build(), event("e-1", T0).build(), alert("al-1", T0));
            store.write(retried);
            store.write(retried);
            store.write(batch(audit("a-1", T0 + 5).status("changed").build(),
                    event("e-1", T0 + 5).action("changed").build()));

            assertEquals(1, count(DataKind.AUDIT));
            assertEquals(1, count(DataKind.EVENTS));
            assertEquals(1, count(DataKind.ALERTS));
            assertEquals("success", store.findAudit(AuditQuery.builder().build()).get(0).status());
            assertEquals(T0, store.findEvents(EventQuery.builder().build()).get(0).timestampMillis());
        }

        @Test
        void idRepeatedInOneBatch_isStoredOnce() {
            store.write(batch(audit("a-1", T0).build(), audit("a-1", T0 + 1).status("changed").build(),
                    event("e-1", T0).build(), event("e-1", T0 + 1).build()));

            assertEquals(List.of(T0), store.findAudit(AuditQuery.builder().build()).stream()
                    .map(AuditEntry::timestampMillis).toList());
            assertEquals(1, count(DataKind.EVENTS));
        }
    }

    /**
     * Audit queries. a-1..a-5 in time order; a-4 and a-5 share a timestamp; a-3 and a-5 have no duration. Events:
     * e-1..e-4, e-3 and e-4 share a timestamp.
     */
    @Nested
    class AuditAndEventQueries {

        @BeforeEach
        void writeEntries() {
            store.write(batch(
                    audit("a-1", T0).userId("alice").requestId("r-1").duration(Duration.ofMillis(30)).build(),
                    AuditEntry.builder("orders", "list").id("a-2").timestamp(Instant.ofEpochMilli(T0 + 10))
                            .userId("bob").duration(Duration.ofMillis(10)).build(),
                    audit("a-3", T0 + 20).status("error").userId("alice").requestId("r-2").build(),
                    audit("a-4", T0 + 30).duration(Duration.ofMillis(30)).build(),
                    AuditEntry.builder("billing", "refund").id("a-5").timestamp(Instant.ofEpochMilli(T0 + 30))
                            .status("denied").build()));
            store.write(batch(
                    event("e-1", T0).entity("order", "o-1").userId("alice").build(),
                    event("e-2", T0 + 10).entity("order", "o-2").build(),
                    BusinessEvent.builder("payment.failed", "billing").id("e-3")
                            .timestamp(Instant.ofEpochMilli(T0 + 20)).entity("payment", "p-1").userId("bob")
                            .success(false).build(),
                    event("e-4", T0 + 20).entity("order", "o-1").build()));
        }

        @Test
        void auditFilters_eachMatchExactly_andCombineWithAnd() {
            assertEquals(List.of("a-4", "a-3", "a-2", "a-1"), auditIds(q -> q.component("orders")));
            assertEquals(List.of("a-2"), auditIds(q -> q.operation("list")));
            assertEquals(List.of("a-3"), auditIds(q -> q.status("error")));
            assertEquals(List.of("a-3", "a-1"), auditIds(q -> q.userId("alice")));
            assertEquals(List.of("a-1"), auditIds(q -> q.requestId("r-1")));
            assertEquals(List.of("a-1"), auditIds(q -> q.userId("alice").status("success")));
            assertEquals(List.of(), auditIds(q -> q.component("billing").operation("cancel")));
        }

        @Test
        void auditTimeRange_includesItsStartAndExcludesItsEnd() {
            assertEquals(List.of("a-3", "a-2"), auditIds(q -> q.range(range(T0 + 10, T0 + 30))));
            assertEquals(List.of("a-5", "a-4"), auditIds(q -> q.range(range(T0 + 30, T0 + 31))));
        }

        @Test
        void auditByTime_breaksTiesByInsertionOrderInTheSameDirection() {
            assertEquals(List.of("a-1", "a-2", "a-3", "a-4", "a-5"),
                    auditIds(q -> q.orderBy(AuditOrder.TIME).direction(SortDirection.ASC)));
            assertEquals(List.of("a-5", "a-4", "a-3", "a-2", "a-1"),
                    auditIds(q -> q.orderBy(AuditOrder.TIME).direction(SortDirection.DESC)));
        }

        @Test
        void auditByDuration_putsEntriesWithoutADurationLast_inBothDirections() {
            assertEquals(List.of("a-2", "a-1", "a-4", "a-3", "a-5"),
                    auditIds(q -> q.orderBy(AuditOrder.DURATION).direction(SortDirection.ASC)));
            assertEquals(List.of("a-4", "a-1", "a-2", "a-5", "a-3"),
                    auditIds(q -> q.orderBy(AuditOrder.DURATION).direction(SortDirection.DESC)));
        }

        @Test
        void auditPages_neitherOverlapNorSkip() {
            UnaryOperator<AuditQuery.Builder> oldestFirst = q -> q.orderBy(AuditOrder.TIME).direction(SortDirection.ASC)
                    .limit(2);

            assertEquals(List.of("a-1", "a-2"), auditIds(q -> oldestFirst.apply(q).offset(0)));
            assertEquals(List.of("a-3", "a-4"), auditIds(q -> oldestFirst.apply(q).offset(2)));
            assertEquals(List.of("a-5"), auditIds(q -> oldestFirst.apply(q).offset(4)));
            assertEquals(List.of(), auditIds(q -> oldestFirst.apply(q).offset(6)));
        }

        @Test
        void auditCounts_perComponentOperationAndStatus_inRangeAndFilters() {
            assertEquals(List.of(new AuditStatusCount("billing", "refund", "denied", 1),
                            new AuditStatusCount("orders", "cancel", "error", 1),
                            new AuditStatusCount("orders", "cancel", "success", 2),
                            new AuditStatusCount("orders", "list", "success", 1)),
                    store.countAudit(AuditCountQuery.builder(TimeRange.ALL).build()));
            assertEquals(List.of(new AuditStatusCount("orders", "cancel", "error", 1),
                            new AuditStatusCount("orders", "cancel", "success", 1)),
                    store.countAudit(AuditCountQuery.builder(range(T0 + 20, T0 + 31)).component("orders")
                            .operation("cancel").build()));
            assertEquals(List.of(), store.countAudit(AuditCountQuery.builder(range(T0 - 10, T0)).build()));
        }

        @Test
        void eventFilters_eachMatchExactly_inBothDirections() {
            assertEquals(List.of("e-4", "e-3", "e-2", "e-1"), eventIds(q -> q));
            assertEquals(List.of("e-1", "e-2", "e-3", "e-4"), eventIds(q -> q.direction(SortDirection.ASC)));
            assertEquals(List.of("e-3"), eventIds(q -> q.eventType("payment.failed")));
            assertEquals(List.of("e-3"), eventIds(q -> q.service("billing")));
            assertEquals(List.of("e-1", "e-4"), eventIds(q -> q.entity("order", "o-1")
                    .direction(SortDirection.ASC)));
            assertEquals(List.of("e-4", "e-2", "e-1"), eventIds(q -> q.entity("order", null)));
            assertEquals(List.of("e-4", "e-1"), eventIds(q -> q.entity(null, "o-1")));
            assertEquals(List.of("e-1"), eventIds(q -> q.userId("alice")));
        }

        @Test
        void eventTimeRange_andPages() {
            assertEquals(List.of("e-4", "e-3"), eventIds(q -> q.range(range(T0 + 10, T0 + 21)).limit(2)));
            assertEquals(List.of("e-2"), eventIds(q -> q.range(range(T0 + 10, T0 + 20))));
            assertEquals(List.of("e-2"), eventIds(q -> q.limit(1).offset(2)));
            assertEquals(List.of("e-3", "e-4"), eventIds(q -> q.direction(SortDirection.ASC).limit(2).offset(2)));
            assertEquals(List.of(), eventIds(q -> q.offset(4)));
        }
    }

    /** Values shaped like SQL injection or LIKE patterns are plain values: they match nothing and change nothing. */
    @Nested
    class InjectionShapedValues {

        @BeforeEach
        void writeEntries() {
            store.write(batch(audit("a-1", T0).userId("alice").requestId("r-1").build(),
                    event("e-1", T0).entity("order", "o-1").userId("alice").build(),
                    point("latency", 1, T0, "region", "eu"), heartbeat("w-1", T0),
                    httpRequest("GET", "/orders", 200, 5, T0)));
        }

        @Test
        void injectionInEveryFilter_matchesNothing_andEveryKindSurvives() {
            TimeRange minute = range(T0, T0 + MINUTE);
            Map<DataKind, Long> before = store.rowCounts();
            for (String injection : INJECTIONS) {
                assertEquals(List.of(), auditIds(q -> q.component(injection)), injection);
                assertEquals(List.of(), auditIds(q -> q.operation(injection)), injection);
                assertEquals(List.of(), auditIds(q -> q.status(injection)), injection);
                assertEquals(List.of(), auditIds(q -> q.userId(injection)), injection);
                assertEquals(List.of(), auditIds(q -> q.requestId(injection)), injection);
                assertEquals(List.of(), eventIds(q -> q.eventType(injection)), injection);
                assertEquals(List.of(), eventIds(q -> q.service(injection)), injection);
                assertEquals(List.of(), eventIds(q -> q.entity(injection, injection)), injection);
                assertEquals(List.of(), eventIds(q -> q.userId(injection)), injection);
                assertEquals(List.of(), points(injection, Labels.empty()), injection);
                assertEquals(List.of(), points("latency", Labels.of("region", injection)), injection);
                assertEquals(List.of(), store.findMetricMetadata(injection), injection);
                assertEquals(List.of(), store.downsample(DownsampleQuery.builder(injection).range(minute).build()),
                        injection);
                assertEquals(List.of(), store.downsample(DownsampleQuery.builder("latency").range(minute)
                        .labels(Labels.of("region", injection)).build()), injection);
                assertEquals(Optional.empty(), store.latestHeartbeat(injection), injection);
                assertEquals(List.of(), store.findHttpRequests(HttpRequestQuery.builder().method(injection)
                        .build()), injection);
                assertEquals(List.of(), store.findHttpRequests(HttpRequestQuery.builder().route(injection)
                        .build()), injection);
                assertEquals(List.of(), store.findHttpRequests(HttpRequestQuery.builder().requestId(injection)
                        .build()), injection);
                assertEquals(List.of(), store.findHttpRequests(HttpRequestQuery.builder().user(injection)
                        .build()), injection);
                assertEquals(List.of(), store.httpRouteStats(HttpStatsQuery.builder(minute).route(injection)
                        .method(injection).build()), injection);
            }
            assertEquals(before, store.rowCounts());
            assertEquals(1, store.seriesCount());
            assertEquals(List.of("a-1"), auditIds(q -> q.component("orders")), "the data is still there");
        }

        @Test
        void injectionShapedValues_areStoredAndFoundAsTheyAre() {
            for (int i = 0; i < INJECTIONS.size(); i++) {
                String value = INJECTIONS.get(i);
                store.write(batch(audit("i-" + i, T0 + 1).userId(value).build(),
                        point("latency", i, T0 + 1, "region", value), httpRequest("GET", value, 200, i, T0 + 1)));
            }

            for (int i = 0; i < INJECTIONS.size(); i++) {
                String value = INJECTIONS.get(i);
                assertEquals(List.of("i-" + i), auditIds(q -> q.userId(value)), value);
                assertEquals(List.of((double) i), values(points("latency", Labels.of("region", value))), value);
                assertEquals(List.of((long) i * 1_000), store.findHttpRequests(HttpRequestQuery.builder().route(value)
                        .build()).stream().map(HttpRequest::durationNanos).toList(), value);
            }
        }
    }

    /** Raw points, label matching and the description of series. */
    @Nested
    class MetricQueries {

        @Test
        void points_comeBackOldestFirst_withTheirSeriesLabelsAndUnit_withinRangeAndLimit() {
            MetricPoint eu = point("latency", 1.5, T0 + 20, "region", "eu");
            MetricPoint us = point("latency", 2.5, T0 + 10, "region", "us");
            MetricPoint plain = new MetricPoint("latency", 3.5, null, Labels.empty(), T0 + 30);
            store.write(batch(eu, us, plain, point("other", 9, T0, "region", "eu")));

            assertEquals(List.of(us, eu, plain), points("latency", Labels.empty()));
            assertEquals(List.of(us), store.findMetricPoints(MetricQuery.builder("latency").limit(1).build()));
            assertEquals(List.of(eu), store.findMetricPoints(MetricQuery.builder("latency")
                    .range(range(T0 + 11, T0 + 30)).build()));
        }

        @Test
        void pointsSharingAMillisecond_comeBackBySeriesThenInTheOrderWritten() {
            store.write(batch(point("latency", 3, T0, "region", "eu"), point("latency", 1, T0, "region", "eu")));
            store.write(batch(point("latency", 8, T0, "region", "us"), point("latency", 2, T0, "region", "eu")));

            assertEquals(List.of(3.0, 1.0, 2.0, 8.0), values(points("latency", Labels.empty())),
                    "eu's series was created first");
        }

        @Test
        void labelQuery_matchesEverySeriesCarryingAllItsLabels() {
            store.write(batch(
                    point("requests", 1, T0, "region", "eu", "status", "200"),
                    point("requests", 2, T0 + 1, "region", "eu", "status", "500"),
                    point("requests", 3, T0 + 2, "region", "us", "status", "200"),
                    point("requests", 4, T0 + 3),
                    point("requests", 5, T0 + 4, "a.b:c-d", "dotted")));

            assertEquals(List.of(1.0, 2.0), values(points("requests", Labels.of("region", "eu"))));
            assertEquals(List.of(1.0, 3.0), values(points("requests", Labels.of("status", "200"))));
            assertEquals(List.of(2.0), values(points("requests", Labels.of("status", "500", "region", "eu"))));
            assertEquals(List.of(5.0), values(points("requests", Labels.of("a.b:c-d", "dotted"))));
            assertEquals(List.of(), values(points("requests", Labels.of("region", "asia"))));
            assertEquals(List.of(), values(points("requests", Labels.of("zone", "eu"))));
            assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0), values(points("requests", Labels.empty())));
        }

        @Test
        void series_isStoredOnce_andItsFirstAndLastSeenFollowItsPoints() {
            store.write(batch(point("latency", 1, T0 + 5_000, "region", "eu"),
                    point("latency", 2, T0 + 7_000, "region", "eu")));
            store.write(batch(point("latency", 3, T0 + 1_000, "region", "eu")));
            store.write(batch(point("latency", 4, T0 + 9_000, "region", "eu"),
                    point("latency", 5, T0 + 2_000, "region", "eu")));

            List<MetricMetadata> series = store.findMetricMetadata("latency");
            assertEquals(1, series.size());
            MetricMetadata eu = series.get(0);
            assertEquals("latency", eu.name());
            assertEquals(Labels.of("region", "eu"), eu.labels());
            assertEquals(T0 + 1_000, eu.firstSeenMillis());
            assertEquals(T0 + 9_000, eu.lastSeenMillis());
            assertEquals(5, count(DataKind.METRICS));
            assertEquals(1, store.seriesCount());
        }

        @Test
        void latestValues_giveEachRecentSeriesItsLastPoint_newestSeriesFirst() {
            store.write(batch(point("latency", 1, T0 + 5_000, "region", "eu"),
                    point("latency", 2, T0 + 9_000, "region", "eu"),
                    point("latency", 3, T0 + 9_000, "region", "eu"),
                    point("latency", 4, T0 + 1_000, "region", "eu"),
                    point("latency", 5, T0 + 7_000, "region", "us"),
                    point("queue", 6, T0 + 2_000)));

            List<LatestValue> latest = store.latestValues(T0, 10);
            assertEquals(List.of(3.0, 5.0, 6.0), latest.stream().map(LatestValue::value).toList(),
                    "the point written last in the latest millisecond, series by last seen, newest first");
            assertEquals(T0 + 9_000, latest.get(0).timestampMillis());
            assertEquals(Labels.of("region", "eu"), latest.get(0).series().labels());
            assertEquals("queue", latest.get(2).series().name());
            assertEquals(List.of(3.0, 5.0), store.latestValues(T0 + 7_000, 10).stream().map(LatestValue::value)
                    .toList(), "series last seen before the bound are left out");
            assertEquals(List.of(3.0), store.latestValues(T0, 1).stream().map(LatestValue::value).toList());
            assertThrows(IllegalArgumentException.class, () -> store.latestValues(T0, 0));
        }

        @Test
        void undescribedSeries_isAGaugeInItsPointsUnit() {
            store.write(batch(point("latency", 1, T0, "region", "eu")));

            MetricMetadata series = store.findMetricMetadata("latency").get(0);
            assertEquals(MetricType.GAUGE, series.type());
            assertEquals("ms", series.unit());
            assertEquals(null, series.description());
        }

        @Test
        void descriptionWrittenBeforeTheFirstPoint_describesEverySeriesCreatedLater() {
            store.write(batch(new MetricDescription("jobs", MetricType.COUNTER, "jobs", "Jobs finished")));
            store.write(batch(point("jobs", 1, T0, "queue", "a"), point("jobs", 1, T0, "queue", "b")));

            List<MetricMetadata> series = store.findMetricMetadata("jobs");
            assertEquals(2, series.size());
            for (MetricMetadata one : series) {
                assertEquals(MetricType.COUNTER, one.type());
                assertEquals("jobs", one.unit());
                assertEquals("Jobs finished", one.description());
            }
        }

        @Test
        void descriptionWrittenAfterThePoints_describesTheExistingSeries_keepingTheirUnitWhenItHasNone() {
            store.write(batch(point("latency", 1, T0, "region", "eu"), point("latency", 1, T0, "region", "us"),
                    point("other", 1, T0)));
            store.write(batch(new MetricDescription("latency", MetricType.TIMER, null, "Request latency")));

            List<MetricMetadata> latency = store.findMetricMetadata("latency");
            assertEquals(2, latency.size());
            for (MetricMetadata series : latency) {
                assertEquals(MetricType.TIMER, series.type());
                assertEquals("ms", series.unit());
                assertEquals("Request latency", series.description());
            }
            assertEquals(MetricType.GAUGE, store.findMetricMetadata("other").get(0).type());
        }

        @Test
        void metadataOfEveryMetric_isOrderedByNameThenLabels() {
            store.write(batch(point("b", 1, T0, "k", "2"), point("a", 1, T0), point("b", 1, T0, "k", "1")));

            assertEquals(List.of("a {}", "b {\"k\":\"1\"}", "b {\"k\":\"2\"}"), store.findMetricMetadata(null)
                    .stream().map(series -> series.name() + " " + series.labels().toJson()).toList());
            assertEquals(List.of(), store.findMetricMetadata("c"));
        }
    }

    /**
     * Downsampling by one-minute buckets from M0, a whole minute since the epoch, over three minutes. Bucket 0 holds
     * 1, 3, 5 (eu, the 5 at its last millisecond) and 10 (us); bucket 1 holds 7, which lies exactly on its boundary;
     * bucket 2 holds 9; points before M0 and at the range's end are outside.
     */
    @Nested
    class Downsampling {

        /** {@code T0} rounded down to a whole minute since the epoch, where one-minute buckets start. */
        private static final long M0 = T0 - T0 % MINUTE;

        private static final TimeRange THREE_MINUTES = TimeRange.between(Instant.ofEpochMilli(M0),
                Instant.ofEpochMilli(M0 + 3 * MINUTE));

        private List<SeriesPoint> downsample(Aggregation aggregation, Labels labels) {
            return store.downsample(DownsampleQuery.builder("latency").labels(labels).range(THREE_MINUTES)
                    .step(Duration.ofMinutes(1)).aggregation(aggregation).build());
        }

        @ParameterizedTest
        @CsvSource({
            "AVG,   4.75, 7, 9,   3, 7, 9",
            "MIN,   1,    7, 9,   1, 7, 9",
            "MAX,   10,   7, 9,   5, 7, 9",
            "SUM,   19,   7, 9,   9, 7, 9",
            "COUNT, 4,    1, 1,   3, 1, 1",
            "LAST,  5,    7, 9,   5, 7, 9",
            "P50,   3,    7, 9,   3, 7, 9",
            "P90,   10,   7, 9,   5, 7, 9",
            "P99,   10,   7, 9,   5, 7, 9"})
        void downsample_aggregatesEachBucket(Aggregation aggregation, double all0, double all1, double all2,
                                             double eu0, double eu1, double eu2) {
            store.write(batch(
                    point("latency", 100, M0 - 1, "region", "eu"),
                    point("latency", 1, M0, "region", "eu"),
                    point("latency", 5, M0 + MINUTE - 1, "region", "eu"),
                    point("latency", 3, M0 + 10_000, "region", "eu"),
                    point("latency", 10, M0 + 20_000, "region", "us"),
                    point("latency", 7, M0 + MINUTE, "region", "eu"),
                    point("latency", 9, M0 + 2 * MINUTE + 30_000, "region", "eu"),
                    point("latency", 100, M0 + 3 * MINUTE, "region", "eu"),
                    point("other", 100, M0, "region", "eu")));

            assertEquals(List.of(new SeriesPoint(M0, all0, 4), new SeriesPoint(M0 + MINUTE, all1, 1),
                    new SeriesPoint(M0 + 2 * MINUTE, all2, 1)), downsample(aggregation, Labels.empty()));
            assertEquals(List.of(new SeriesPoint(M0, eu0, 3), new SeriesPoint(M0 + MINUTE, eu1, 1),
                    new SeriesPoint(M0 + 2 * MINUTE, eu2, 1)), downsample(aggregation, Labels.of("region", "eu")));
        }

        @ParameterizedTest
        @EnumSource(Aggregation.class)
        void downsample_leavesEmptyBucketsOut_andStartsBucketsOnMultiplesOfTheStep(Aggregation aggregation) {
            store.write(batch(point("latency", 4, M0 + 30_000), point("latency", 4, M0 + 2 * MINUTE + 30_000)));

            double value = switch (aggregation) {
                case COUNT -> 1;
                case RATE -> 4 / 60.0;
                default -> 4;
            };
            List<SeriesPoint> expected = List.of(new SeriesPoint(M0, value, 1),
                    new SeriesPoint(M0 + 2 * MINUTE, value, 1));
            assertEquals(expected, downsample(aggregation, Labels.empty()));
            assertEquals(expected, store.downsample(
                    DownsampleQuery.builder("latency").range(range(M0 + 20_000, M0 + 3 * MINUTE + 20_000))
                            .step(Duration.ofMinutes(1)).aggregation(aggregation).build()),
                    "a range starting inside a bucket gives the buckets of a range starting on the step");
            assertEquals(List.of(), downsample(aggregation, Labels.of("region", "eu")));
        }

        @Test
        void downsample_bucketOfTheRangeStart_holdsOnlyThePointsInRange() {
            store.write(batch(point("latency", 1, M0 + 10_000), point("latency", 2, M0 + 40_000),
                    point("latency", 3, M0 + MINUTE)));

            assertEquals(List.of(new SeriesPoint(M0, 2, 1), new SeriesPoint(M0 + MINUTE, 3, 1)), store.downsample(
                    DownsampleQuery.builder("latency").range(range(M0 + 30_000, M0 + 2 * MINUTE))
                            .step(Duration.ofMinutes(1)).aggregation(Aggregation.SUM).build()));
        }

        @Test
        void downsample_bucketsStartOnMultiplesOfTheStepSinceTheEpoch_forStepsThatDoNotDivideAnHour() {
            long step = 7_000;
            long bucket = Math.floorDiv(T0, step) * step;
            store.write(batch(point("latency", 1, bucket - 1), point("latency", 2, bucket),
                    point("latency", 3, bucket + step - 1), point("latency", 4, bucket + step)));

            assertEquals(List.of(new SeriesPoint(bucket - step, 1, 1), new SeriesPoint(bucket, 5, 2),
                    new SeriesPoint(bucket + step, 4, 1)), store.downsample(
                    DownsampleQuery.builder("latency").range(range(bucket - 3_000, bucket + 2 * step))
                            .step(Duration.ofMillis(step)).aggregation(Aggregation.SUM).build()));
        }

        @ParameterizedTest
        @CsvSource({"P50, 50, 10", "P90, 90, 18", "P95, 95, 19", "P99, 99, 20"})
        void downsamplePercentile_isTheNearestRankOfTheBucketsPoints(Aggregation percentile, double ofHundred,
                                                                    double ofTwenty) {
            // 1 to 100 in the first bucket and 1 to 20 in the second, each written in an order that is not sorted
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                points.add(point("latency", (i * 37) % 100 + 1, M0 + i * 100L));
            }
            for (int i = 0; i < 20; i++) {
                points.add(point("latency", (i * 7) % 20 + 1, M0 + MINUTE + i * 100L));
            }
            store.write(batchOf(points));

            assertEquals(List.of(new SeriesPoint(M0, ofHundred, 100), new SeriesPoint(M0 + MINUTE, ofTwenty, 20)),
                    downsample(percentile, Labels.empty()));
        }

        @ParameterizedTest
        @ValueSource(longs = {1_000, 7_000, 60_000, 300_000})
        void downsampleRate_isEachBucketsIncreasePerSecond_acrossItsSeries(long step) {
            // increments of two series of a counter, 1.5 s apart for five minutes, summed per bucket in Java
            List<MetricPoint> points = new ArrayList<>();
            Map<Long, Double> increaseByBucket = new TreeMap<>();
            for (int i = 0; i < 200; i++) {
                long timestamp = M0 + i * 1_500L;
                double increment = i % 7 + 0.5;
                points.add(point("requests", increment, timestamp, "region", i % 2 == 0 ? "eu" : "us"));
                increaseByBucket.merge(Math.floorDiv(timestamp, step) * step, increment, Double::sum);
            }
            store.write(batchOf(points));

            List<SeriesPoint> rates = store.downsample(DownsampleQuery.builder("requests")
                    .range(range(M0, M0 + 5 * MINUTE)).step(Duration.ofMillis(step))
                    .aggregation(Aggregation.RATE).build());

            assertEquals(List.copyOf(increaseByBucket.keySet()),
                    rates.stream().map(SeriesPoint::timestampMillis).toList());
            List<Double> increases = List.copyOf(increaseByBucket.values());
            for (int bucket = 0; bucket < rates.size(); bucket++) {
                double expected = increases.get(bucket) / (step / 1000.0);
                assertEquals(expected, rates.get(bucket).value(), expected * 1e-12, "bucket " + bucket);
            }
        }

        @Test
        void downsampleLast_isTheLastPointOfTheBucketInQueryOrder_whenPointsShareAMillisecond() {
            // one series, three points in one millisecond: stored in the order written
            store.write(batch(point("latency", 3, M0 + 10, "region", "eu"),
                    point("latency", 1, M0 + 10, "region", "eu"), point("latency", 2, M0 + 10, "region", "eu")));
            // two series at the same millisecond, the later one written first, in a later bucket
            store.write(batch(point("latency", 8, M0 + MINUTE + 10, "region", "us"),
                    point("latency", 6, M0 + MINUTE + 10, "region", "eu"),
                    point("latency", 4, M0 + MINUTE + 10, "region", "us")));

            assertEquals(List.of(3.0, 1.0, 2.0, 6.0, 8.0, 4.0), values(points("latency", Labels.empty())),
                    "eu's series was created before us's");
            assertEquals(List.of(new SeriesPoint(M0, 2, 3), new SeriesPoint(M0 + MINUTE, 4, 3)),
                    downsample(Aggregation.LAST, Labels.empty()));
            assertEquals(List.of(new SeriesPoint(M0, 2, 3), new SeriesPoint(M0 + MINUTE, 6, 1)),
                    downsample(Aggregation.LAST, Labels.of("region", "eu")));
        }
    }

    /**
     * Downsampling at steps that are whole minutes and hours, which a store may answer from rollups: every
     * aggregation equals the one computed here, in Java, from the points written, whatever order they were written
     * in, over ranges that start and end inside buckets. A store without rollups passes as it answers every query.
     */
    @Nested
    class DownsamplingOverLongRanges {

        private static final long DAY0 = T0 - T0 % DAY;

        @ParameterizedTest
        @ValueSource(longs = {MINUTE, 5 * MINUTE, HOUR, 6 * HOUR, DAY})
        void downsample_equalsTheAggregatesOfThePointsWritten_lateWritesIncluded(long step) {
            Random random = new Random(step);
            List<MetricPoint> points = new ArrayList<>();
            for (int i = 0; i < 1_500; i++) {
                // distinct timestamps, so that the last point of a bucket is one point whatever the store's order
                long timestamp = DAY0 + i * 172_807L + random.nextInt(1_000);
                double value = random.nextInt(3) == 0 ? random.nextInt(50) : random.nextDouble() * 500 - 100;
                points.add(point("latency", value, timestamp, "region", random.nextBoolean() ? "eu" : "us"));
            }
            Collections.shuffle(points, random);
            for (int from = 0; from < points.size(); from += 250) {
                store.write(batchOf(points.subList(from, from + 250)));
            }
            TimeRange range = range(DAY0 + 7 * HOUR + 12_345, DAY0 + 2 * DAY + 5 * HOUR + 59 * MINUTE);
            Map<Long, List<MetricPoint>> buckets = new TreeMap<>();
            for (MetricPoint point : points) {
                long timestamp = point.timestampMillis();
                if ("eu".equals(point.labels().asMap().get("region")) && timestamp >= range.fromMillis()
                        && timestamp < range.toMillis()) {
                    buckets.computeIfAbsent(Math.floorDiv(timestamp, step) * step, bucket -> new ArrayList<>())
                            .add(point);
                }
            }

            for (Aggregation aggregation : Aggregation.values()) {
                List<SeriesPoint> answer = store.downsample(DownsampleQuery.builder("latency")
                        .labels(Labels.of("region", "eu")).range(range).step(Duration.ofMillis(step))
                        .aggregation(aggregation).build());
                assertEquals(List.copyOf(buckets.keySet()), answer.stream().map(SeriesPoint::timestampMillis)
                        .toList(), aggregation + ": the non-empty buckets");
                int index = 0;
                for (List<MetricPoint> bucket : buckets.values()) {
                    double expected = aggregate(aggregation, bucket, step);
                    assertEquals(bucket.size(), answer.get(index).samples(), aggregation + " samples");
                    assertEquals(expected, answer.get(index).value(), Math.abs(expected) * 1e-9 + 1e-9,
                            aggregation + " at " + Instant.ofEpochMilli(answer.get(index).timestampMillis()));
                    index++;
                }
            }
        }

        /**
         * {@code catchUp()}, the work a store leaves for later (rolling up, say), and {@code workWhileIdle()}, its work
         * for idle time, end, and change no answer: series of one point a minute and of several, written late and out
         * of order, answer alike before and after them.
         */
        @Test
        void catchingUpAndIdleWork_end_andLeaveEveryAnswerAsItWas() {
            Random random = new Random(41);
            List<MetricPoint> points = new ArrayList<>();
            for (int minute = 0; minute < 6 * 60; minute++) {
                points.add(point("latency", random.nextInt(100), DAY0 + minute * MINUTE + random.nextInt(60_000),
                        "region", "eu"));
                for (int i = 0; i < 3; i++) {
                    points.add(point("latency", random.nextDouble() * 50, DAY0 + minute * MINUTE + i * 20_000
                            + random.nextInt(20_000), "region", "us"));
                }
            }
            Collections.shuffle(points, random);
            for (int from = 0; from < points.size(); from += 97) {
                store.write(batchOf(points.subList(from, Math.min(points.size(), from + 97))));
            }
            TimeRange range = range(DAY0 + 17 * MINUTE + 5, DAY0 + 5 * HOUR + 3);
            List<DownsampleQuery> queries = new ArrayList<>();
            for (long step : new long[] {MINUTE, 5 * MINUTE, HOUR}) {
                for (Aggregation aggregation : Aggregation.values()) {
                    for (Labels labels : List.of(Labels.empty(), Labels.of("region", "eu"))) {
                        queries.add(DownsampleQuery.builder("latency").labels(labels).range(range)
                                .step(Duration.ofMillis(step)).aggregation(aggregation).build());
                    }
                }
            }
            List<List<SeriesPoint>> before = queries.stream().map(store::downsample).toList();

            int steps = 0;
            while (store.catchUp()) {
                steps++;
                assertTrue(steps < 100_000, "catchUp() still has work after " + steps + " steps");
            }
            assertFalse(store.catchUp(), "catchUp() has work again, with nothing written since it had none");
            steps = 0;
            while (store.workWhileIdle()) {
                steps++;
                assertTrue(steps < 100_000, "workWhileIdle() still has work after " + steps + " steps");
            }
            assertFalse(store.workWhileIdle(),
                    "workWhileIdle() has work again, with nothing written since it had none");
            for (int i = 0; i < queries.size(); i++) {
                List<SeriesPoint> after = store.downsample(queries.get(i));
                assertEquals(before.get(i).stream().map(bucket -> bucket.timestampMillis() + "x" + bucket.samples())
                        .toList(), after.stream().map(bucket -> bucket.timestampMillis() + "x" + bucket.samples())
                        .toList(), queries.get(i) + ": buckets and samples");
                for (int bucket = 0; bucket < after.size(); bucket++) {
                    double expected = before.get(i).get(bucket).value();
                    assertEquals(expected, after.get(bucket).value(), Math.abs(expected) * 1e-9 + 1e-9,
                            queries.get(i) + " at bucket " + bucket);
                }
            }
        }

        private static double aggregate(Aggregation aggregation, List<MetricPoint> bucket, long step) {
            double[] values = bucket.stream().mapToDouble(MetricPoint::value).sorted().toArray();
            double sum = Arrays.stream(values).sum();
            return switch (aggregation) {
                case AVG -> sum / values.length;
                case MIN -> values[0];
                case MAX -> values[values.length - 1];
                case SUM -> sum;
                case COUNT -> values.length;
                case RATE -> sum * 1000.0 / step;
                case LAST -> bucket.stream().max(Comparator.comparingLong(MetricPoint::timestampMillis))
                        .orElseThrow().value();
                case P50, P90, P95, P99 -> values[(int) aggregation.nearestRank(values.length) - 1];
            };
        }
    }

    /**
     * One value per series over a window that ends at an arbitrary millisecond, not on a step: each aggregation
     * checked against values folded here, in Java, over the points the window holds, both of its ends included.
     */
    @Nested
    class WindowAggregates {

        /** The window's end: a millisecond that no step of a round number of seconds starts on. */
        private static final long END = T0 + 7 * MINUTE + 1_234;
        private static final Duration WINDOW = Duration.ofMinutes(5);

        private static final List<String> REGIONS = List.of("eu", "us", "asia");

        /**
         * Points of three series every 1.7 s from before the window to after it, one of them exactly at each end
         * of the window, some sharing a millisecond, and a series of another metric; returns the points written.
         */
        private List<MetricPoint> writeSeries() {
            List<MetricPoint> points = new ArrayList<>();
            long start = END - WINDOW.toMillis();
            for (int i = 0; i < 300; i++) {
                String region = REGIONS.get(i % REGIONS.size());
                long timestamp = start - 60_000 + i * 1_700L;
                points.add(point("latency", (i * 37) % 101 - 20.5, timestamp, "region", region, "tier",
                        i % 2 == 0 ? "web" : "api"));
            }
            points.add(point("latency", 11, start, "region", "eu", "tier", "web"));
            points.add(point("latency", 12, END, "region", "eu", "tier", "web"));
            points.add(point("latency", 13, END, "region", "eu", "tier", "web"));
            points.add(point("latency", 99, END + 1, "region", "eu", "tier", "web"));
            points.add(point("latency", 98, start - 1, "region", "us", "tier", "api"));
            points.add(point("other", 5, END));
            store.write(batchOf(points));
            return points;
        }

        /** What the window holds of each matching series, folded in Java, by label JSON. */
        private Map<String, double[]> expected(List<MetricPoint> points, Labels matcher, Aggregation aggregation) {
            long start = END - WINDOW.toMillis();
            Map<String, List<MetricPoint>> bySeries = new TreeMap<>();
            points.stream()
                    .filter(point -> point.name().equals("latency") && point.labels().containsAll(matcher)
                            && point.timestampMillis() >= start && point.timestampMillis() <= END)
                    .sorted(Comparator.comparingLong(MetricPoint::timestampMillis)) // stable: written order kept
                    .forEach(point -> bySeries.computeIfAbsent(point.labels().toJson(), k -> new ArrayList<>())
                            .add(point));
            Map<String, double[]> rows = new TreeMap<>();
            bySeries.forEach((labels, series) -> {
                double sum = series.stream().mapToDouble(MetricPoint::value).sum();
                double value = switch (aggregation) {
                    case AVG -> sum / series.size();
                    case MIN -> series.stream().mapToDouble(MetricPoint::value).min().orElseThrow();
                    case MAX -> series.stream().mapToDouble(MetricPoint::value).max().orElseThrow();
                    case LAST -> series.get(series.size() - 1).value();
                    case SUM -> sum;
                    case COUNT -> series.size();
                    case RATE -> sum / (WINDOW.toMillis() / 1000.0);
                    case P50, P90, P95, P99 -> throw new IllegalArgumentException(aggregation.name());
                };
                rows.put(labels, new double[] {value, series.size()});
            });
            return rows;
        }

        private void assertAggregates(Map<String, double[]> expected, List<WindowAggregate> actual,
                String what) {
            assertEquals(List.copyOf(expected.keySet()), actual.stream().map(row -> row.labels().toJson()).toList(),
                    what + ": one row per series with points in the window, by label JSON");
            for (WindowAggregate row : actual) {
                double[] wanted = Objects.requireNonNull(expected.get(row.labels().toJson()), row.labels()::toJson);
                assertEquals(wanted[0], row.value(), Math.abs(wanted[0]) * 1e-12, what + " " + row.labels());
                assertEquals((long) wanted[1], row.samples(), what + " samples of " + row.labels());
            }
        }

        @ParameterizedTest
        @EnumSource(value = Aggregation.class, names = {"AVG", "MIN", "MAX", "LAST", "SUM", "COUNT", "RATE"})
        void eachSeriesAggregate_isItsPointsInTheWindow_bothEndsIncluded(Aggregation aggregation) {
            List<MetricPoint> points = writeSeries();

            for (Labels matcher : List.of(Labels.empty(), Labels.of("region", "eu"), Labels.of("tier", "api"),
                    Labels.of("region", "eu", "tier", "web"), Labels.of("region", "mars"))) {
                assertAggregates(expected(points, matcher, aggregation), store.aggregateWindow(
                        WindowQuery.of("latency", matcher, aggregation, WINDOW, END)),
                        aggregation + " of " + matcher);
            }
        }

        @Test
        void lastOfASeries_isItsPointWrittenLastInTheWindowsLastMillisecond() {
            writeSeries();

            List<WindowAggregate> last = store.aggregateWindow(WindowQuery.of("latency",
                    Labels.of("region", "eu", "tier", "web"), Aggregation.LAST, WINDOW, END));
            assertEquals(1, last.size());
            assertEquals(13.0, last.get(0).value(), "written after the 12 at the same millisecond; END + 1 is out");
        }

        @Test
        void window_isNotAlignedToSteps_unlikeADownsampleWithAStepAsLongAsTheWindow() {
            // one point 10 s before the end: inside [END - 1 min, END], yet in another one-minute bucket than END's
            long end = T0 - T0 % MINUTE + 5_000;
            store.write(batch(point("queue", 4, end - 10_000), point("queue", 6, end)));

            assertEquals(List.of(new WindowAggregate(Labels.empty(), 10, 2)), store.aggregateWindow(
                    WindowQuery.of("queue", Labels.empty(), Aggregation.SUM, Duration.ofMinutes(1), end)));
        }

        @Test
        void metricWithoutPointsInTheWindow_hasNoRows() {
            store.write(batch(point("queue", 4, END - WINDOW.toMillis() - 1), point("queue", 4, END + 1)));

            assertEquals(List.of(), store.aggregateWindow(WindowQuery.of("queue", Labels.empty(),
                    Aggregation.COUNT, WINDOW, END)));
            assertEquals(List.of(), store.aggregateWindow(WindowQuery.of("none", Labels.empty(),
                    Aggregation.AVG, WINDOW, END)));
        }

        @Test
        void percentile_isRefusedByTheQuery() {
            assertThrows(IllegalArgumentException.class, () -> WindowQuery.of("latency", Labels.empty(),
                    Aggregation.P99, WINDOW, END));
        }
    }

    /**
     * HTTP requests: the filters, orderings and pages of {@link HttpRequestQuery}, and per-route statistics checked
     * against values computed here, in Java, over the same rows.
     */
    @Nested
    class HttpRequests {

        private static final List<String> ROUTES = List.of("/orders", "/orders/{id}", "/health", "/\u00e9t\u00e9");
        private static final List<Integer> STATUSES = List.of(200, 200, 200, 201, 302, 404, 429, 500, 503);

        private HttpRequest request(int i, long timestampMillis, long durationMicros) {
            String route = ROUTES.get(i % ROUTES.size());
            return new HttpRequest(timestampMillis, i % 3 == 0 ? "POST" : "GET", route + "?n=" + i, route,
                    STATUSES.get(i % STATUSES.size()), durationMicros * 1_000, null, (long) i, "req-" + i, null,
                    i % 5 == 0 ? "alice" : "bob", null, null, null, null);
        }

        /** Requests every 7 s from T0, durations in microseconds, with ties, spread and a few slow ones. */
        private List<HttpRequest> writeRequests(int count) {
            List<HttpRequest> requests = new ArrayList<>();
            long seed = 42;
            for (int i = 0; i < count; i++) {
                seed = seed * 6_364_136_223_846_793_005L + 1_442_695_040_888_963_407L;
                long micros = i % 10 == 0 ? 250 : Math.floorMod(seed >>> 20, i % 17 == 0 ? 2_000_000L : 80_000L);
                requests.add(request(i, T0 + i * 7_000L, micros));
            }
            for (int from = 0; from < count; from += 250) {
                store.write(batchOf(requests.subList(from, Math.min(count, from + 250))));
            }
            return requests;
        }

        private List<Integer> indexes(UnaryOperator<HttpRequestQuery.Builder> query) {
            return store.findHttpRequests(query.apply(HttpRequestQuery.builder().limit(Page.MAX_LIMIT)).build())
                    .stream().map(request -> Integer.parseInt(Objects.requireNonNull(request.requestId())
                            .substring(4))).toList();
        }

        @Test
        void filters_eachMatchExactly_andCombineWithAnd() {
            List<HttpRequest> requests = writeRequests(200);

            assertEquals(expected(requests, r -> r.method().equals("POST")), indexes(q -> q.method("POST")));
            assertEquals(expected(requests, r -> "/orders/{id}".equals(r.route())), indexes(q -> q.route(
                    "/orders/{id}")));
            assertEquals(expected(requests, r -> r.status() == 404), indexes(q -> q.status(404)));
            assertEquals(expected(requests, r -> r.status() >= 500), indexes(q -> q.statusClass(5)));
            assertEquals(expected(requests, r -> r.durationNanos() >= 40_000_000), indexes(q -> q.minDuration(
                    Duration.ofMillis(40))));
            assertEquals(List.of(17), indexes(q -> q.requestId("req-17")));
            assertEquals(expected(requests, r -> "alice".equals(r.user()) && r.status() / 100 == 2
                    && r.method().equals("GET")), indexes(q -> q.user("alice").statusClass(2).method("GET")));
            assertEquals(List.of(), indexes(q -> q.route("/orders").method("DELETE")));
        }

        /** The indexes of the matching requests, newest first, as the default query orders them. */
        private List<Integer> expected(List<HttpRequest> requests, Predicate<HttpRequest> filter) {
            List<Integer> matching = new ArrayList<>();
            for (int i = requests.size() - 1; i >= 0; i--) {
                if (filter.test(requests.get(i))) {
                    matching.add(i);
                }
            }
            return matching;
        }

        @Test
        void timeRange_includesItsStartAndExcludesItsEnd() {
            writeRequests(10);

            assertEquals(List.of(3, 2), indexes(q -> q.range(range(T0 + 2 * 7_000, T0 + 4 * 7_000))));
        }

        @Test
        void byDuration_breaksTiesByInsertionOrderInTheSameDirection() {
            store.write(batch(request(0, T0, 30), request(1, T0, 10), request(2, T0, 30), request(3, T0, 20)));

            assertEquals(List.of(1, 3, 0, 2), indexes(q -> q.orderBy(HttpRequestOrder.DURATION)
                    .direction(SortDirection.ASC)));
            assertEquals(List.of(2, 0, 3, 1), indexes(q -> q.orderBy(HttpRequestOrder.DURATION)
                    .direction(SortDirection.DESC)));
            assertEquals(List.of(0, 1, 2, 3), indexes(q -> q.orderBy(HttpRequestOrder.TIME)
                    .direction(SortDirection.ASC)));
        }

        @Test
        void pages_neitherOverlapNorSkip() {
            writeRequests(95);
            List<Integer> seen = new ArrayList<>();
            for (int offset = 0; offset < 100; offset += 20) {
                int from = offset;
                seen.addAll(indexes(q -> q.orderBy(HttpRequestOrder.DURATION).direction(SortDirection.DESC).limit(20)
                        .offset(from)));
            }

            assertEquals(indexes(q -> q.orderBy(HttpRequestOrder.DURATION).direction(SortDirection.DESC)), seen);
            assertEquals(95, seen.size());
        }

        @Test
        void stats_areExactOverEveryRow_asComputedInJava() {
            List<HttpRequest> requests = writeRequests(2_000);
            TimeRange range = range(T0 + 1_000, T0 + 3 * HOUR);

            assertEquals(statsInJava(requests, range, null, null), store.httpRouteStats(
                    HttpStatsQuery.builder(range).build()));
            assertEquals(statsInJava(requests, range, null, "/orders"), store.httpRouteStats(
                    HttpStatsQuery.builder(range).route("/orders").build()));
            assertEquals(statsInJava(requests, range, "POST", "/health"), store.httpRouteStats(
                    HttpStatsQuery.builder(range).route("/health").method("POST").build()));
            TimeRange quarter = range(T0 + HOUR, T0 + 2 * HOUR);
            assertEquals(statsInJava(requests, quarter, null, null), store.httpRouteStats(
                    HttpStatsQuery.builder(quarter).build()), "a short part of the history");
        }

        @Test
        void statsPerStep_startOnMultiplesOfTheStep_andLeaveEmptyStepsOut() {
            List<HttpRequest> requests = writeRequests(2_000);
            TimeRange range = range(T0 + 1_000, T0 + 3 * HOUR);
            Duration step = Duration.ofMinutes(7);

            List<HttpRouteStats> perStep = store.httpRouteStats(HttpStatsQuery.builder(range).step(step).build());

            assertEquals(statsInJava(requests, range, step, null, null), perStep);
            assertTrue(perStep.stream().allMatch(stats -> stats.startMillis() % step.toMillis() == 0));
        }

        @Test
        void counts_perRouteMethodAndStatus_areExact_asComputedInJava() {
            List<HttpRequest> requests = writeRequests(2_000);
            TimeRange range = range(T0 + 1_000, T0 + 3 * HOUR);
            TimeRange quarter = range(T0 + HOUR, T0 + 2 * HOUR);

            assertEquals(countsInJava(requests, range, null, null, null), store.countHttpRequests(
                    HttpCountQuery.builder(range).build()));
            assertEquals(countsInJava(requests, range, null, "/orders", 20.0), store.countHttpRequests(
                    HttpCountQuery.builder(range).route("/orders").thresholdMillis(20.0).build()));
            assertEquals(countsInJava(requests, range, "POST", "/health", 0.25), store.countHttpRequests(
                    HttpCountQuery.builder(range).route("/health").method("POST").thresholdMillis(0.25).build()),
                    "a threshold equal to a duration counts it as within");
            assertEquals(countsInJava(requests, quarter, null, null, 40.0), store.countHttpRequests(
                    HttpCountQuery.builder(quarter).thresholdMillis(40.0).build()), "a short part of the history");
            assertEquals(List.of(), store.countHttpRequests(HttpCountQuery.builder(range(T0 - HOUR, T0)).build()));
        }

        /** Counts each route, method and status, and those at or under the threshold, independently of the stores. */
        private List<HttpRequestCount> countsInJava(List<HttpRequest> requests, TimeRange range,
                                                    @Nullable String method, @Nullable String route,
                                                    @Nullable Double thresholdMillis) {
            Map<List<Object>, long[]> groups = new TreeMap<>(
                    Comparator.<List<Object>, String>comparing(key -> (String) key.get(0))
                            .thenComparing(key -> (String) key.get(1))
                            .thenComparing(key -> (Integer) key.get(2)));
            for (HttpRequest request : requests) {
                long time = request.timestampMillis();
                if (time < range.fromMillis() || time >= range.toMillis()
                        || (method != null && !method.equals(request.method()))
                        || (route != null && !route.equals(request.route()))) {
                    continue;
                }
                long[] counts = groups.computeIfAbsent(List.of(Objects.requireNonNull(request.route()),
                        request.method(), request.status()), key -> new long[2]);
                counts[0]++;
                if (thresholdMillis == null || request.durationNanos() / 1e6 <= thresholdMillis) {
                    counts[1]++;
                }
            }
            List<HttpRequestCount> counted = new ArrayList<>();
            groups.forEach((key, counts) -> counted.add(new HttpRequestCount((String) key.get(1),
                    (String) key.get(0), (Integer) key.get(2), counts[0], counts[1])));
            return counted;
        }

        @Test
        void stats_ofAnEmptyRange_areEmpty() {
            writeRequests(10);

            assertEquals(List.of(), store.httpRouteStats(HttpStatsQuery.builder(range(T0 - HOUR, T0)).build()));
        }

        private List<HttpRouteStats> statsInJava(List<HttpRequest> requests, TimeRange range,
                                                 @Nullable String method,
                                                 @Nullable String route) {
            return statsInJava(requests, range, null, method, route);
        }

        /**
         * Groups the requests by route, method and step, sorts each group's durations and takes the values at the
         * nearest ranks, {@code ceil(p / 100 * n)}: the definition the stores document, computed independently.
         */
        private List<HttpRouteStats> statsInJava(List<HttpRequest> requests, TimeRange range,
                                                 @Nullable Duration step,
                                                 @Nullable String method,
                                                 @Nullable String route) {
            Map<List<Object>, List<HttpRequest>> groups = new TreeMap<>(
                    Comparator.<List<Object>, String>comparing(key -> (String) key.get(0))
                            .thenComparing(key -> (String) key.get(1))
                            .thenComparing(key -> (Long) key.get(2)));
            for (HttpRequest request : requests) {
                long time = request.timestampMillis();
                if (time < range.fromMillis() || time >= range.toMillis()
                        || (method != null && !method.equals(request.method()))
                        || (route != null && !route.equals(request.route()))) {
                    continue;
                }
                long start = step == null ? range.fromMillis() : time - Math.floorMod(time, step.toMillis());
                groups.computeIfAbsent(List.of(Objects.requireNonNull(request.route()), request.method(), start),
                        key -> new ArrayList<>()).add(request);
            }
            List<HttpRouteStats> stats = new ArrayList<>();
            groups.forEach((key, group) -> {
                double[] millis = group.stream().mapToDouble(r -> r.durationNanos() / 1e6).sorted().toArray();
                int n = millis.length;
                long start = (Long) key.get(2);
                long end = step == null ? range.toMillis() : Math.min(range.toMillis(), start + step.toMillis());
                double seconds = (end - Math.max(start, range.fromMillis())) / 1000.0;
                stats.add(new HttpRouteStats((String) key.get(1), (String) key.get(0), start, n, n / seconds,
                        (double) group.stream().filter(r -> r.status() / 100 == 4).count() / n,
                        (double) group.stream().filter(r -> r.status() / 100 == 5).count() / n,
                        millis[nearestRank(50, n) - 1], millis[nearestRank(90, n) - 1],
                        millis[nearestRank(95, n) - 1], millis[nearestRank(99, n) - 1],
                        millis[n - 1]));
            });
            return stats;
        }

        /** {@code ceil(percent * n / 100)}, exact: a quotient that is no integer is at least 0.01 from one. */
        private static int nearestRank(int percent, int n) {
            return (int) Math.ceil(percent * n / 100.0);
        }
    }

    /** The latest beat of each worker, from which liveness is judged. */
    @Nested
    class Heartbeats {

        @Test
        void latestHeartbeat_isTheNewestBeatOfThatWorker() {
            store.write(batch(heartbeat("w-1", T0 + 20), heartbeat("w-1", T0 + 30), heartbeat("w-1", T0 + 10),
                    heartbeat("w-2", T0 + 40)));

            assertEquals(Optional.of(heartbeat("w-1", T0 + 30)), store.latestHeartbeat("w-1"));
            assertEquals(Optional.empty(), store.latestHeartbeat("w-3"));
            assertEquals(List.of(heartbeat("w-1", T0 + 30), heartbeat("w-2", T0 + 40)), store.latestHeartbeats(),
                    "the newest beat, not the one written last");
        }

        @Test
        void beatsSharingAMillisecond_theOneWrittenLastIsTheLatest() {
            Heartbeat first = heartbeat("w-1", T0);
            Heartbeat second = new Heartbeat("w-1", "host-2", 7, T0, 10_000, 1, 1, 1, 1, 1, 0, 0, null, 1);
            store.write(batch(first));
            store.write(batch(second));

            assertEquals(Optional.of(second), store.latestHeartbeat("w-1"));
            assertEquals(List.of(second), store.latestHeartbeats());
        }

        @Test
        void latestHeartbeats_isOneBeatPerWorker_orderedByWorkerId_forAThousandWorkers() {
            int workers = 1_000;
            for (int beat = 0; beat < 3; beat++) {
                List<Object> beats = new ArrayList<>();
                for (int w = workers - 1; w >= 0; w--) {
                    beats.add(heartbeat(String.format("w-%04d", w), T0 + beat * 10_000L + w));
                }
                store.write(batchOf(beats));
            }

            List<Heartbeat> latest = store.latestHeartbeats();

            assertEquals(workers, latest.size());
            for (int w = 0; w < workers; w++) {
                assertEquals(heartbeat(String.format("w-%04d", w), T0 + 20_000L + w), latest.get(w));
            }
        }

        @Test
        void progressAndStop_roundTrip_andAreJudgedFromTheLatestBeat() {
            // intervals are 10 s: a count still for 40 s at the beat is past three intervals
            Heartbeat stuck = progressHeartbeat("stuck", T0 + 60_000, T0 + 20_000, false);
            Heartbeat stopped = progressHeartbeat("stopped", T0 + 60_000, T0 + 50_000, true);
            store.write(batch(progressHeartbeat("stuck", T0 + 50_000, T0 + 20_000, false), stuck,
                    progressHeartbeat("stopped", T0 + 50_000, T0 + 50_000, false), stopped,
                    heartbeat("process-only", T0 + 60_000)));

            assertEquals(List.of(heartbeat("process-only", T0 + 60_000), stopped, stuck), store.latestHeartbeats());
            assertEquals(List.of(WorkerLiveness.State.ALIVE, WorkerLiveness.State.STOPPED,
                            WorkerLiveness.State.NOT_PROGRESSING),
                    store.latestHeartbeats().stream()
                            .map(beat -> WorkerLiveness.judge(beat, null, T0 + 61_000).state()).toList());
        }

        @Test
        void noBeats_noLatest() {
            assertEquals(List.of(), store.latestHeartbeats());
            assertEquals(Optional.empty(), store.latestHeartbeat("w-1"));
        }
    }

    /**
     * Retention. Every kind a batch writes gets 25 rows before the cutoff and 5 at or after it, fresh and old rows
     * interleaved.
     */
    @Nested
    class RetentionInChunks {

        private static final long CUTOFF = T0 + 1_000;
        private static final int OLD = 25;
        private static final int FRESH = 5;

        @BeforeEach
        void writeOldAndFreshRows() {
            List<Object> entries = new ArrayList<>();
            for (int i = 0; i < OLD + FRESH; i++) {
                long timestamp = i % 6 == 0 ? CUTOFF + i : T0 + i;
                entries.add(audit("a-" + i, timestamp).build());
                entries.add(event("e-" + i, timestamp).build());
                entries.add(heartbeat("worker-" + i % 3, timestamp));
                entries.add(point("latency", i, timestamp, "shard", Integer.toString(i % 2)));
                entries.add(alert("al-" + i, timestamp));
                entries.add(httpRequest("GET", "/orders", 200, i, timestamp));
            }
            store.write(batchOf(entries));
        }

        /** The timestamps of what is left of a kind, where a query can list them all. */
        private List<Long> timestampsLeft(DataKind kind) {
            return switch (kind) {
                case AUDIT -> store.findAudit(AuditQuery.builder().orderBy(AuditOrder.TIME).direction(SortDirection.ASC)
                        .build()).stream().map(AuditEntry::timestampMillis).toList();
                case EVENTS -> store.findEvents(EventQuery.builder().direction(SortDirection.ASC).build())
                        .stream().map(BusinessEvent::timestampMillis).toList();
                case METRICS -> store.findMetricPoints(MetricQuery.builder("latency").build()).stream()
                        .map(MetricPoint::timestampMillis).toList();
                case HEARTBEATS -> store.latestHeartbeats().stream().map(Heartbeat::timestampMillis).toList();
                case HTTP_REQUESTS -> store.findHttpRequests(HttpRequestQuery.builder()
                        .orderBy(HttpRequestOrder.TIME).direction(SortDirection.ASC).build()).stream()
                        .map(HttpRequest::timestampMillis).toList();
                default -> List.of();
            };
        }

        @ParameterizedTest
        @EnumSource(value = DataKind.class, names = {"AUDIT", "METRICS", "EVENTS", "HEARTBEATS", "ALERTS",
                "HTTP_REQUESTS"})
        void deleteOlderThan_deletesOnlyRowsBeforeTheCutoff_inChunksOfAtMostMaxRows(DataKind kind) {
            Map<DataKind, Long> before = store.rowCounts();

            assertEquals(10, store.deleteOlderThan(kind, CUTOFF, 10));
            assertEquals(10, store.deleteOlderThan(kind, CUTOFF, 10));
            assertEquals(5, store.deleteOlderThan(kind, CUTOFF, 10));
            assertEquals(0, store.deleteOlderThan(kind, CUTOFF, 10));

            assertTrue(timestampsLeft(kind).stream().allMatch(timestamp -> timestamp >= CUTOFF),
                    timestampsLeft(kind)::toString);
            Map<DataKind, Long> expected = new EnumMap<>(before);
            expected.put(kind, (long) FRESH);
            assertEquals(expected, store.rowCounts(), "every other kind is untouched");
        }

        @Test
        void deleteOlderThan_keepsEveryFreshRow() {
            for (DataKind kind : DataKind.values()) {
                store.deleteOlderThan(kind, CUTOFF, 1_000);
            }

            List<Long> fresh = List.of(CUTOFF, CUTOFF + 6, CUTOFF + 12, CUTOFF + 18, CUTOFF + 24);
            assertEquals(fresh, timestampsLeft(DataKind.AUDIT));
            assertEquals(fresh, timestampsLeft(DataKind.EVENTS));
            assertEquals(fresh, timestampsLeft(DataKind.METRICS));
            assertEquals(fresh, timestampsLeft(DataKind.HTTP_REQUESTS));
            assertEquals(List.of(0.0, 6.0, 12.0, 18.0, 24.0),
                    values(store.findMetricPoints(MetricQuery.builder("latency").build())));
        }

        @Test
        void deletingMetrics_keepsTheSeriesDescribed() {
            assertEquals(OLD + FRESH, store.deleteOlderThan(DataKind.METRICS, CUTOFF + 1_000, 1_000));

            assertEquals(0, count(DataKind.METRICS));
            assertEquals(2, store.seriesCount());
            assertEquals(2, store.findMetricMetadata("latency").size());
        }

        @Test
        void deleteOlderThan_refusesAChunkOfNoRows() {
            String message = assertThrows(IllegalArgumentException.class,
                    () -> store.deleteOlderThan(DataKind.AUDIT, CUTOFF, 0)).getMessage();
            assertTrue(message != null && message.contains("maxRows"), message);
        }

        @Test
        void compact_keepsEveryRowLeft() {
            store.deleteOlderThan(DataKind.AUDIT, CUTOFF, 1_000);
            Map<DataKind, Long> before = store.rowCounts();

            store.compact();

            assertEquals(before, store.rowCounts());
            assertEquals(FRESH, count(DataKind.AUDIT));
        }
    }

    /** The newest timestamp of each kind, from which retention measures ages, and retention itself. */
    @Nested
    class NewestTimestampAndRetention {

        @Test
        void emptyStore_hasNoNewestTimestampOfAnyKind() {
            for (DataKind kind : DataKind.values()) {
                assertEquals(OptionalLong.empty(), store.newestTimestamp(kind), kind::toString);
            }
        }

        @Test
        void newestTimestamp_isTheTimestampOfTheNewestRowOfEachKind() {
            for (int i = 0; i < 3; i++) {
                long timestamp = T0 + i * MINUTE;
                store.write(batch(audit("a-" + i, timestamp).build(), event("e-" + i, timestamp).build(),
                        heartbeat("w-1", timestamp), alert("al-" + i, timestamp), point("latency", i, timestamp),
                        httpRequest("GET", "/orders", 200, i, timestamp)));
            }

            for (DataKind kind : DataKind.values()) {
                assertEquals(OptionalLong.of(T0 + 2 * MINUTE), store.newestTimestamp(kind), kind::toString);
            }
        }

        @Test
        void retention_deletesWhatThePolicyAges_measuredFromTheClock() {
            store.write(batch(audit("a-1", T0 - 3 * DAY).build(), audit("a-2", T0 - 2 * DAY).build(),
                    audit("a-3", T0 - DAY - HOUR).build(), audit("a-4", T0 - DAY + HOUR).build(),
                    audit("a-5", T0).build(), event("e-1", T0 - 3 * DAY).build(), event("e-2", T0).build(),
                    point("latency", 1, T0 - 3 * DAY), point("latency", 2, T0)));
            RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofDays(1))
                    .keep(DataKind.METRICS, Duration.ofDays(1)).chunkSize(2).pauseBetweenChunks(Duration.ZERO).build();

            RetentionResult result = runRetention(policy, T0 + HOUR);

            assertEquals(Map.of(DataKind.AUDIT, 3L, DataKind.METRICS, 1L), result.deleted());
            assertEquals(List.of("a-5", "a-4"), auditIds(q -> q));
            assertEquals(2, count(DataKind.EVENTS), "events have no rule");
            assertEquals(List.of(2.0), values(points("latency", Labels.empty())));
            assertEquals(1, store.seriesCount());
        }

        @Test
        void retention_byAClockFarAhead_measuresAgesFromTheNewestRow_andKeepsFreshRows() {
            store.write(batch(audit("a-1", T0 - 2 * DAY).build(), audit("a-2", T0 - HOUR).build(),
                    audit("a-3", T0).build()));
            RetentionPolicy policy = RetentionPolicy.builder().keep(DataKind.AUDIT, Duration.ofDays(1))
                    .pauseBetweenChunks(Duration.ZERO).build();

            RetentionResult result = runRetention(policy, T0 + 365 * DAY);

            assertEquals(1L, result.deleted().get(DataKind.AUDIT));
            assertEquals(List.of("a-3", "a-2"), auditIds(q -> q));
        }

        private RetentionResult runRetention(RetentionPolicy policy, long nowMillis) {
            try (Retention retention = Retention.of(store, policy,
                    Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC))) {
                return retention.run();
            }
        }
    }

    /** Readers while a writer writes: every query sees a batch whole or not at all. */
    @Nested
    class ReadersDuringWrites {

        @Test
        void readers_seeEveryBatchWholeOrNotAtAll_andCountsNeverGoBack() throws Exception {
            int batches = 200;
            int perBatch = 5;
            AtomicBoolean writing = new AtomicBoolean(true);
            CountDownLatch firstBatchWritten = new CountDownLatch(1);
            ThrowingTask writer = () -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        List<Object> entries = new ArrayList<>();
                        for (int i = 0; i < perBatch; i++) {
                            entries.add(audit("a-" + b + "-" + i, T0 + b).build());
                            entries.add(point("latency", i, T0 + b));
                        }
                        store.write(batchOf(entries));
                        firstBatchWritten.countDown();
                    }
                } finally {
                    writing.set(false);
                }
            };
            ThrowingTask countReader = () -> {
                long previous = 0;
                do {
                    Map<DataKind, Long> counts = store.rowCounts();
                    long audit = Objects.requireNonNull(counts.get(DataKind.AUDIT), "AUDIT counted");
                    assertEquals(audit, counts.get(DataKind.METRICS), "counted in one snapshot");
                    assertEquals(0, audit % perBatch, "a batch is stored whole: " + audit);
                    assertTrue(audit >= previous, audit + " after " + previous);
                    previous = audit;
                } while (writing.get());
            };
            ThrowingTask queryReader = () -> {
                assertTrue(firstBatchWritten.await(THREAD_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
                do {
                    int audit = store.findAudit(AuditQuery.builder().limit(Page.MAX_LIMIT).build()).size();
                    assertEquals(0, audit % perBatch, "a batch is stored whole: " + audit);
                    assertTrue(audit > 0);
                    int metrics = store.findMetricPoints(MetricQuery.builder("latency").build()).size();
                    assertEquals(0, metrics % perBatch, "a batch is stored whole: " + metrics);
                } while (writing.get());
            };

            runTogether(List.of(writer, countReader, queryReader));

            assertEquals((long) batches * perBatch, count(DataKind.AUDIT));
        }
    }

    /** Closing: idempotent from any thread, and every later call fails as closed. */
    /**
     * Alert rules' state: alerts opened, updated and resolved by id, instance state and the rule's latest evaluation
     * written together, a lease one holder holds at a time, and notification attempts kept and queried.
     */
    @Nested
    class AlertState {

        private static final AlertEvaluation.Lease LEASE_A = new AlertEvaluation.Lease("alerting", "process-a");
        private static final AlertEvaluation.Lease LEASE_B = new AlertEvaluation.Lease("alerting", "process-b");

        private AlertRecord opened(String id, String rule, long at, String severity) {
            return new AlertRecord(id, at, severity, "metric:cpu", "cpu at 0.95", "{\"value\":0.95}", null, rule,
                    rule + "{host=a}", Labels.of("host", "a"), 0.95, at, 1);
        }

        private AlertInstanceState firing(String rule, String alertId, long since) {
            return new AlertInstanceState(rule, rule + "{host=a}", Labels.of("host", "a"), since - MINUTE, since,
                    since, since, alertId);
        }

        private boolean commit(AlertEvaluation.@Nullable Lease lease, String rule, long at, List<AlertInstanceState> states,
                List<String> removed, List<AlertRecord> alerts) {
            return store.commitAlertEvaluations(List.of(new AlertEvaluation(rule, at, lease, states, removed, alerts)));
        }

        @Test
        void evaluation_storesStateAndAlertTogether_andUpdatesTheAlertInPlace() {
            assertTrue(store.tryLease(LEASE_A, T0, Duration.ofMinutes(1)));
            AlertRecord alert = opened("al-1", "cpu-high", T0, "critical");
            assertTrue(commit(LEASE_A, "cpu-high", T0, List.of(firing("cpu-high", "al-1", T0)), List.of(),
                    List.of(alert)));

            AlertRuleState state = store.loadAlertState("cpu-high");
            assertEquals(T0, state.lastEvaluatedMillis());
            assertEquals(List.of(firing("cpu-high", "al-1", T0)), state.instances());
            assertEquals(List.of(alert), store.findAlerts(AlertQuery.builder().openOnly().build()));

            AlertRecord held = alert.heldAt(T0 + 15_000, 0.97, "cpu at 0.97", null);
            assertTrue(commit(LEASE_A, "cpu-high", T0 + 15_000, List.of(), List.of(), List.of(held)));
            assertEquals(List.of(held), store.findAlerts(AlertQuery.builder().build()));
            assertEquals(2, store.findAlerts(AlertQuery.builder().build()).get(0).evaluations());

            AlertRecord resolved = held.resolvedAt(T0 + 30_000, 0.5);
            assertTrue(commit(LEASE_A, "cpu-high", T0 + 30_000, List.of(), List.of("cpu-high{host=a}"),
                    List.of(resolved)));
            assertEquals(List.of(), store.findAlerts(AlertQuery.builder().openOnly().build()));
            assertEquals(List.of(resolved), store.findAlerts(AlertQuery.builder().build()));
            assertEquals(List.of(), store.loadAlertState("cpu-high").instances());
            assertEquals(T0 + 30_000, store.loadAlertState("cpu-high").lastEvaluatedMillis());
        }

        @Test
        void ruleNeverEvaluated_hasNoState() {
            AlertRuleState state = store.loadAlertState("never");
            assertEquals(null, state.lastEvaluatedMillis());
            assertEquals(List.of(), state.instances());
        }

        @Test
        void lease_isHeldByOneHolder_untilItExpires_orIsReleased() {
            assertTrue(store.tryLease(LEASE_A, T0, Duration.ofSeconds(30)));
            assertFalse(store.tryLease(LEASE_B, T0 + 29_999, Duration.ofSeconds(30)));
            assertTrue(store.tryLease(LEASE_A, T0 + 20_000, Duration.ofSeconds(30)), "the holder renews");
            assertFalse(store.tryLease(LEASE_B, T0 + 49_999, Duration.ofSeconds(30)));
            assertTrue(store.tryLease(LEASE_B, T0 + 50_000, Duration.ofSeconds(30)), "expired: taken over");
            assertFalse(store.tryLease(LEASE_A, T0 + 50_001, Duration.ofSeconds(30)));

            store.releaseLease(LEASE_A);
            assertFalse(store.tryLease(LEASE_A, T0 + 50_002, Duration.ofSeconds(30)), "only its holder releases it");
            store.releaseLease(LEASE_B);
            assertTrue(store.tryLease(LEASE_A, T0 + 50_003, Duration.ofSeconds(30)));
        }

        @Test
        void evaluationUnderALostLease_writesNothing() {
            assertTrue(store.tryLease(LEASE_A, T0, Duration.ofSeconds(30)));
            assertTrue(store.tryLease(LEASE_B, T0 + 30_000, Duration.ofSeconds(30)));

            assertFalse(commit(LEASE_A, "cpu-high", T0 + 31_000, List.of(firing("cpu-high", "al-1", T0)),
                    List.of(), List.of(opened("al-1", "cpu-high", T0, "critical"))));
            assertEquals(List.of(), store.findAlerts(AlertQuery.builder().build()));
            assertEquals(null, store.loadAlertState("cpu-high").lastEvaluatedMillis());
            assertFalse(store.commitAlertEvaluations(List.of(
                    new AlertEvaluation("other", T0 + 31_000, null, List.of(), List.of(), List.of()),
                    new AlertEvaluation("cpu-high", T0 + 31_000, LEASE_A, List.of(), List.of(), List.of()))),
                    "one lost lease: nothing of the transaction is written");
            assertEquals(null, store.loadAlertState("other").lastEvaluatedMillis());
            assertTrue(commit(null, "cpu-high", T0 + 31_000, List.of(), List.of(), List.of()),
                    "an evaluation without a lease is always written");
        }

        @Test
        void alerts_areFoundBySeverityRuleSourceAndRange_newestFirst_andPaged() {
            store.write(batch(alert("sys-1", T0)));
            store.commitAlertEvaluations(List.of(new AlertEvaluation("cpu-high", T0 + MINUTE, null, List.of(),
                    List.of(), List.of(opened("al-1", "cpu-high", T0 + MINUTE, "critical"),
                            opened("al-2", "cpu-high", T0 + 2 * MINUTE, "warning")))));
            store.commitAlertEvaluations(List.of(new AlertEvaluation("disk-full", T0 + MINUTE, null, List.of(),
                    List.of(), List.of(opened("al-3", "disk-full", T0 + 3 * MINUTE, "critical")))));

            UnaryOperator<AlertQuery.Builder> all = query -> query;
            assertEquals(List.of("al-3", "al-2", "al-1", "sys-1"), alertIds(all));
            assertEquals(List.of("al-3", "al-1"), alertIds(query -> query.severity("critical")));
            assertEquals(List.of("al-2", "al-1"), alertIds(query -> query.ruleId("cpu-high")));
            assertEquals(List.of("sys-1"), alertIds(query -> query.source("liteobs.audit")));
            assertEquals(List.of("al-2", "al-1"), alertIds(query -> query.range(range(T0 + MINUTE, T0 + 3 * MINUTE))));
            assertEquals(List.of("al-2", "al-1"), alertIds(query -> query.limit(2).offset(1)));
            assertEquals(List.of("al-1"), alertIds(query -> query.limit(1).offset(1).ruleId("cpu-high")));

            AlertRecord system = store.findAlerts(AlertQuery.builder().source("liteobs.audit").build()).get(0);
            assertEquals(AlertRecord.of(alert("sys-1", T0)).toString(), system.toString());
            assertTrue(system.isOpen());
            assertEquals(null, system.ruleId());
        }

        private List<String> alertIds(UnaryOperator<AlertQuery.Builder> query) {
            return store.findAlerts(query.apply(AlertQuery.builder()).build()).stream().map(AlertRecord::id)
                    .toList();
        }

        @Test
        void retention_deletesResolvedAlertsAttemptsAndTheStateOfRulesNoLongerEvaluated_neverAnOpenAlertsState() {
            long fresh = T0 + 10 * DAY;
            long cutoff = T0 + DAY;
            // a rule evaluated long ago, no longer configured: one pending instance, one firing with an open alert
            AlertInstanceState pending = new AlertInstanceState("gone", "gone{host=b}", Labels.of("host", "b"), T0,
                    null, null, null, null);
            AlertRecord stillOpen = opened("al-open", "gone", T0, "critical");
            assertTrue(commit(null, "gone", T0, List.of(pending, firing("gone", "al-open", T0)), List.of(),
                    List.of(stillOpen)));
            // a rule evaluated long ago whose alert resolved, and a rule still evaluated
            AlertRecord resolved = opened("al-resolved", "gone-quiet", T0, "warning").resolvedAt(T0 + 1, 0.5);
            assertTrue(commit(null, "gone-quiet", T0 + 1, List.of(), List.of(), List.of(resolved)));
            AlertInstanceState live = new AlertInstanceState("live", "live{host=a}", Labels.of("host", "a"), fresh,
                    null, null, null, null);
            assertTrue(commit(null, "live", fresh, List.of(live), List.of(), List.of()));
            store.write(batch(alert("sys-old", T0), alert("sys-fresh", fresh)));
            NotificationAttempt oldAttempt = new NotificationAttempt("n-1", "gone", List.of("al-open"), "firing",
                    "https://hooks.example.com/alerts", 1, T0, NotificationAttempt.Outcome.DELIVERED, 200, null,
                    false);
            NotificationAttempt freshAttempt = new NotificationAttempt("n-2", "live", List.of("al-x"), "firing",
                    "https://hooks.example.com/alerts", 1, fresh, NotificationAttempt.Outcome.DELIVERED, 200, null,
                    false);
            store.recordNotificationAttempts(List.of(oldAttempt, freshAttempt));

            long deleted = 0;
            long chunk;
            do {
                chunk = store.deleteOlderThan(DataKind.ALERTS, cutoff, 1);
                assertTrue(chunk <= 1, "a chunk deletes at most maxRows of every alert table together");
                deleted += chunk;
            } while (chunk == 1);

            assertEquals(5, deleted, "two alerts, one attempt, one instance and one rule");
            assertEquals(List.of("sys-fresh", "al-open"), store.findAlerts(AlertQuery.builder().build()).stream()
                    .map(AlertRecord::id).toList(), "the open alert stays, however old");
            assertEquals(List.of(freshAttempt), store.findNotificationAttempts(NotificationQuery.builder().build()));
            AlertRuleState gone = store.loadAlertState("gone");
            assertEquals(List.of(firing("gone", "al-open", T0)), gone.instances(),
                    "the open alert's state stays; the pending instance of the rule no longer evaluated goes");
            assertEquals(T0, gone.lastEvaluatedMillis(), "a rule with state left keeps its latest evaluation");
            assertEquals(new AlertRuleState("gone-quiet", null, List.of()), store.loadAlertState("gone-quiet"));
            assertEquals(new AlertRuleState("live", fresh, List.of(live)), store.loadAlertState("live"));
            assertEquals(0, store.deleteOlderThan(DataKind.ALERTS, cutoff, 100));
        }

        @Test
        void queuedNotifications_areStoredWithTheEvaluation_andNotUnderALostLease() {
            NotificationAttempt queued = new NotificationAttempt("n-1", "cpu-high", List.of("al-1"), "firing",
                    "https://hooks.example.com/alerts", 0, T0, NotificationAttempt.Outcome.QUEUED, 0, null, false);
            assertTrue(store.tryLease(LEASE_A, T0, Duration.ofSeconds(30)));
            assertTrue(store.commitAlertEvaluations(List.of(new AlertEvaluation("cpu-high", T0, LEASE_A,
                    List.of(firing("cpu-high", "al-1", T0)), List.of(), List.of(opened("al-1", "cpu-high", T0,
                    "critical")), List.of(queued)))));
            assertEquals(List.of(queued), store.findNotificationAttempts(NotificationQuery.builder().build()));
            assertFalse(queued.isFinal());

            assertTrue(store.tryLease(LEASE_B, T0 + 30_000, Duration.ofSeconds(30)));
            NotificationAttempt lost = new NotificationAttempt("n-2", "cpu-high", List.of("al-2"), "firing",
                    "https://hooks.example.com/alerts", 0, T0 + 31_000, NotificationAttempt.Outcome.QUEUED, 0, null,
                    false);
            assertFalse(store.commitAlertEvaluations(List.of(new AlertEvaluation("cpu-high", T0 + 31_000, LEASE_A,
                    List.of(), List.of(), List.of(opened("al-2", "cpu-high", T0 + 31_000, "critical")),
                    List.of(lost)))));
            assertEquals(List.of(queued), store.findNotificationAttempts(NotificationQuery.builder().build()));
        }

        @Test
        void notificationAttempts_areKept_andFoundByRuleAndNotification_newestFirst() {
            NotificationAttempt retried = new NotificationAttempt("n-1", "cpu-high", List.of("al-1", "al-2"),
                    "firing", "https://hooks.example.com/alerts", 1, T0, NotificationAttempt.Outcome.RETRYING, 503,
                    "503 Service Unavailable", false);
            NotificationAttempt delivered = new NotificationAttempt("n-1", "cpu-high", List.of("al-1", "al-2"),
                    "firing", "https://hooks.example.com/alerts", 2, T0 + 1_000,
                    NotificationAttempt.Outcome.DELIVERED, 200, null, true);
            NotificationAttempt other = new NotificationAttempt("n-2", "disk-full", List.of("al-3"), "resolved",
                    "http://10.0.0.1/hook", 0, T0 + 2_000, NotificationAttempt.Outcome.REFUSED, 0,
                    "private address", false);
            store.recordNotificationAttempts(List.of(retried, delivered));
            store.recordNotificationAttempts(List.of(other));

            assertEquals(List.of(other, delivered, retried),
                    store.findNotificationAttempts(NotificationQuery.builder().build()));
            assertEquals(List.of(delivered, retried),
                    store.findNotificationAttempts(NotificationQuery.builder().ruleId("cpu-high").build()));
            assertEquals(List.of(other),
                    store.findNotificationAttempts(NotificationQuery.builder().notificationId("n-2").build()));
            assertEquals(List.of(retried), store.findNotificationAttempts(NotificationQuery.builder()
                    .range(range(T0, T0 + 1_000)).build()));
        }
    }

    @Nested
    class Closing {

        @Test
        void closedStore_throwsClosedFromEveryMethod_andClosesOnce() throws Exception {
            store.write(batch(audit("a-1", T0).build()));
            runTogether(List.of(store::close, store::close, store::close));
            store.close();

            TimeRange range = range(T0, T0 + 1);
            List<Executable> calls = List.of(
                    () -> store.write(batch(audit("a-2", T0).build())),
                    () -> store.write(WriteBatch.buffer().batch()),
                    () -> store.findAudit(AuditQuery.builder().build()),
                    () -> store.findEvents(EventQuery.builder().build()),
                    () -> store.findMetricPoints(MetricQuery.builder("m").build()),
                    () -> store.downsample(DownsampleQuery.builder("m").range(range).build()),
                    () -> store.findMetricMetadata(null),
                    () -> store.findHttpRequests(HttpRequestQuery.builder().build()),
                    () -> store.httpRouteStats(HttpStatsQuery.builder(range).build()),
                    () -> store.latestHeartbeat("w"),
                    store::latestHeartbeats,
                    () -> store.newestTimestamp(DataKind.AUDIT),
                    () -> store.deleteOlderThan(DataKind.AUDIT, T0, 10),
                    store::compact,
                    store::rowCounts,
                    store::seriesCount,
                    () -> store.findAlerts(AlertQuery.builder().build()),
                    () -> store.loadAlertState("r"),
                    () -> store.tryLease(new AlertEvaluation.Lease("l", "h"), T0, Duration.ofSeconds(1)));
            for (Executable call : calls) {
                StoreException closed = assertThrows(StoreException.class, call);
                assertEquals(StoreException.Kind.CLOSED, closed.kind());
            }
        }
    }
}
