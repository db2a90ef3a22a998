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
import static io.liteobs.store.tck.Entries.point;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Aggregation;
import io.liteobs.AuditEntry;
import io.liteobs.AuditOrder;
import io.liteobs.AuditQuery;
import io.liteobs.BusinessEvent;
import io.liteobs.DataKind;
import io.liteobs.DownsampleQuery;
import io.liteobs.EventQuery;
import io.liteobs.Heartbeat;
import io.liteobs.Labels;
import io.liteobs.LatestValue;
import io.liteobs.MetricDescription;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.Page;
import io.liteobs.MetricType;
import io.liteobs.Retention;
import io.liteobs.RetentionPolicy;
import io.liteobs.RetentionResult;
import io.liteobs.SeriesPoint;
import io.liteobs.SortDirection;
import io.liteobs.TimeRange;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.WriteBatch;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

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
                    .orderBy(AuditOrder.TIME, SortDirection.ASC).build()));
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
                    point("latency", 3, T0 + 1, "region", "us"), point("jobs", 1, T0)));

            Map<DataKind, Long> expected = new EnumMap<>(DataKind.class);
            expected.putAll(Map.of(DataKind.AUDIT, 2L, DataKind.METRICS, 4L, DataKind.EVENTS, 1L,
                    DataKind.HEARTBEATS, 3L, DataKind.ALERTS, 1L, DataKind.HTTP_REQUESTS, 0L));
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
                point("latency", Double.NEGATIVE_INFINITY, T0));

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
            assertEquals(List.of("a-1", "a-2"), auditIds(q -> q.orderBy(AuditOrder.TIME, SortDirection.ASC)));
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
                    auditIds(q -> q.orderBy(AuditOrder.TIME, SortDirection.ASC)));
            assertEquals(List.of("a-5", "a-4", "a-3", "a-2", "a-1"),
                    auditIds(q -> q.orderBy(AuditOrder.TIME, SortDirection.DESC)));
        }

        @Test
        void auditByDuration_putsEntriesWithoutADurationLast_inBothDirections() {
            assertEquals(List.of("a-2", "a-1", "a-4", "a-3", "a-5"),
                    auditIds(q -> q.orderBy(AuditOrder.DURATION, SortDirection.ASC)));
            assertEquals(List.of("a-4", "a-1", "a-2", "a-5", "a-3"),
                    auditIds(q -> q.orderBy(AuditOrder.DURATION, SortDirection.DESC)));
        }

        @Test
        void auditPages_neitherOverlapNorSkip() {
            UnaryOperator<AuditQuery.Builder> oldestFirst = q -> q.orderBy(AuditOrder.TIME, SortDirection.ASC)
                    .limit(2);

            assertEquals(List.of("a-1", "a-2"), auditIds(q -> oldestFirst.apply(q).offset(0)));
            assertEquals(List.of("a-3", "a-4"), auditIds(q -> oldestFirst.apply(q).offset(2)));
            assertEquals(List.of("a-5"), auditIds(q -> oldestFirst.apply(q).offset(4)));
            assertEquals(List.of(), auditIds(q -> oldestFirst.apply(q).offset(6)));
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
                    point("latency", 1, T0, "region", "eu"), heartbeat("w-1", T0)));
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
                        point("latency", i, T0 + 1, "region", value)));
            }

            for (int i = 0; i < INJECTIONS.size(); i++) {
                String value = INJECTIONS.get(i);
                assertEquals(List.of("i-" + i), auditIds(q -> q.userId(value)), value);
                assertEquals(List.of((double) i), values(points("latency", Labels.of("region", value))), value);
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

            double value = aggregation == Aggregation.COUNT ? 1 : 4;
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
            }
            store.write(batchOf(entries));
        }

        /** The timestamps of what is left of a kind, where a query can list them all. */
        private List<Long> timestampsLeft(DataKind kind) {
            return switch (kind) {
                case AUDIT -> store.findAudit(AuditQuery.builder().orderBy(AuditOrder.TIME, SortDirection.ASC)
                        .build()).stream().map(AuditEntry::timestampMillis).toList();
                case EVENTS -> store.findEvents(EventQuery.builder().direction(SortDirection.ASC).build())
                        .stream().map(BusinessEvent::timestampMillis).toList();
                case METRICS -> store.findMetricPoints(MetricQuery.builder("latency").build()).stream()
                        .map(MetricPoint::timestampMillis).toList();
                case HEARTBEATS -> store.latestHeartbeats().stream().map(Heartbeat::timestampMillis).toList();
                default -> List.of();
            };
        }

        @ParameterizedTest
        @EnumSource(value = DataKind.class, names = {"AUDIT", "METRICS", "EVENTS", "HEARTBEATS", "ALERTS"})
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
                        heartbeat("w-1", timestamp), alert("al-" + i, timestamp), point("latency", i, timestamp)));
            }

            for (DataKind kind : List.of(DataKind.AUDIT, DataKind.METRICS, DataKind.EVENTS, DataKind.HEARTBEATS,
                    DataKind.ALERTS)) {
                assertEquals(OptionalLong.of(T0 + 2 * MINUTE), store.newestTimestamp(kind), kind::toString);
            }
            assertEquals(OptionalLong.empty(), store.newestTimestamp(DataKind.HTTP_REQUESTS));
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
                    () -> store.latestHeartbeat("w"),
                    store::latestHeartbeats,
                    () -> store.newestTimestamp(DataKind.AUDIT),
                    () -> store.deleteOlderThan(DataKind.AUDIT, T0, 10),
                    store::compact,
                    store::rowCounts,
                    store::seriesCount);
            for (Executable call : calls) {
                StoreException closed = assertThrows(StoreException.class, call);
                assertEquals(StoreException.Kind.CLOSED, closed.kind());
            }
        }
    }
}
