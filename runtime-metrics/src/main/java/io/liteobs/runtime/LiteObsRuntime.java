package io.liteobs.runtime;

import io.liteobs.LiteObs;
import io.liteobs.MetricsManager;
import io.liteobs.common.internal.ProcessCpuWindow;
import io.liteobs.runtime.health.Advisor;
import io.liteobs.runtime.health.Explainer;
import io.liteobs.runtime.health.Explanation;
import io.liteobs.runtime.health.HealthInput;
import io.liteobs.runtime.health.HealthReport;
import io.liteobs.runtime.health.HealthScorer;
import io.liteobs.runtime.health.HealthThresholds;
import io.liteobs.runtime.health.Resource;
import io.liteobs.runtime.host.HostMetricsCollector;
import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.micrometer.JvmMetrics;
import io.liteobs.runtime.micrometer.JvmSnapshot;
import io.liteobs.runtime.micrometer.LiteObsMeterRegistry;
import io.liteobs.runtime.micrometer.LiteObsRegistryConfig;
import io.micrometer.core.instrument.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * JVM and host metrics recorded into LiteObs with one line, and the health score and explain mode over them: a
 * {@link LiteObsMeterRegistry} with {@link JvmMetrics} bound to it, and a {@link HostMetricsCollector} recording
 * on its schedule (where the host has /proc).
 *
 * <pre>{@code
 * try (LiteObs obs = LiteObs.builder(SqliteStore.open(Path.of("service-obs.db"))).build();
 *      LiteObsRuntime runtime = LiteObsRuntime.start(obs)) {
 *     Metrics.globalRegistry.add(runtime.registry());        // the service's own meters land in the file too
 *     ...
 *     System.out.println(runtime.health().toText());          // health 97/100 HEALTHY (no bottleneck)
 *     System.out.println(runtime.explain(Resource.CPU).toText());
 * }
 * }</pre>
 *
 * <p>Each part keeps its own settings; the builder takes them whole:
 *
 * <pre>{@code
 * LiteObsRuntime runtime = LiteObsRuntime.builder(obs)
 *         .registryConfig(LiteObsRegistryConfig.withStep(Duration.ofMinutes(1)))
 *         .host(HostMetricsCollector.builder().interval(Duration.ofSeconds(30)).topProcesses(10))
 *         .scheduler(serviceScheduler)              // host collections there, not on the LiteObs scheduler
 *         .build();
 * }</pre>
 *
 * <p>Explain mode names other processes by name and pid. Their command lines are shown only when the host collector
 * reads them ({@code HostMetricsCollector.builder().commandLines(true)}), redacted by its
 * {@link HostMetricsCollector.Builder#redaction redaction policy}.
 *
 * <p>{@link #close()} stops the host collector, closes the JVM binders and closes the registry, which publishes
 * its last partial step: close it before the {@code LiteObs} it records to (try-with-resources does, in reverse
 * order). The scheduler of the host collections, {@link LiteObs#scheduler()} unless another was given, is left
 * running.
 */
public final class LiteObsRuntime implements AutoCloseable {

    /** The registry's default step: ten seconds. */
    public static final Duration DEFAULT_STEP = Duration.ofSeconds(10);
    /** How long the first, since-boot host snapshot stands before {@link #input()} collects a fresh one. */
    static final long BASELINE_MAX_AGE_MILLIS = 1_000;

    private final LiteObsMeterRegistry registry;
    private final JvmMetrics jvm;
    private final HostMetricsCollector host;
    private final boolean hostScheduled;
    private final HealthScorer scorer;
    private final Explainer explainer;
    /** The process CPU window of the history: moved on by host collections only, never by on-demand calls. */
    private final ProcessCpuWindow historyCpu;
    private final ArrayDeque<JvmSnapshot> jvmHistory = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private LiteObsRuntime(Builder builder) {
        // what starts no thread first, so that a bad setting leaves nothing running
        this.historyCpu = builder.historyCpu;
        this.scorer = HealthScorer.of(builder.thresholds);
        Explainer.Builder explainerBuilder = Explainer.builder().thresholds(builder.thresholds);
        builder.advisors.forEach(explainerBuilder::advisor);
        this.explainer = explainerBuilder.build();
        this.host = builder.host.build();
        LiteObsMeterRegistry given = builder.registry;
        this.registry = given != null ? given
                : new LiteObsMeterRegistry(builder.registryConfig, Clock.SYSTEM, builder.metrics);
        try {
            this.jvm = builder.bindJvm ? JvmMetrics.bindTo(registry) : JvmMetrics.readFrom(registry);
        } catch (RuntimeException | Error e) {
            closeAfterFailure(e, registry::close);
            throw e;
        }
        // last, the other fields set: start() runs the first collection, which calls back into this object
        host.addListener(snapshot -> remember(jvm.snapshot(historyCpu.shareAndRestart())));
        try {
            this.hostScheduled = host.start(builder.metrics, builder.scheduler);
        } catch (RuntimeException | Error e) {
            closeAfterFailure(e, host, jvm, registry::close);
            throw e;
        }
    }

    /** Closes, in order, what was started before {@code failure}; a failure to close is added to it. */
    private static void closeAfterFailure(Throwable failure, AutoCloseable... started) {
        for (AutoCloseable part : started) {
            try {
                part.close();
            } catch (Exception e) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Starts recording JVM and host metrics into {@code obs} with every default, host collections on
     * {@link LiteObs#scheduler()}.
     *
     * @param obs the {@code LiteObs} to record into
     * @return the running runtime metrics; close them to stop recording
     */
    public static LiteObsRuntime start(LiteObs obs) {
        return builder(obs).build();
    }

    /**
     * A builder recording into {@code obs}, host collections on {@link LiteObs#scheduler()} unless set.
     *
     * @param obs the {@code LiteObs} to record into
     * @return a builder recording into {@code obs}, host collections on {@link LiteObs#scheduler()} unless set
     */
    public static Builder builder(LiteObs obs) {
        return new Builder(obs);
    }

    /**
     * The registry that stores meters in LiteObs; add it to a composite or the global registry.
     *
     * @return the registry that stores meters in LiteObs
     */
    public LiteObsMeterRegistry registry() {
        return registry;
    }

    /**
     * The JVM binders bound to {@link #registry()}.
     *
     * @return the JVM binders bound to {@link #registry()}
     */
    public JvmMetrics jvm() {
        return jvm;
    }

    /**
     * The host collector.
     *
     * @return the host collector
     */
    public HostMetricsCollector host() {
        return host;
    }

    /**
     * Whether host metrics are collected on a schedule: false on a machine without /proc.
     *
     * @return whether host metrics are collected on a schedule
     */
    public boolean hostScheduled() {
        return hostScheduled;
    }

    /**
     * The scorer.
     *
     * @return the scorer
     */
    public HealthScorer scorer() {
        return scorer;
    }

    /**
     * The explainer.
     *
     * @return the explainer
     */
    public Explainer explainer() {
        return explainer;
    }

    /**
     * The latest host snapshot (collected anew while only the first, since-boot one exists), a JVM snapshot taken
     * now, and the recent ones. The JVM snapshot's process CPU covers the time since the latest host collection
     * (that collection's own figure while it is under a second old): calling this never changes the windows of
     * the history, which follow the host collections.
     *
     * @return the latest host snapshot (collected anew while only the first, since-boot one exists), a JVM snapshot
     *     taken now, and the recent ones
     */
    public HealthInput input() {
        HostSnapshot latest = host.latest();
        if (latest.available() && latest.baseline()
                && System.currentTimeMillis() - latest.timestampMillis() >= BASELINE_MAX_AGE_MILLIS) {
            latest = host.collect();
        }
        return new HealthInput(latest, jvm.snapshot(historyCpu.shareSoFar()), host.recent(), recentJvm());
    }

    /**
     * The health score now.
     *
     * @return the health score now
     */
    public HealthReport health() {
        return scorer.score(input());
    }

    /**
     * Explains one resource now.
     *
     * @param resource the resource to explain
     * @return the resource's figures, findings and recommendations
     */
    public Explanation explain(Resource resource) {
        return explainer.explain(resource, input());
    }

    /** Stops the host collector, closes the JVM binders, then the registry (publishing its last step); idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        host.close();
        jvm.close();
        registry.close();
    }

    private synchronized void remember(JvmSnapshot snapshot) {
        jvmHistory.addLast(snapshot);
        while (jvmHistory.size() > host.history()) {
            jvmHistory.removeFirst();
        }
    }

    private synchronized List<JvmSnapshot> recentJvm() {
        return new ArrayList<>(jvmHistory);
    }

    /**
     * Builds a {@link LiteObsRuntime}; defaults: a registry with a {@link #DEFAULT_STEP} step, a host collector with
     * its own defaults on {@link LiteObs#scheduler()}, {@link HealthThresholds#defaults()}, the built-in advisors.
     */
    public static final class Builder {
        private final MetricsManager metrics;
        private LiteObsRegistryConfig registryConfig = LiteObsRegistryConfig.withStep(DEFAULT_STEP);
        private HostMetricsCollector.Builder host = HostMetricsCollector.builder();
        private @Nullable ScheduledExecutorService scheduler;
        private HealthThresholds thresholds = HealthThresholds.defaults();
        private final List<Advisor> advisors = new ArrayList<>();
        private ProcessCpuWindow historyCpu = ProcessCpuWindow.sinceJvmStart(JvmMetrics.MIN_CPU_WINDOW);
        private @Nullable LiteObsMeterRegistry registry;
        private boolean bindJvm = true;

        private Builder(LiteObs obs) {
            Objects.requireNonNull(obs, "obs");
            this.metrics = obs.metrics();
            this.scheduler = obs.scheduler();
        }

        /**
         * The registry's configuration, such as {@code LiteObsRegistryConfig.withStep(Duration.ofMinutes(1))}; by
         * default a {@link #DEFAULT_STEP} step.
         *
         * @param config the registry's configuration, such as {@code LiteObsRegistryConfig.withStep(Duration.ofMinutes(1))}
         * @return this builder
         */
        public Builder registryConfig(LiteObsRegistryConfig config) {
            this.registryConfig = Objects.requireNonNull(config, "registryConfig");
            return this;
        }

        /**
         * A registry made and configured by the caller, used instead of one built from {@link #registryConfig}:
         * a framework such as Spring Boot then applies its meter filters before the JVM binders register their
         * meters. The runtime binds to it and closes it.
         *
         * @param existing a registry made and configured by the caller, used instead of one built from {@link #registryConfig}
         * @return this builder
         */
        public Builder registry(LiteObsMeterRegistry existing) {
            this.registry = Objects.requireNonNull(existing, "registry");
            return this;
        }

        /**
         * Whether the runtime binds the JVM binders to its registry; true unless set. False when the caller binds
         * them already, as Spring Boot does to every registry: binding twice counts GC pauses twice. The health
         * score then reads the caller's meters ({@link JvmMetrics#readFrom}).
         *
         * @param bind whether the runtime binds the JVM binders to its registry
         * @return this builder
         */
        public Builder bindJvm(boolean bind) {
            this.bindJvm = bind;
            return this;
        }

        /**
         * The host collector's settings (interval, top processes, history, where /proc is, ...); built by
         * {@link #build()}, whose explain mode keeps as many JVM snapshots as the collector keeps host snapshots.
         *
         * @param hostCollector the host collector's settings (interval, top processes, history, where /proc is, ...)
         * @return this builder
         */
        public Builder host(HostMetricsCollector.Builder hostCollector) {
            this.host = Objects.requireNonNull(hostCollector, "host");
            return this;
        }

        /**
         * Where host collections run; by default {@link LiteObs#scheduler()}, the one scheduler of the
         * {@code LiteObs}'s periodic work. {@link LiteObsRuntime#close()} cancels the collections and leaves the
         * scheduler running.
         *
         * @param hostScheduler where host collections run
         * @return this builder
         */
        public Builder scheduler(ScheduledExecutorService hostScheduler) {
            this.scheduler = Objects.requireNonNull(hostScheduler, "scheduler");
            return this;
        }

        /**
         * The thresholds and weights of the score and of the built-in advisors, so that both agree.
         *
         * @param healthThresholds the thresholds and weights of the score and of the built-in advisors, so that both agree
         * @return this builder
         */
        public Builder thresholds(HealthThresholds healthThresholds) {
            this.thresholds = Objects.requireNonNull(healthThresholds, "thresholds");
            return this;
        }

        /**
         * Adds an explain-mode advisor after the built-in ones.
         *
         * @param advisor the advisor to add
         * @return this builder
         */
        public Builder advisor(Advisor advisor) {
            advisors.add(Objects.requireNonNull(advisor, "advisor"));
            return this;
        }

        /** The process CPU window of the history; replaced in tests, which drive its clocks. */
        Builder historyCpu(ProcessCpuWindow window) {
            this.historyCpu = Objects.requireNonNull(window, "historyCpu");
            return this;
        }

        /**
         * Starts the registry, binds the JVM binders and starts the host collector; if one of them fails, closes
         * those started before it.
         *
         * @return the running runtime metrics; close them to stop recording
         * @throws IllegalArgumentException when the host collector's settings do not fit together (see
         *                                  {@link HostMetricsCollector.Builder#build()}), nothing started then; or
         *                                  when the scheduler is shut down
         */
        public LiteObsRuntime build() {
            return new LiteObsRuntime(this);
        }
    }
}
