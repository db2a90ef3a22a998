package io.liteobs.runtime.host;

import io.liteobs.MetricsManager;
import io.liteobs.RedactionPolicy;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.common.internal.PeriodicTasks;
import io.liteobs.common.internal.ThrottledLogger;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the host's CPU, load, memory, swap, disks, network, OOM kills and busiest processes from /proc and /sys
 * on Linux, on demand ({@link #collect()}) or on a schedule: on the caller's scheduler
 * ({@link #start(MetricsManager, ScheduledExecutorService)}), or on a daemon thread of its own, {@value #THREAD_NAME}
 * ({@link #start(MetricsManager)}). Once started, every collection, scheduled or by hand, is recorded into the
 * {@link MetricsManager} once.
 *
 * <pre>{@code
 * HostMetricsCollector host = HostMetricsCollector.builder().interval(Duration.ofSeconds(15)).build();
 * host.start(liteObs.metrics(), scheduler);    // false, and nothing scheduled, on a machine without /proc
 * HostSnapshot now = host.collect();
 * host.close();                                 // cancels the collections; the scheduler stays the caller's
 * }</pre>
 *
 * <p>Counters are read as differences between collections, so the first collection reports figures since boot
 * ({@link HostSnapshot#baseline()}) and is not recorded as counter increments. A part of /proc that cannot be read
 * (a file a container hides) leaves that part empty and the rest is collected. On a machine without /proc every
 * collection is {@link HostSnapshot.Status#UNAVAILABLE}, nothing is scheduled, nothing is thrown. The recorded
 * series are listed in docs/runtime-and-host-metrics.md.
 *
 * <p>The first collection reads every process; later ones read at most
 * {@link Builder#processReadsPerCollection(int)} of them (the processes of both top lists every time, the others
 * in turn), so that a collection costs well under a millisecond however many processes the host runs. A process
 * enters a top list with its latest reading, at most one round of the others old, and is read every collection
 * from then on.
 *
 * <p>A process is shown by its pid and name. Its command line, which often holds a password or a token given as an
 * argument, is read only when {@link Builder#commandLines(boolean)} asks for it. Names and command lines are the
 * text of other processes, so both pass through the {@link Builder#redaction(RedactionPolicy) redaction policy}
 * and have their control characters escaped before a snapshot, a recorded series or an explanation holds them.
 *
 * <p>Thread-safe: collections are serialised. Inside, {@code HostReader} reads /proc and /sys,
 * {@code HostDeltas} turns counters into differences, {@code HostHistory} keeps the recent snapshots,
 * {@code HostRecorder} records them; LiteObs's shared periodic tasks run the collections.
 */
public final class HostMetricsCollector implements AutoCloseable {

    private static final String THREAD_NAME_PREFIX = "liteobs-host-metrics";
    /** The name of the collector's own thread, used when no scheduler is given. */
    public static final String THREAD_NAME = THREAD_NAME_PREFIX + "-1";
    /** The default interval between scheduled collections: fifteen seconds. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(15);
    /** The default number of processes listed by CPU and by memory. */
    public static final int DEFAULT_TOP_PROCESSES = 5;
    /**
     * The default number of /proc/[pid]/stat files a collection reads after the first: the processes of both top
     * lists, and others in turn.
     */
    public static final int DEFAULT_PROCESS_READS = 24;
    /** The default number of recent snapshots kept for {@link #recent()}. */
    public static final int DEFAULT_HISTORY = 40;
    /** The clock ticks per second of /proc ({@code USER_HZ}), fixed at 100 by the kernel's ABI. */
    public static final int USER_HZ = 100;

    private static final Logger LOG = LoggerFactory.getLogger(HostMetricsCollector.class);

    private final Path procRoot;
    private final Duration interval;
    private final Clock clock;
    private final @Nullable String unavailableReason;
    /** Null when the host cannot be read. */
    private final @Nullable HostReader reader;
    private final HostDeltas deltas = new HostDeltas();
    private final HostHistory history;
    private final List<Consumer<HostSnapshot>> listeners = new CopyOnWriteArrayList<>();
    private final ThrottledLogger warnings = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private final AtomicBoolean closed = new AtomicBoolean();

    private @Nullable PeriodicTasks schedule;
    /** Set by start() and cleared by close(): every collection in between is recorded. */
    private @Nullable HostRecorder recorder;

    private HostMetricsCollector(Builder builder) {
        this.procRoot = builder.procRoot;
        this.interval = builder.interval;
        this.clock = builder.clock;
        this.history = new HostHistory(builder.history);
        this.unavailableReason = HostReader.unavailableReason(procRoot);
        this.reader = unavailableReason != null ? null : new HostReader(procRoot, builder.sysRoot, builder.diskSpace,
                builder.topProcesses, builder.processReads, builder.commandLines, builder.redaction);
    }

    /**
     * A builder; every setting has a default.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Whether this host has a readable /proc; when not, {@link #unavailableReason()} says why.
     *
     * @return whether this host has a readable /proc
     */
    public boolean isAvailable() {
        return unavailableReason == null;
    }

    /**
     * Why the host cannot be read, or null when it can.
     *
     * @return why the host cannot be read, or null when it can
     */
    public @Nullable String unavailableReason() {
        return unavailableReason;
    }

    /**
     * The interval of scheduled collections.
     *
     * @return the interval of scheduled collections
     */
    public Duration interval() {
        return interval;
    }

    /**
     * How many recent snapshots {@link #recent()} keeps at most.
     *
     * @return how many recent snapshots {@link #recent()} keeps at most
     */
    public int history() {
        return history.size();
    }

    /**
     * Reads the host now and, once {@link #start(MetricsManager) started}, records the snapshot. Never throws: an
     * unreadable part is left empty, a host without /proc gives an {@link HostSnapshot.Status#UNAVAILABLE}
     * snapshot.
     *
     * @return what was read of the host
     */
    public synchronized HostSnapshot collect() {
        long now = clock.millis();
        HostSnapshot snapshot;
        if (reader == null) {
            snapshot = HostSnapshot.unavailable(Objects.requireNonNull(unavailableReason, "a host without a reader"),
                    now);
        } else {
            try {
                snapshot = deltas.next(reader.read(), now);
            } catch (IOException | RuntimeException e) {
                warnings.warn("Reading host metrics from {} failed; the next collection tries again", procRoot, e);
                snapshot = HostSnapshot.unavailable("reading " + procRoot + " failed: " + e, now);
            }
        }
        history.add(snapshot);
        if (recorder != null) {
            record(recorder, snapshot);
        }
        for (Consumer<HostSnapshot> listener : listeners) {
            try {
                listener.accept(snapshot);
            } catch (RuntimeException e) {
                warnings.warn("A listener of host collections failed; the snapshot stands", LogSafe.throwable(e));
            }
        }
        return snapshot;
    }

    /**
     * The latest snapshot; collects one first if there is none yet.
     *
     * @return the latest snapshot
     */
    public HostSnapshot latest() {
        HostSnapshot snapshot = history.latest();
        return snapshot != null ? snapshot : collect();
    }

    /**
     * The most recent snapshots, oldest first, at most {@link #history()}.
     *
     * @return the most recent snapshots, oldest first, at most {@link #history()}
     */
    public List<HostSnapshot> recent() {
        return history.recent();
    }

    /**
     * Starts collecting on a daemon thread of the collector's own, {@value #THREAD_NAME}, which {@link #close()}
     * stops; otherwise as {@link #start(MetricsManager, ScheduledExecutorService)}.
     *
     * @param metrics where to record; never null
     * @return whether collections are scheduled
     */
    public boolean start(MetricsManager metrics) {
        return start(metrics, null);
    }

    /**
     * Collects once at once, on the caller's thread (so that {@link #latest()} has a snapshot when this returns),
     * then every interval on {@code scheduler}. From now until {@link #close()}, every collection, scheduled or by
     * hand, is recorded into {@code metrics}. Does nothing when the host is unavailable, the collector closed or
     * already started.
     *
     * @param metrics   where to record; never null
     * @param scheduler where collections run, such as the one scheduler of a service's periodic work; null for a
     *                  daemon thread of the collector's own. {@link #close()} cancels the collections and leaves a
     *                  given scheduler running: shutting it down stays with the caller.
     * @return whether collections are scheduled
     * @throws IllegalArgumentException when {@code scheduler} refuses the task because it is shut down
     */
    public synchronized boolean start(MetricsManager metrics, @Nullable ScheduledExecutorService scheduler) {
        Objects.requireNonNull(metrics, "metrics");
        if (unavailableReason != null) {
            LOG.info("Host metrics not collected: {}", unavailableReason);
            return false;
        }
        if (closed.get() || schedule != null) {
            return schedule != null;
        }
        PeriodicTasks tasks = PeriodicTasks.on(scheduler, THREAD_NAME_PREFIX);
        try {
            tasks.atFixedRate("host collection", interval, interval, this::collect);
        } catch (IllegalArgumentException e) {
            tasks.close();
            throw e;
        }
        schedule = tasks;
        HostRecorder started = new HostRecorder(metrics);
        started.describe();
        recorder = started;
        collect();
        return true;
    }

    /**
     * Whether scheduled collection is running.
     *
     * @return whether scheduled collection is running
     */
    public synchronized boolean isRunning() {
        return schedule != null;
    }

    /**
     * Calls {@code listener} with every snapshot from now on, after it is recorded, on the collecting thread (the
     * scheduler's, or the caller of {@link #collect()}), under the collector's lock: keep it short. A listener that
     * throws is logged and the others still run.
     *
     * @param listener never null
     */
    public void addListener(Consumer<HostSnapshot> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Stops scheduled collection and the recording of collections; idempotent. A collection in progress finishes.
     * The collector's own thread is stopped; a scheduler given to {@link #start(MetricsManager,
     * ScheduledExecutorService)} keeps running.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        PeriodicTasks running;
        synchronized (this) {
            running = schedule;
            schedule = null;
            recorder = null;
        }
        if (running != null) {
            running.close();
        }
    }

    private void record(HostRecorder into, HostSnapshot snapshot) {
        try {
            into.record(snapshot);
        } catch (RuntimeException e) {
            warnings.warn("Recording host metrics failed; the next collection records again", e);
        }
    }

    /**
     * Builds a {@link HostMetricsCollector}; defaults: /proc and /sys,
     * {@link HostMetricsCollector#DEFAULT_INTERVAL}, {@value HostMetricsCollector#DEFAULT_TOP_PROCESSES} top processes,
     * {@value HostMetricsCollector#DEFAULT_HISTORY} snapshots of history, the system clock, no command lines,
     * {@link RedactionPolicy#defaults()}.
     */
    public static final class Builder {
        private Path procRoot = Path.of("/proc");
        private Path sysRoot = Path.of("/sys");
        private Duration interval = DEFAULT_INTERVAL;
        private int topProcesses = DEFAULT_TOP_PROCESSES;
        private int processReads = DEFAULT_PROCESS_READS;
        private int history = DEFAULT_HISTORY;
        private Clock clock = Clock.systemUTC();
        private HostReader.@Nullable DiskSpace diskSpace;
        private boolean commandLines;
        private RedactionPolicy redaction = RedactionPolicy.defaults();

        private Builder() {
        }

        /**
         * Whether the top processes' command lines are read, into {@link HostSnapshot.ProcessUsage#command()} and
         * the details of explain mode; false unless set, which leaves them empty. A command line is redacted by
         * {@link #redaction(RedactionPolicy)} and its control characters escaped: {@code --db-password=hunter2}
         * and {@code postgres://app:s3cret@db/orders} show as {@code --db-password=[REDACTED]} and
         * {@code postgres://app:[REDACTED]@db/orders}.
         *
         * @param read true to read and show them
         * @return this builder
         */
        public Builder commandLines(boolean read) {
            this.commandLines = read;
            return this;
        }

        /**
         * The policy that the processes' names and command lines pass through, as the text of audit entries
         * does; {@link RedactionPolicy#defaults()} unless set. Give the {@code LiteObs}'s own policy when it names
         * more secrets.
         *
         * @param policy never null
         * @return this builder
         */
        public Builder redaction(RedactionPolicy policy) {
            this.redaction = Objects.requireNonNull(policy, "redaction");
            return this;
        }

        /**
         * Where /proc is: another root replays recorded files.
         *
         * @param root where /proc is
         * @return this builder
         */
        public Builder procRoot(Path root) {
            this.procRoot = Objects.requireNonNull(root, "procRoot");
            return this;
        }

        /**
         * Where /sys is; used to tell whole disks from partitions.
         *
         * @param root where /sys is
         * @return this builder
         */
        public Builder sysRoot(Path root) {
            this.sysRoot = Objects.requireNonNull(root, "sysRoot");
            return this;
        }

        /**
         * The interval between scheduled collections.
         *
         * @param collectionInterval the interval between scheduled collections
         * @return this builder
         * @throws IllegalArgumentException when below one second
         */
        public Builder interval(Duration collectionInterval) {
            Objects.requireNonNull(collectionInterval, "interval");
            if (collectionInterval.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new IllegalArgumentException("interval must be at least 1 s, got " + collectionInterval);
            }
            this.interval = collectionInterval;
            return this;
        }

        /**
         * How many processes each top list holds; 0 reads no process at all (the cheapest collection).
         *
         * @param count how many processes each top list holds
         * @return this builder
         * @throws IllegalArgumentException when negative or above 100
         */
        public Builder topProcesses(int count) {
            if (count < 0 || count > 100) {
                throw new IllegalArgumentException("topProcesses must be from 0 to 100, got " + count);
            }
            this.topProcesses = count;
            return this;
        }

        /**
         * How many processes a collection reads at most, after the first, which reads them all: reading
         * {@code /proc/[pid]/stat} costs about 9 µs a process, so this bounds what a collection costs however many
         * processes the host runs. The processes of both top lists are read every collection, processes not read
         * yet next, then the ones read longest ago; with {@code n} processes, each is read again at least every
         * {@code n / (reads - 2 * topProcesses)} collections. A higher figure finds a process that turned busy
         * sooner, at about 9 µs more per collection for each process more.
         *
         * @param reads how many processes a collection reads at most, after the first, which reads them all
         * @return this builder
         * @throws IllegalArgumentException when below 1 or above 100,000; {@link #build()} also refuses a figure
         *                                  below twice {@code topProcesses}
         */
        public Builder processReadsPerCollection(int reads) {
            if (reads < 1 || reads > 100_000) {
                throw new IllegalArgumentException("processReadsPerCollection must be from 1 to 100000, got " + reads);
            }
            this.processReads = reads;
            return this;
        }

        /**
         * How many recent snapshots {@link HostMetricsCollector#recent()} keeps.
         *
         * @param snapshots how many recent snapshots {@link HostMetricsCollector#recent()} keeps
         * @return this builder
         * @throws IllegalArgumentException when below 1 or above 10,000
         */
        public Builder history(int snapshots) {
            if (snapshots < 1 || snapshots > 10_000) {
                throw new IllegalArgumentException("history must be from 1 to 10000, got " + snapshots);
            }
            this.history = snapshots;
            return this;
        }

        /**
         * The clock that stamps snapshots and recorded points.
         *
         * @param snapshotClock the clock that stamps snapshots and recorded points
         * @return this builder
         */
        public Builder clock(Clock snapshotClock) {
            this.clock = Objects.requireNonNull(snapshotClock, "clock");
            return this;
        }

        Builder diskSpace(HostReader.DiskSpace space) {
            this.diskSpace = space;
            return this;
        }

        /**
         * A collector; not collecting until {@link HostMetricsCollector#start(MetricsManager, ScheduledExecutorService)
         * started}.
         *
         * @return a collector
         * @throws IllegalArgumentException when {@code processReadsPerCollection} cannot cover both top lists
         */
        public HostMetricsCollector build() {
            if (topProcesses > 0 && processReads < 2 * topProcesses) {
                throw new IllegalArgumentException("processReadsPerCollection (" + processReads + ") is below twice "
                        + "topProcesses (" + topProcesses + "): the processes of both top lists are read every "
                        + "collection; raise it to at least " + 2 * topProcesses + " or lower topProcesses");
            }
            return new HostMetricsCollector(this);
        }
    }
}
