package io.liteobs;

import io.liteobs.common.internal.JvmRuntime;
import io.liteobs.common.internal.PeriodicTasks;
import io.liteobs.internal.BatchWriter;
import io.liteobs.internal.Checks;
import io.liteobs.internal.RecordQueue;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * Writes the heartbeat of one named worker, periodically or on demand, and judges liveness from stored beats. The
 * periodic beats of every worker of a {@link LiteObs} run on its one scheduler ({@link LiteObs#scheduler()}); a
 * writer built on its own uses the scheduler given to its builder, or makes one daemon thread.
 *
 * <pre>{@code
 * HeartbeatWriter heartbeat = liteObs.heartbeat("order-worker-1");
 * heartbeat.start();                                    // every 15 s by default
 * while (running) {
 *     handle(queue.take());
 *     heartbeat.progress();                             // from the worker's own loop: proves it is not stuck
 * }
 * heartbeat.stop();                                     // records a graceful stop
 * WorkerLiveness.State state = heartbeat.liveness("order-worker-2").map(WorkerLiveness::state).orElse(null);
 * }</pre>
 *
 * <p>Each beat carries the host, the process id, the interval and the JVM's runtime figures (threads, heap,
 * non-heap, GC count and time, process CPU load, uptime), so a reader can judge liveness from the row alone. The
 * beats come from a LiteObs thread, so on their own they prove that the process lives, not that the worker's own
 * thread works: a worker that calls {@link #progress()} from its loop has each beat carry its progress count and
 * when it last moved, and is judged {@link WorkerLiveness.State#NOT_PROGRESSING} once the count stands still for
 * more than {@value WorkerLiveness#NOT_PROGRESSING_AFTER_INTERVALS} intervals. A worker that never calls it keeps
 * the process-only beat.
 */
public final class HeartbeatWriter extends Recorder {

    /** The default interval between beats: fifteen seconds. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);

    private final String workerId;
    private final Duration interval;
    private final RecordQueue<Heartbeat> queue;
    /** CPU load since this writer's own previous beat, whatever other writers do. */
    private final JvmRuntime.Sampler jvmSampler = JvmRuntime.sampler();
    /** Where the beats are scheduled: the LiteObs's tasks, or this writer's own when it was built on its own. */
    private final PeriodicTasks tasks;
    private final boolean ownsTasks;
    /** The periodic beats while started; guarded by this writer's monitor. */
    private @Nullable Future<?> beating;
    /** Set, under this writer's monitor, once close has begun: from then on nothing starts beating again. */
    private boolean closing;
    /** Progress marked by the worker; a LongAdder so that marking is one uncontended add, without allocation. */
    private final LongAdder progress = new LongAdder();
    /** The progress count of the previous beat, and when it was first seen; guarded by this writer's monitor. */
    private long progressSeen;
    private long progressSeenAtMillis;

    /**
     * @param ownsWriterAndTasks whether closing this writer closes {@code writer} and {@code tasks}: true for a
     *                           writer built on its own
     */
    HeartbeatWriter(ObservabilityStore store, Clock clock, String workerId, Duration interval,
                    RecorderOptions options, BatchWriter writer, PeriodicTasks tasks, boolean ownsWriterAndTasks) {
        super(store, clock, writer, ownsWriterAndTasks);
        this.workerId = Checks.name("workerId", workerId);
        this.interval = Checks.positive("interval", interval);
        this.tasks = tasks;
        this.ownsTasks = ownsWriterAndTasks;
        this.queue = writer.register(new RecordQueue<>("heartbeat:" + workerId, options, WriteBatch.Buffer::heartbeats,
                null));
    }

    /**
     * A builder for a heartbeat writer of its own over {@code store}, with its own writer thread. The store stays
     * the caller's to close. To beat beside the other recorders, use {@link LiteObs#heartbeat(String)}.
     *
     * @param store the store to write to; it stays the caller's to close
     * @param workerId the worker's name: non-blank, without control characters
     * @return a builder for a heartbeat writer of its own over {@code store}, with its own writer thread
     */
    public static Builder builder(ObservabilityStore store, String workerId) {
        return new Builder(store, workerId);
    }

    /**
     * The worker this writer beats for.
     *
     * @return the worker this writer beats for
     */
    public String workerId() {
        return workerId;
    }

    /**
     * The interval between beats, stored with every beat.
     *
     * @return the interval between beats, stored with every beat
     */
    public Duration interval() {
        return interval;
    }

    /**
     * Marks one unit of progress: a worker calls this from its own loop, so that its beats prove that the loop
     * turns. It costs one uncontended add and allocates nothing; the next beat records the count.
     */
    public void progress() {
        progress.increment();
    }

    /**
     * Marks {@code units} of progress, such as the items a loop's pass handled. Zero or less marks none: like every
     * recording call, this never throws.
     *
     * @param units how much work was done since the last call, such as items handled
     */
    public void progress(long units) {
        if (units > 0) {
            progress.add(units);
        }
    }

    /** Starts beating every interval, the first beat at once. Does nothing if already started or closed. */
    public synchronized void start() {
        if (beating != null || closing) {
            return;
        }
        beating = tasks.atFixedRate("heartbeat of " + workerId, Duration.ZERO, interval, this::periodicBeat);
    }

    private synchronized void periodicBeat() {
        // under the monitor, as stop() is: a beat that lost the race with stop() must not follow its stop beat
        if (beating != null) {
            queue.offer(snapshot(false));
        }
    }

    /**
     * Stops beating and, if it was beating, queues a last beat marked stopped, so that readers tell this graceful
     * stop from a crash ({@link WorkerLiveness.State#STOPPED}); {@link #start()} may start again.
     */
    public synchronized void stop() {
        if (beating != null) {
            tasks.cancel(beating, false);
            beating = null;
            queue.offer(snapshot(true));
        }
    }

    /**
     * Whether periodic beating is on.
     *
     * @return whether periodic beating is on
     */
    public synchronized boolean isRunning() {
        return beating != null;
    }

    /**
     * Writes one beat now and waits for its commit, up to the configured wait.
     *
     * @return whether the beat was committed, and if not, why
     */
    public LogResult beat() {
        if (queue.dropIfClosed()) {
            return LogResult.CLOSED;
        }
        return queue.writeAndWait(snapshot(false));
    }

    private synchronized Heartbeat snapshot(boolean stopped) {
        JvmRuntime.Snapshot jvm = jvmSampler.snapshot();
        long now = clock.millis();
        long count = progress.sum();
        if (count != progressSeen) {
            progressSeen = count;
            progressSeenAtMillis = now;
        }
        // a count of zero is a worker that never marked progress: its beat proves only that the process lives
        return new Heartbeat(workerId, JvmRuntime.HOST, JvmRuntime.PID, now, interval.toMillis(),
                jvm.liveThreads(), jvm.heapUsed(), jvm.heapCommitted(), jvm.heapMax(), jvm.nonHeapUsed(),
                jvm.gcCount(), jvm.gcTimeMillis(), jvm.processCpuLoad(), jvm.uptimeMillis(),
                count == 0 ? null : count, count == 0 ? null : progressSeenAtMillis, stopped);
    }

    /**
     * How a worker is, from its latest beat ({@link WorkerLiveness#state()}): stale once that beat is older than
     * {@value WorkerLiveness#STALE_AFTER_INTERVALS} of the intervals stored with it.
     *
     * @param worker the worker's id
     * @return empty when the worker never beat
     */
    public Optional<WorkerLiveness> liveness(String worker) {
        return liveness(worker, null);
    }

    /**
     * Whether a worker is alive, by a threshold of the caller's.
     *
     * @param worker the worker's id
     * @param staleAfter the age past which the worker is stale; null for the stored interval rule
     * @return empty when the worker never beat
     */
    public Optional<WorkerLiveness> liveness(String worker, @Nullable Duration staleAfter) {
        return Liveness.of(store, clock, worker, staleAfter);
    }

    /**
     * The liveness of every worker that ever beat into the store, by the stored interval rule.
     *
     * @return the liveness of every worker that ever beat into the store, by the stored interval rule
     */
    public List<WorkerLiveness> livenessOfAll() {
        return Liveness.ofAll(store, clock, null);
    }

    /** Stops beating (a writer built on its own also stops the scheduler it made), then closes like every recorder. */
    @Override
    public void close() {
        synchronized (this) {
            // with the stop, under the monitor: a start() racing with close either ran before, and is stopped
            // here, or runs after, and sees 'closing'
            closing = true;
            stop();
        }
        if (ownsTasks) {
            tasks.close();
        }
        super.close();
    }

    @Override
    RecordQueue<?>[] queues() {
        return new RecordQueue<?>[] {queue};
    }

    /** Builds a {@link HeartbeatWriter} of its own; defaults: {@link #DEFAULT_INTERVAL}, a scheduler of its own. */
    public static final class Builder extends RecorderBuilder<Builder> {
        private final String workerId;
        private Duration interval = DEFAULT_INTERVAL;
        private @Nullable ScheduledExecutorService scheduler;

        private Builder(ObservabilityStore store, String workerId) {
            super(store, RecorderOptions.HEARTBEAT_DEFAULT);
            this.workerId = Checks.name("workerId", workerId);
        }

        @Override
        Builder self() {
            return this;
        }

        /**
         * The interval between beats.
         *
         * @param beatInterval the interval between beats
         * @return this builder
         */
        public Builder interval(Duration beatInterval) {
            this.interval = Checks.positive("interval", beatInterval);
            return this;
        }

        /**
         * The scheduler the periodic beats run on, which closing the writer leaves running; unless set, the writer
         * makes one daemon thread, {@code liteobs-scheduler-<store>-heartbeat-<worker>-1}, once started, and stops
         * it when it closes.
         *
         * @param beatScheduler the scheduler the periodic beats run on, which closing the writer leaves running
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService beatScheduler) {
            this.scheduler = Objects.requireNonNull(beatScheduler, "scheduler");
            return this;
        }

        /**
         * A writer with its own writer thread; call {@link HeartbeatWriter#start()} to beat periodically.
         *
         * @return a writer with its own writer thread
         */
        public HeartbeatWriter build() {
            BatchWriter writer = newWriter("heartbeat");
            PeriodicTasks tasks = PeriodicTasks.on(scheduler,
                    "liteobs-scheduler-" + store.name() + "-heartbeat-" + workerId);
            return new HeartbeatWriter(store, clock, workerId, interval, options, writer, tasks, true);
        }
    }
}
