package io.liteobs;

import io.liteobs.common.internal.PeriodicTasks;
import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.Checks;
import io.liteobs.spi.ObservabilityStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: the five recorders over one store, sharing one writer thread ({@code liteobs-writer-<store>})
 * and one scheduler for all periodic work ({@link #scheduler()}: heartbeats, retention, and the periodic tasks of
 * other modules), closed together.
 *
 * <pre>{@code
 * try (LiteObs obs = LiteObs.builder(SqliteStore.open(Path.of("service-obs.db"))).build()) {
 *     obs.heartbeat("worker-1").start();
 *     obs.metrics().record("orders.latency", 12.5, "ms", Labels.of("region", "eu"));
 *     obs.audit().logAsync(AuditEntry.builder("orders", "create").userId("alice").build());
 *     obs.events().record(BusinessEvent.builder("order.created", "shop").entity("order", "o-1").build());
 * }
 * }</pre>
 *
 * <p>{@link #close()} stops the heartbeats and the retention schedule, stops intake, writes what is queued
 * within the drain timeout, then closes the store: a {@code LiteObs} owns the store it was built with.
 */
public final class LiteObs implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiteObs.class);

    private final ObservabilityStore store;
    private final LiteObsClock clock;
    /** Heartbeats and retention on the one scheduler, which this made unless the builder was given one. */
    private final PeriodicTasks tasks;
    private final BatchWriter writer;
    private final AuditLogger audit;
    private final MetricsManager metrics;
    private final EventLogger events;
    private final HttpRequestLogger http;
    private final Retention retention;
    private final RecorderOptions heartbeatOptions;
    private final Duration heartbeatInterval;
    private final Map<String, HeartbeatWriter> heartbeats = new ConcurrentSkipListMap<>();
    /** Told of each heartbeat writer made; guards the making of writers, so that each is told once. */
    private final List<Consumer<HeartbeatWriter>> heartbeatListeners = new ArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** Released once the first caller of {@link #close()} has closed everything. */
    private final CountDownLatch closeDone = new CountDownLatch(1);

    private LiteObs(Builder builder) {
        this.store = builder.store;
        this.clock = LiteObsClock.of(builder.clock);
        this.heartbeatOptions = builder.heartbeat;
        this.heartbeatInterval = builder.heartbeatInterval;
        this.tasks = PeriodicTasks.on(builder.scheduler, "liteobs-scheduler-" + store.name());
        this.writer = new BatchWriter(store, builder.writerOptions, "liteobs-writer-" + store.name(), clock);
        Retention made = null;
        try {
            this.audit = new AuditLogger(store, clock, builder.ids, builder.redaction, builder.audit,
                    builder.dropAlertInterval, writer, false);
            this.metrics = new MetricsManager(store, clock, builder.metrics, builder.maxSeriesPerMetric,
                    builder.maxSeriesTotal, writer, false);
            this.events = new EventLogger(store, clock, builder.ids, builder.redaction, builder.events, writer,
                    false);
            this.http = new HttpRequestLogger(store, clock, builder.redaction, builder.http, writer, false);
            made = Retention.of(store, builder.retentionPolicy, clock);
            if (builder.retentionInterval != null) {
                made.schedule(builder.retentionInterval, tasks.scheduler());
            }
        } catch (RuntimeException | Error e) {
            // the writer thread (and maybe the scheduler) runs already: stop them; the builder closes the store
            if (made != null) {
                made.close();
            }
            tasks.close();
            writer.close();
            throw e;
        }
        this.retention = made;
    }

    /**
     * A builder over {@code store}, which it owns from now on: the built {@code LiteObs} closes the store when it
     * closes, and the builder closes it when it refuses a setting or fails to build (see {@link Builder}).
     *
     * @param store the store, never null
     * @return a builder over {@code store}, which it owns from now on
     */
    public static Builder builder(ObservabilityStore store) {
        return new Builder(store);
    }

    /**
     * The audit logger.
     *
     * @return the audit logger
     */
    public AuditLogger audit() {
        return audit;
    }

    /**
     * The metrics manager.
     *
     * @return the metrics manager
     */
    public MetricsManager metrics() {
        return metrics;
    }

    /**
     * The business event logger.
     *
     * @return the business event logger
     */
    public EventLogger events() {
        return events;
    }

    /**
     * The HTTP request logger, which the filters of the {@code liteobs-instrumentation-*} modules record through.
     *
     * @return the HTTP request logger, which the filters of the {@code liteobs-instrumentation-*} modules record
     *     through
     */
    public HttpRequestLogger http() {
        return http;
    }

    /**
     * The heartbeat writer of a worker, made on first use with the builder's heartbeat interval; call
     * {@link HeartbeatWriter#start()} to beat periodically.
     *
     * <p>After {@link #close()}, as every recorder, it does nothing and counts: the writer it returns is closed, so
     * {@link HeartbeatWriter#start()} does nothing and each beat returns {@link LogResult#CLOSED}, counted as dropped.
     *
     * @param workerId the worker: non-blank, without control characters
     * @return the heartbeat writer of a worker, made on first use with the builder's heartbeat interval
     * @throws IllegalArgumentException for an invalid worker id
     */
    public HeartbeatWriter heartbeat(String workerId) {
        Checks.name("workerId", workerId);
        HeartbeatWriter heartbeat = heartbeats.get(workerId);
        if (heartbeat == null) {
            heartbeat = newHeartbeat(workerId);
        }
        if (closed.get()) {
            // made after close, or while close went past the heartbeats: closed here, so that nothing beats
            heartbeat.close();
        }
        return heartbeat;
    }

    /** Makes the worker's heartbeat writer, unless another thread just did, and tells the listeners of it. */
    private HeartbeatWriter newHeartbeat(String workerId) {
        synchronized (heartbeatListeners) {
            HeartbeatWriter existing = heartbeats.get(workerId);
            if (existing != null) {
                return existing;
            }
            HeartbeatWriter made = new HeartbeatWriter(store, clock, workerId, heartbeatInterval, heartbeatOptions,
                    writer, tasks, false);
            heartbeats.put(workerId, made);
            heartbeatListeners.forEach(listener -> tell(listener, made));
            return made;
        }
    }

    /**
     * Calls {@code action} with each heartbeat writer made so far, now, and with each one made later, once, on the
     * thread that makes it in {@link #heartbeat(String)}: how a binder follows workers that start after it was
     * bound. An exception from the action is logged, never thrown to the caller of {@code heartbeat}.
     *
     * @param action what to do with each writer, such as binding its counters to a meter registry; never null
     */
    public void forEachHeartbeat(Consumer<HeartbeatWriter> action) {
        Objects.requireNonNull(action, "action");
        synchronized (heartbeatListeners) {
            heartbeatListeners.add(action);
            heartbeats.values().forEach(heartbeat -> tell(action, heartbeat));
        }
    }

    private static void tell(Consumer<HeartbeatWriter> listener, HeartbeatWriter heartbeat) {
        try {
            listener.accept(heartbeat);
        } catch (RuntimeException e) {
            LOG.warn("A heartbeat listener failed for worker {}", heartbeat.stats().component(), e);
        }
    }

    /**
     * Whether a worker is alive, by the interval stored with its latest beat; empty if it never beat.
     *
     * @param workerId the worker: non-blank, without control characters
     * @return whether a worker is alive, by the interval stored with its latest beat
     */
    public Optional<WorkerLiveness> liveness(String workerId) {
        return Liveness.of(store, clock, workerId, null);
    }

    /**
     * The liveness of every worker that ever beat, by the interval stored with each latest beat.
     *
     * @return the liveness of every worker that ever beat, by the interval stored with each latest beat
     */
    public List<WorkerLiveness> livenessOfAll() {
        return Liveness.ofAll(store, clock, null);
    }

    /**
     * The liveness of every worker that ever beat, stale once its latest beat is older than {@code staleAfter}.
     *
     * @param staleAfter the age of the latest beat past which a worker counts as stale
     * @return the liveness of every worker that ever beat, stale once its latest beat is older than {@code staleAfter}
     */
    public List<WorkerLiveness> livenessOfAll(Duration staleAfter) {
        return Liveness.ofAll(store, clock, Objects.requireNonNull(staleAfter, "staleAfter"));
    }

    /**
     * Retention by the builder's policy: {@link Retention#run()} deletes old rows now.
     *
     * @return retention by the builder's policy
     */
    public Retention retention() {
        return retention;
    }

    /**
     * The one scheduler for the periodic work of this {@code LiteObs} and of the modules built on it: the
     * builder's, or one daemon thread ({@code liteobs-scheduler-<store>-1}) that {@link #close()} shuts down, and
     * that no one else should. A task should catch what it throws (an exception that escapes a periodic task
     * cancels its later runs) and stay short, since the tasks of a scheduler this made share one thread; a module
     * cancels its own tasks when it closes.
     *
     * @return the one scheduler for the periodic work of this {@code LiteObs} and of the modules built on it
     */
    public ScheduledExecutorService scheduler() {
        return tasks.scheduler();
    }

    /**
     * The clock of this {@code LiteObs}: the builder's, or {@link LiteObsClock#system()}. Modules built on it (alert
     * rules, say) take their time from it, so that a test moves them all with one {@link ManualClock}.
     *
     * @return the clock of this {@code LiteObs}
     */
    public LiteObsClock clock() {
        return clock;
    }

    /**
     * The store the recorders write to.
     *
     * @return the store the recorders write to
     */
    public ObservabilityStore store() {
        return store;
    }

    /**
     * Whether the latest write failed because the store could not write (locked, disk full, read-only, damaged);
     * {@link #storeStatus()} says why and since when.
     *
     * @return whether the latest write failed because the store could not write (locked, disk full, read-only, damaged)
     */
    public boolean degraded() {
        return writer.degraded();
    }

    /**
     * Whether LiteObs can write to its store, and if not, why and since when. Cheap: reads two fields.
     *
     * @return {@link StoreStatus.State#CLOSED} after close, {@link StoreStatus.State#DEGRADED} while the store cannot
     *         write, {@link StoreStatus#OK} otherwise
     */
    public StoreStatus storeStatus() {
        if (closed.get()) {
            return new StoreStatus(StoreStatus.State.CLOSED, "LiteObs over " + store.name() + " is closed", null);
        }
        BatchWriter.Failure failure = writer.failure(); // read once: the writer may recover meanwhile
        if (failure == null) {
            return StoreStatus.OK;
        }
        return new StoreStatus(StoreStatus.State.DEGRADED, failure.reason(),
                Instant.ofEpochMilli(failure.sinceMillis()));
    }

    /**
     * Writes everything queued now, without waiting for the flush interval, and waits until it is written: until a
     * cycle of the writer that began after this call ends with every queue empty and nothing in flight. Entries
     * recorded meanwhile are waited for too, so under steady recording this may wait the whole timeout.
     *
     * @param timeout the longest to wait
     * @return true when every entry recorded before the call has been committed, or counted as failed because the
     *         store refused it or cannot take entries (closed, damaged: see {@link #stats()} and {@link #storeStatus()});
     *         false when the timeout passed first, for example while the store cannot write for now
     */
    public boolean flush(Duration timeout) {
        return writer.flush(Objects.requireNonNull(timeout, "timeout"));
    }

    /**
     * The counters of every recorder: audit, metrics, events, HTTP, then each heartbeat writer by worker id.
     *
     * @return the counters of every recorder
     */
    public List<RecorderStats> stats() {
        return recorders().stream().map(Recorder::stats).toList();
    }

    /**
     * The heartbeat writers made so far, ordered by worker id.
     *
     * @return the heartbeat writers made so far, ordered by worker id
     */
    public List<HeartbeatWriter> heartbeats() {
        return List.copyOf(heartbeats.values());
    }

    /** Every recorder, in the order {@link #stats()} lists them. */
    private List<Recorder> recorders() {
        List<Recorder> all = new ArrayList<>(List.of(audit, metrics, events, http));
        all.addAll(heartbeats.values());
        return all;
    }

    /**
     * Stops heartbeats and scheduled retention, shuts down the scheduler if this made it (within
     * five seconds for the tasks running on it), stops intake, writes what is queued within the drain timeout, and
     * closes the store. A scheduler given to the builder is left running, without this {@code LiteObs}'s tasks.
     * Idempotent and thread-safe: a later caller waits for the first caller's close to finish, so every caller
     * returns once closing is done or has timed out, the store closed.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            // closing is the first caller's job: closing the writer here, before the queues, would strand what is
            // recorded meanwhile; wait until it is done instead
            awaitUninterruptibly(closeDone);
            return;
        }
        try {
            retention.close();
            heartbeats.values().forEach(HeartbeatWriter::close);
            tasks.close();
            audit.close();
            metrics.close();
            events.close();
            http.close();
            writer.close();
            try {
                store.close();
            } catch (RuntimeException e) {
                LOG.error("Closing store {} failed", store.name(), e);
            }
        } finally {
            closeDone.countDown();
        }
    }

    /** Waits for the latch; an interrupt does not end the wait, which is bounded by the first caller's close. */
    static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Builds a {@link LiteObs}; every setting has a default. A setting out of range is refused at once, by its setter.
     *
     * <p>The builder owns the store it was given: when a setter or {@link #build()} throws (an invalid setting, a
     * contradiction, a failure to start), it has closed the store first, so that
     * {@code LiteObs.builder(SqliteStore.open(file)).retentionEvery(badValue)} leaves no connection, thread or
     * {@code -wal} file behind. The builder is spent then: the store cannot be used again.
     */
    public static final class Builder {
        private final ObservabilityStore store;
        private WriterOptions writerOptions = WriterOptions.DEFAULT;
        private RecorderOptions audit = RecorderOptions.AUDIT_DEFAULT;
        private RecorderOptions metrics = RecorderOptions.METRICS_DEFAULT;
        private RecorderOptions events = RecorderOptions.EVENTS_DEFAULT;
        private RecorderOptions heartbeat = RecorderOptions.HEARTBEAT_DEFAULT;
        private HttpLoggingOptions http = HttpLoggingOptions.DEFAULT;
        private Duration heartbeatInterval = HeartbeatWriter.DEFAULT_INTERVAL;
        private int maxSeriesPerMetric = MetricsManager.DEFAULT_MAX_SERIES_PER_METRIC;
        private int maxSeriesTotal = MetricsManager.DEFAULT_MAX_SERIES_TOTAL;
        private IdGenerator ids = IdGenerator.uuidV7();
        private RedactionPolicy redaction = RedactionPolicy.defaults();
        private Duration dropAlertInterval = AuditLogger.DEFAULT_DROP_ALERT_INTERVAL;
        private Clock clock = LiteObsClock.system();
        private @Nullable ScheduledExecutorService scheduler;
        private RetentionPolicy retentionPolicy = RetentionPolicy.builder().build();
        private @Nullable Duration retentionInterval;

        private Builder(ObservabilityStore store) {
            this.store = Objects.requireNonNull(store, "store");
        }

        /**
         * Batch size, flush interval and drain timeout of the writer thread; {@link WriterOptions#DEFAULT}.
         *
         * @param options batch size, flush interval and drain timeout of the writer thread
         * @return this builder
         */
        public Builder writer(WriterOptions options) {
            this.writerOptions = closeStoreIfThrows(() -> Objects.requireNonNull(options, "writer"));
            return this;
        }

        /**
         * The audit queue; {@link RecorderOptions#AUDIT_DEFAULT}.
         *
         * @param options the audit queue
         * @return this builder
         */
        public Builder audit(RecorderOptions options) {
            this.audit = closeStoreIfThrows(() -> Objects.requireNonNull(options, "audit"));
            return this;
        }

        /**
         * The metrics queue; {@link RecorderOptions#METRICS_DEFAULT}.
         *
         * @param options the metrics queue
         * @return this builder
         */
        public Builder metrics(RecorderOptions options) {
            this.metrics = closeStoreIfThrows(() -> Objects.requireNonNull(options, "metrics"));
            return this;
        }

        /**
         * The events queue; {@link RecorderOptions#EVENTS_DEFAULT}.
         *
         * @param options the events queue
         * @return this builder
         */
        public Builder events(RecorderOptions options) {
            this.events = closeStoreIfThrows(() -> Objects.requireNonNull(options, "events"));
            return this;
        }

        /**
         * What the HTTP request logger stores (the optional parts of a request, the cap on routes) and its queue;
         * {@link HttpLoggingOptions#DEFAULT}.
         *
         * @param options what the HTTP request logger stores (the optional parts of a request, the cap on routes) and its queue
         * @return this builder
         */
        public Builder http(HttpLoggingOptions options) {
            this.http = closeStoreIfThrows(() -> Objects.requireNonNull(options, "http"));
            return this;
        }

        /**
         * The queue of each heartbeat writer; {@link RecorderOptions#HEARTBEAT_DEFAULT}.
         *
         * @param options the queue of each heartbeat writer
         * @return this builder
         */
        public Builder heartbeat(RecorderOptions options) {
            this.heartbeat = closeStoreIfThrows(() -> Objects.requireNonNull(options, "heartbeat"));
            return this;
        }

        /**
         * The interval of heartbeat writers; {@link HeartbeatWriter#DEFAULT_INTERVAL}.
         *
         * @param interval the interval of heartbeat writers
         * @return this builder
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = closeStoreIfThrows(() -> Checks.positive("heartbeatInterval", interval));
            return this;
        }

        /**
         * The bounds on distinct metric series; see {@link MetricsManager}.
         *
         * @param perMetric the most distinct series of one metric
         * @param total the most distinct series of all metrics together
         * @return this builder
         */
        public Builder maxSeries(int perMetric, int total) {
            this.maxSeriesPerMetric = closeStoreIfThrows(() ->
                    Checks.inRange("maxSeriesPerMetric", perMetric, 1, Integer.MAX_VALUE));
            this.maxSeriesTotal = closeStoreIfThrows(() ->
                    Checks.inRange("maxSeriesTotal", total, perMetric, Integer.MAX_VALUE));
            return this;
        }

        /**
         * The generator of audit entry and event ids; {@link IdGenerator#uuidV7()}.
         *
         * @param generator the generator of audit entry and event ids
         * @return this builder
         */
        public Builder idGenerator(IdGenerator generator) {
            this.ids = closeStoreIfThrows(() -> Objects.requireNonNull(generator, "idGenerator"));
            return this;
        }

        /**
         * What is kept out of the file: secret keys and value patterns redacted from audit entries, events and HTTP
         * requests before they are queued; {@link RedactionPolicy#defaults()}, {@link RedactionPolicy#none()} to turn it off.
         *
         * @param policy what is kept out of the file
         * @return this builder
         */
        public Builder redaction(RedactionPolicy policy) {
            this.redaction = closeStoreIfThrows(() -> Objects.requireNonNull(policy, "redaction"));
            return this;
        }

        /**
         * The shortest time between two alerts about dropped audit entries in {@code system_alerts};
         * {@link AuditLogger#DEFAULT_DROP_ALERT_INTERVAL}.
         *
         * @param interval the shortest time between two alerts about dropped audit entries in {@code system_alerts}
         * @return this builder
         */
        public Builder auditDropAlertInterval(Duration interval) {
            this.dropAlertInterval = closeStoreIfThrows(() -> Checks.positive("auditDropAlertInterval", interval));
            return this;
        }

        /**
         * The clock that stamps entries and measures retention ages; {@link LiteObsClock#system()}. A
         * {@link LiteObsClock} (a {@link ManualClock} in tests) also gives the monotonic time that the flush
         * schedule, retries, waits for a commit, the drain deadline and retention's guards run on; a plain
         * {@link Clock} gives wall time only, monotonic time then coming from {@link System#nanoTime()}.
         *
         * @param entryClock the clock that stamps entries and measures retention ages
         * @return this builder
         */
        public Builder clock(Clock entryClock) {
            this.clock = closeStoreIfThrows(() -> Objects.requireNonNull(entryClock, "clock"));
            return this;
        }

        /**
         * The scheduler for heartbeats, scheduled retention and the periodic work of other modules, returned by
         * {@link LiteObs#scheduler()}; close cancels this {@code LiteObs}'s tasks on it and leaves it running.
         * Unless set, LiteObs makes one daemon thread, {@code liteobs-scheduler-<store>-1}, and shuts it down on
         * close.
         *
         * @param periodicWork the scheduler for heartbeats, scheduled retention and the periodic work of other modules, returned by {@link LiteObs#scheduler()}
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService periodicWork) {
            this.scheduler = closeStoreIfThrows(() -> Objects.requireNonNull(periodicWork, "scheduler"));
            return this;
        }

        /**
         * The retention policy, run by {@link LiteObs#retention()}; keeps everything unless set.
         *
         * @param policy the retention policy, run by {@link LiteObs#retention()}
         * @return this builder
         */
        public Builder retention(RetentionPolicy policy) {
            this.retentionPolicy = closeStoreIfThrows(() -> Objects.requireNonNull(policy, "retention"));
            return this;
        }

        /**
         * Runs the retention policy every {@code interval} on {@link LiteObs#scheduler()}; off unless set. Needs a
         * {@link #retention} policy that keeps some kind for a limited time: {@link #build()} refuses one that keeps
         * everything.
         *
         * @param interval the time between two retention runs; positive
         * @return this builder
         */
        public Builder retentionEvery(Duration interval) {
            this.retentionInterval = closeStoreIfThrows(() -> Checks.positive("retentionEvery", interval));
            return this;
        }

        /**
         * A running {@code LiteObs}.
         *
         * @return a running {@code LiteObs}
         * @throws IllegalArgumentException when {@link #retentionEvery} is set but the {@link #retention} policy
         *                                  keeps everything, so that every run would delete nothing
         */
        public LiteObs build() {
            return closeStoreIfThrows(() -> {
                if (retentionInterval != null && retentionPolicy.maxAge().isEmpty()) {
                    throw new IllegalArgumentException("retentionEvery(" + retentionInterval + ") is set but the"
                            + " retention policy keeps everything: set retention(RetentionPolicy.builder().keep(kind,"
                            + " age).build()), or leave retentionEvery out");
                }
                return new LiteObs(this);
            });
        }

        /**
         * Runs a check or the build; when it throws, closes the store first, which the builder owns from
         * {@link LiteObs#builder} on, so that a refused setting leaves no thread or file open.
         */
        private <T> T closeStoreIfThrows(Supplier<T> step) {
            try {
                return step.get();
            } catch (RuntimeException | Error e) {
                try {
                    store.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                throw e;
            }
        }
    }
}
