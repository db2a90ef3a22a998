package io.liteobs.runtime.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.MetricMetadata;
import io.liteobs.MetricPoint;
import io.liteobs.MetricQuery;
import io.liteobs.MetricType;
import io.liteobs.sqlite.SqliteStore;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MockClock;
import io.micrometer.core.instrument.Statistic;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.step.StepPolling;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiteObsMeterRegistryTest {

    private static final Duration STEP = Duration.ofMinutes(1);
    private static final long STEP_MILLIS = STEP.toMillis();
    /** Where the mock clock starts: a whole number of steps, in 2024, since points stamped before 2000 are refused. */
    private static final long START_MILLIS = Duration.ofDays(20_000).toMillis();

    @TempDir
    java.nio.file.Path dir;

    private LiteObs obs;
    private MockClock clock;
    private LiteObsMeterRegistry registry;

    @BeforeEach
    void open() {
        obs = LiteObs.builder(SqliteStore.open(dir.resolve("meters.db"))).build();
        clock = new MockClock();
        clock.add(Duration.ofMillis(START_MILLIS));
        // not started: each test publishes by hand, after moving the mock clock past a step
        registry = new LiteObsMeterRegistry(LiteObsRegistryConfig.withStep(STEP), clock, obs.metrics(), null);
    }

    @AfterEach
    void close() {
        registry.close();
        obs.close();
    }

    /** Moves past the end of the current step and publishes, as the publishing thread does. */
    private void publishStep() {
        clock.add(STEP);
        registry.publish();
    }

    private List<MetricPoint> points(String name) {
        obs.flush(Duration.ofSeconds(5));
        return obs.metrics().query(MetricQuery.builder(name).build());
    }

    private List<MetricPoint> points(String name, Labels labels) {
        obs.flush(Duration.ofSeconds(5));
        return obs.metrics().query(MetricQuery.builder(name).labels(labels).build());
    }

    private MetricMetadata metadata(String name) {
        obs.flush(Duration.ofSeconds(5));
        List<MetricMetadata> series = obs.metrics().metadata(name);
        assertEquals(1, series.size(), "one series of " + name + ": " + series);
        return series.get(0);
    }

    private static List<Double> values(List<MetricPoint> points) {
        return points.stream().map(MetricPoint::value).toList();
    }

    @Test
    void counter_storesEachStepsIncrement_withTagsUnitAndDescription() {
        Counter orders = Counter.builder("orders.created").tag("region", "eu").baseUnit("orders")
                .description("Orders taken").register(registry);
        orders.increment(3);
        publishStep();
        orders.increment(2);
        publishStep();

        List<MetricPoint> points = points("orders.created");
        assertEquals(List.of(3.0, 2.0), values(points));
        assertEquals(List.of(START_MILLIS + STEP_MILLIS, START_MILLIS + 2 * STEP_MILLIS),
                points.stream().map(MetricPoint::timestampMillis).toList(),
                "stamped with the end of the step they describe");
        assertEquals(Labels.of("region", "eu"), points.get(0).labels());
        MetricMetadata metadata = metadata("orders.created");
        assertEquals(MetricType.COUNTER, metadata.type());
        assertEquals("orders", metadata.unit());
        assertEquals("Orders taken", metadata.description());
    }

    @Test
    void gauge_storesItsValue_andSkipsNaN() {
        AtomicLong open = new AtomicLong(7);
        Gauge.builder("orders.open", open, AtomicLong::get).register(registry);
        Gauge.builder("orders.gone", this, self -> Double.NaN).register(registry);
        publishStep();

        assertEquals(List.of(7.0), values(points("orders.open")));
        assertEquals(MetricType.GAUGE, metadata("orders.open").type());
        assertTrue(points("orders.gone").isEmpty(), "a NaN (a collected object) is not recorded");
    }

    @Test
    void timer_storesCountSumMaxAndPercentiles_inSeconds() {
        Timer requests = Timer.builder("http.server.requests").tag("uri", "/orders").publishPercentiles(0.5, 0.99)
                .register(registry);
        // percentiles and max cover Micrometer's sliding window (one step): record late in the step, as traffic does
        clock.add(Duration.ofSeconds(50));
        requests.record(Duration.ofMillis(100));
        requests.record(Duration.ofMillis(200));
        requests.record(Duration.ofMillis(300));
        clock.add(Duration.ofSeconds(10));
        registry.publish();

        assertEquals(List.of(3.0), values(points("http.server.requests.count")));
        assertEquals(0.6, points("http.server.requests.sum").get(0).value(), 1e-9);
        assertEquals(0.3, points("http.server.requests.max").get(0).value(), 1e-9);
        double median = points("http.server.requests.percentile", Labels.of("phi", "0.5")).get(0).value();
        double p99 = points("http.server.requests.percentile", Labels.of("phi", "0.99")).get(0).value();
        assertEquals(0.2, median, 0.02, "percentiles are approximations");
        assertEquals(0.3, p99, 0.03);
        assertEquals(Labels.of("phi", "0.99", "uri", "/orders"),
                points("http.server.requests.percentile", Labels.of("phi", "0.99")).get(0).labels());

        assertEquals(MetricType.COUNTER, metadata("http.server.requests.count").type());
        assertEquals(MetricType.TIMER, metadata("http.server.requests.sum").type());
        assertEquals("seconds", metadata("http.server.requests.sum").unit());
        assertEquals("seconds", metadata("http.server.requests.max").unit());
        assertEquals(2, obs.metrics().metadata("http.server.requests.percentile").size(), "one series per phi");
        assertEquals(1, points("http.server.requests.percentile", Labels.of("phi", "0.5")).size(),
                "one point per step: Micrometer's percentile gauge beside the timer is not published again");
    }

    @Test
    void histogramBuckets_areNotStored() {
        Timer.builder("http.client.requests").serviceLevelObjectives(Duration.ofMillis(100)).register(registry)
                .record(Duration.ofMillis(40));
        publishStep();

        assertEquals(List.of(1.0), values(points("http.client.requests.count")));
        assertTrue(points("http.client.requests.histogram").isEmpty());
    }

    @Test
    void distributionSummary_storesCountSumMaxAndPercentiles_inItsBaseUnit() {
        DistributionSummary sizes = DistributionSummary.builder("http.response.size").baseUnit("bytes")
                .publishPercentiles(0.5).register(registry);
        clock.add(Duration.ofSeconds(50));
        sizes.record(1_000);
        sizes.record(3_000);
        clock.add(Duration.ofSeconds(10));
        registry.publish();

        assertEquals(List.of(2.0), values(points("http.response.size.count")));
        assertEquals(List.of(4_000.0), values(points("http.response.size.sum")));
        assertEquals(List.of(3_000.0), values(points("http.response.size.max")));
        assertEquals(1_000, points("http.response.size.percentile").get(0).value(), 100);
        MetricMetadata sum = metadata("http.response.size.sum");
        assertEquals(MetricType.DISTRIBUTION, sum.type());
        assertEquals("bytes", sum.unit());
    }

    @Test
    void functionCounter_andFunctionTimer_storeStepDeltas() {
        AtomicLong total = new AtomicLong(10);
        FunctionCounter.builder("cache.evictions", total, AtomicLong::get).register(registry);
        long[] timed = {4, 2_000};   // count, total milliseconds
        FunctionTimer.builder("cache.loads", timed, t -> t[0], t -> t[1], TimeUnit.MILLISECONDS).register(registry);
        publishStep();
        total.set(25);
        timed[0] = 6;
        timed[1] = 2_500;
        publishStep();

        assertEquals(List.of(10.0, 15.0), values(points("cache.evictions")));
        assertEquals(MetricType.COUNTER, metadata("cache.evictions").type());
        assertEquals(List.of(4.0, 2.0), values(points("cache.loads.count")));
        assertEquals(List.of(2.0, 0.5), values(points("cache.loads.sum")));
        assertEquals("seconds", metadata("cache.loads.sum").unit());
    }

    @Test
    void longTaskTimer_storesActiveTasksTheirDurationAndTheLongest() {
        LongTaskTimer exports = LongTaskTimer.builder("orders.export").register(registry);
        LongTaskTimer.Sample running = exports.start();
        clock.add(Duration.ofSeconds(30));
        exports.start();
        publishStep();

        assertEquals(List.of(2.0), values(points("orders.export.active")));
        assertEquals(150.0, points("orders.export.duration").get(0).value(), 1e-6, "90 s + 60 s");
        assertEquals(90.0, points("orders.export.max").get(0).value(), 1e-6);
        assertEquals(1, points("orders.export.active").size());
        assertEquals("seconds", metadata("orders.export.max").unit());
        running.stop();
    }

    @Test
    void timeGauge_isStoredInSeconds() {
        TimeGauge.builder("queue.oldest.age", this, TimeUnit.MILLISECONDS, self -> 1_500).register(registry);
        publishStep();

        assertEquals(List.of(1.5), values(points("queue.oldest.age")));
        assertEquals("seconds", metadata("queue.oldest.age").unit());
    }

    @Test
    void customMeter_storesOneSeriesPerStatistic() {
        Meter.builder("pool.state", Meter.Type.OTHER, List.of(new Measurement(() -> 4.0, Statistic.VALUE),
                new Measurement(() -> 9.0, Statistic.TOTAL))).register(registry);
        publishStep();

        assertEquals(List.of(4.0), values(points("pool.state.value")));
        assertEquals(List.of(9.0), values(points("pool.state.total")));
    }

    @Test
    void tagKeysThatAreNotLabelKeys_areSanitised() {
        Counter.builder("odd.tags").tag("my key", "a").tag("1st", "b").tag("ok.key", "c").register(registry)
                .increment();
        publishStep();

        assertEquals(Labels.of("my_key", "a", "_1st", "b", "ok.key", "c"), points("odd.tags").get(0).labels());
        Counter.builder("clashing.tags").tag("a b", "first").tag("a_b", "second").register(registry).increment();
        publishStep();
        assertEquals(Labels.of("a_b", "first"), points("clashing.tags").get(0).labels(),
                "two keys that clean up alike: the first by key is kept");
        assertEquals("_9", LiteObsMeterRegistry.labelKey("9"));
        assertEquals("a_b", LiteObsMeterRegistry.labelKey("a/b"));
        assertEquals("0.999", LiteObsMeterRegistry.phi(0.999));
        assertEquals("0.5", LiteObsMeterRegistry.phi(0.50));
    }

    @Test
    void close_publishesTheLastPartialStep() {
        Counter orders = registry.counter("orders.created");
        orders.increment(2);
        publishStep();
        orders.increment(5);
        clock.add(Duration.ofSeconds(20));
        long closedAt = clock.wallTime();

        registry.close();

        List<MetricPoint> points = points("orders.created");
        assertEquals(List.of(2.0, 5.0), values(points), "the 5 of the unfinished step is not lost");
        assertEquals(closedAt, points.get(1).timestampMillis(), "the partial step is stamped with the close");
    }

    @Test
    void close_stampsAFinishedStepNotYetPublished_withItsEnd() {
        Counter orders = registry.counter("orders.created");
        orders.increment(2);
        clock.add(STEP);
        long stepEnd = clock.wallTime() - clock.wallTime() % STEP_MILLIS;
        StepPolling.rollOver(registry);   // the step is over; the scheduled publication has not run yet
        orders.increment(5);
        clock.add(Duration.ofSeconds(20));
        long closedAt = clock.wallTime();

        registry.close();

        List<MetricPoint> points = points("orders.created");
        assertEquals(List.of(2.0, 5.0), values(points));
        assertEquals(List.of(stepEnd, closedAt), points.stream().map(MetricPoint::timestampMillis).toList());
    }

    @Test
    void changedNamingConvention_appliesToTagsToo() {
        Counter orders = Counter.builder("orders.created").tag("payment.method", "card").register(registry);
        orders.increment();
        publishStep();
        registry.config().namingConvention(NamingConvention.snakeCase);
        orders.increment();
        publishStep();

        assertEquals(Labels.of("payment.method", "card"), points("orders.created").get(0).labels());
        assertEquals(Labels.of("payment_method", "card"), points("orders_created").get(0).labels());
    }

    @Test
    void composite_feedsThisRegistryBesideAnother() {
        SimpleMeterRegistry simple = new SimpleMeterRegistry();
        CompositeMeterRegistry composite = new CompositeMeterRegistry(clock);
        composite.add(simple);
        composite.add(registry);
        Timer.builder("http.server.requests").tag("uri", "/pay").register(composite).record(Duration.ofMillis(40));
        publishStep();

        assertEquals(1, simple.get("http.server.requests").timer().count());
        assertEquals(List.of(1.0), values(points("http.server.requests.count")));
        assertEquals(0.04, points("http.server.requests.sum").get(0).value(), 1e-9);
    }

    @Test
    void startedRegistry_publishesEveryStepOnItsOwnDaemonThread() throws InterruptedException {
        Set<Thread> before = publishingThreads();
        LiteObsMeterRegistry started = LiteObsMeterRegistry.builder(obs.metrics()).step(Duration.ofMillis(200))
                .build();
        try {
            Set<Thread> made = publishingThreads();
            made.removeAll(before);
            assertEquals(1, made.size(), "one publishing thread: " + made);
            assertTrue(made.iterator().next().isDaemon());

            started.counter("jobs.done").increment(3);
            double stored = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (stored < 3 && System.nanoTime() < deadline) {
                Thread.sleep(50);
                stored = points("jobs.done").stream().mapToDouble(MetricPoint::value).sum();
            }
            assertEquals(3.0, stored, "published by the thread within a few steps, before close");
        } finally {
            started.close();
        }
    }

    private static Set<Thread> publishingThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals(LiteObsMeterRegistry.THREAD_NAME))
                .collect(Collectors.toCollection(HashSet::new));
    }
}
