package io.liteobs.runtime.micrometer;

import io.liteobs.Labels;
import io.liteobs.MetricType;
import io.liteobs.MetricsManager;
import io.liteobs.common.internal.DaemonThreads;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.common.internal.ThrottledLogger;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.LongTaskTimer;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.config.NamingConvention;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.core.instrument.step.StepMeterRegistry;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Micrometer step registry that stores every meter in LiteObs: each step, on the daemon thread
 * {@value #THREAD_NAME}, every meter's step values are recorded through {@link MetricsManager}, with the meter's
 * tags as labels, its base unit, and its type and description in {@code metrics_metadata}. The times of timers,
 * long task timers and time gauges are in seconds; function counters and gauges keep their own base unit.
 *
 * <pre>{@code
 * LiteObsMeterRegistry registry = new LiteObsMeterRegistry(LiteObsRegistryConfig.DEFAULT, Clock.SYSTEM,
 *         liteObs.metrics());
 * Metrics.globalRegistry.add(registry);             // beside any other registry
 * Timer.builder("http.server.requests").tag("uri", "/orders").publishPercentiles(0.5, 0.99)
 *         .register(registry).record(Duration.ofMillis(12));
 * registry.close();                                 // publishes the last, partial step; before liteObs.close()
 * }</pre>
 *
 * <p>Stored series, for a meter named {@code m}:
 * <ul>
 *   <li>counter, function counter: {@code m}, the step's increment ({@link MetricType#COUNTER});</li>
 *   <li>gauge: {@code m}, its value ({@link MetricType#GAUGE}); a NaN value (its object was collected) is skipped;
 *       time gauge: {@code m} in seconds;</li>
 *   <li>timer: {@code m.count} (COUNTER), {@code m.sum} and {@code m.max} in seconds ({@link MetricType#TIMER}), and
 *       for each configured percentile {@code m.percentile} with the label {@code phi} (such as {@code 0.99});</li>
 *   <li>distribution summary: the same four, in its base unit ({@link MetricType#DISTRIBUTION});</li>
 *   <li>function timer: {@code m.count} and {@code m.sum} (seconds);</li>
 *   <li>long task timer: {@code m.active} (tasks running), {@code m.duration} (their total time so far) and
 *       {@code m.max} (the longest), in seconds, plus its percentiles if configured;</li>
 *   <li>any other meter: {@code m.<statistic>} for each measurement, such as {@code m.value} or {@code m.total}.</li>
 * </ul>
 * Names and tag keys are kept as the meters spell them (the naming convention is
 * {@link NamingConvention#identity}; set another through {@code config().namingConvention(...)}).
 * Points are stamped with the end of the step they describe; the last, partial step published on {@link #close()}
 * with the time of closing. The percentile and histogram gauges Micrometer adds beside a timer or summary are not
 * published on their own: percentiles are stored from the meter's snapshot, histogram buckets not at all. Tag keys that are not valid label keys have each invalid character replaced by
 * {@code _}; a meter with more than {@value Labels#MAX_LABELS} tags keeps the first ones by key.
 */
public final class LiteObsMeterRegistry extends StepMeterRegistry {

    /**
     * The name of the publishing thread. Micrometer rolls step meters over on a daemon thread of its own beside it,
     * {@code step-meter-registry-poller-for-LiteObsMeterRegistry}.
     */
    public static final String THREAD_NAME = "liteobs-micrometer-publisher";
    /** The unit stored for every time value. */
    public static final String SECONDS = "seconds";
    /** The label that holds a percentile of {@code .percentile} series. */
    public static final String PERCENTILE_LABEL = "phi";

    private static final Logger LOG = LoggerFactory.getLogger(LiteObsMeterRegistry.class);

    private final LiteObsRegistryConfig config;
    private final MetricsManager metrics;
    private final Set<String> described = ConcurrentHashMap.newKeySet();
    private final Map<Meter.Id, SeriesLabels> labels = new ConcurrentHashMap<>();
    private final ThrottledLogger warnings = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private volatile boolean closing;
    /** The end of the latest step whose values were published; the step the registry was made in has none. */
    private long publishedStepEnd;

    /**
     * A registry publishing every step into {@code metrics}, started at once (unless the configuration disables
     * it) on the daemon thread {@value #THREAD_NAME}.
     *
     * @param config  the step and whether to publish; never null
     * @param clock   the clock of the steps, usually {@link Clock#SYSTEM}; never null
     * @param metrics where to record; never null
     */
    public LiteObsMeterRegistry(LiteObsRegistryConfig config, Clock clock, MetricsManager metrics) {
        this(config, clock, metrics, DaemonThreads.factory(THREAD_NAME));
    }

    /** A registry started with {@code threadFactory}, or not started when it is null (tests publish by hand). */
    LiteObsMeterRegistry(LiteObsRegistryConfig config, Clock clock, MetricsManager metrics,
                         ThreadFactory threadFactory) {
        super(Objects.requireNonNull(config, "config"), Objects.requireNonNull(clock, "clock"));
        this.config = config;
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.publishedStepEnd = stepEnd(clock.wallTime());
        // Micrometer's default is snake_case; LiteObs keeps meter names and tag keys as the meters spell them
        config().namingConvention(NamingConvention.identity);
        config().onMeterRemoved(meter -> labels.remove(meter.getId()));
        if (threadFactory != null) {
            start(threadFactory);
        }
    }

    /**
     * A builder over {@code metrics}: {@link LiteObsRegistryConfig#DEFAULT}, {@link Clock#SYSTEM}.
     *
     * @param metrics where to record; never null
     * @return a builder over {@code metrics}
     */
    public static Builder builder(MetricsManager metrics) {
        return new Builder(metrics);
    }

    @Override
    protected TimeUnit getBaseTimeUnit() {
        return TimeUnit.SECONDS;
    }

    /** Publishes the last, partial step, then closes; idempotent. Close before the {@code LiteObs} it records to. */
    @Override
    public void close() {
        closing = true;
        super.close();
    }

    /** Records every meter's values of the step that just ended. Never throws. */
    @Override
    protected void publish() {
        long stamp = stamp(clock.wallTime());
        for (Meter meter : getMeters()) {
            if (meter.getId().syntheticAssociation() != null) {
                continue; // a percentile or histogram gauge of a timer or summary: stored from that meter's snapshot
            }
            try {
                publish(meter, stamp);
            } catch (RuntimeException e) {
                warnings.warn("Publishing meter {} into LiteObs failed; the other meters are published",
                        LogSafe.text(meter.getId()), LogSafe.throwable(e));
            }
        }
    }

    /**
     * The end of the step just ended; or, for the partial step published on close, the time of closing. Closing
     * first publishes a finished step the scheduled publication has not reached yet, stamped as any other.
     */
    private synchronized long stamp(long now) {
        long stepEnd = stepEnd(now);
        if (closing && publishedStepEnd >= stepEnd) {
            return now;
        }
        publishedStepEnd = stepEnd;
        return stepEnd;
    }

    private long stepEnd(long now) {
        return now - Math.floorMod(now, config.step().toMillis());
    }

    private void publish(Meter meter, long at) {
        Meter.Id id = meter.getId();
        String name = id.getConventionName(config().namingConvention());
        String unit = id.getBaseUnit();
        meter.use(
                gauge -> gauge(name, id, gauge.value(), unit, at),
                counter -> counter(name, id, counter.count(), unit, at),
                timer -> timer(name, id, timer, at),
                summary -> summary(name, id, summary, at),
                longTask -> longTaskTimer(name, id, longTask, at),
                timeGauge -> gauge(name, id, timeGauge.value(TimeUnit.SECONDS), SECONDS, at),
                functionCounter -> counter(name, id, functionCounter.count(), unit, at),
                functionTimer -> functionTimer(name, id, functionTimer, at),
                other -> other(name, id, other, unit, at));
    }

    private void gauge(String name, Meter.Id id, double value, String unit, long at) {
        record(name, MetricType.GAUGE, unit, id.getDescription(), value, labelsOf(id).base(), at);
    }

    private void counter(String name, Meter.Id id, double count, String unit, long at) {
        record(name, MetricType.COUNTER, unit, id.getDescription(), count, labelsOf(id).base(), at);
    }

    private void timer(String name, Meter.Id id, Timer timer, long at) {
        HistogramSnapshot snapshot = timer.takeSnapshot();
        SeriesLabels series = labelsOf(id);
        String about = about(id);
        record(name + ".count", MetricType.COUNTER, null, "Events in the step" + about, snapshot.count(),
                series.base(), at);
        record(name + ".sum", MetricType.TIMER, SECONDS, "Total time of the step's events" + about,
                snapshot.total(TimeUnit.SECONDS), series.base(), at);
        record(name + ".max", MetricType.TIMER, SECONDS, "Longest event recently" + about,
                snapshot.max(TimeUnit.SECONDS), series.base(), at);
        for (ValueAtPercentile percentile : snapshot.percentileValues()) {
            record(name + ".percentile", MetricType.TIMER, SECONDS, "Percentile (label phi) of the time" + about,
                    percentile.value(TimeUnit.SECONDS), series.phi(percentile.percentile()), at);
        }
    }

    private void summary(String name, Meter.Id id, DistributionSummary summary, long at) {
        HistogramSnapshot snapshot = summary.takeSnapshot();
        SeriesLabels series = labelsOf(id);
        String unit = id.getBaseUnit();
        String about = about(id);
        record(name + ".count", MetricType.COUNTER, null, "Events in the step" + about, snapshot.count(),
                series.base(), at);
        record(name + ".sum", MetricType.DISTRIBUTION, unit, "Total amount of the step's events" + about,
                snapshot.total(), series.base(), at);
        record(name + ".max", MetricType.DISTRIBUTION, unit, "Largest amount recently" + about, snapshot.max(),
                series.base(), at);
        for (ValueAtPercentile percentile : snapshot.percentileValues()) {
            record(name + ".percentile", MetricType.DISTRIBUTION, unit, "Percentile (label phi) of the amount"
                    + about, percentile.value(), series.phi(percentile.percentile()), at);
        }
    }

    private void functionTimer(String name, Meter.Id id, FunctionTimer timer, long at) {
        SeriesLabels series = labelsOf(id);
        String about = about(id);
        record(name + ".count", MetricType.COUNTER, null, "Events in the step" + about, timer.count(),
                series.base(), at);
        record(name + ".sum", MetricType.TIMER, SECONDS, "Total time of the step's events" + about,
                timer.totalTime(TimeUnit.SECONDS), series.base(), at);
    }

    private void longTaskTimer(String name, Meter.Id id, LongTaskTimer timer, long at) {
        SeriesLabels series = labelsOf(id);
        String about = about(id);
        record(name + ".active", MetricType.GAUGE, "tasks", "Tasks running" + about, timer.activeTasks(),
                series.base(), at);
        record(name + ".duration", MetricType.TIMER, SECONDS, "Time the running tasks have taken so far" + about,
                timer.duration(TimeUnit.SECONDS), series.base(), at);
        record(name + ".max", MetricType.TIMER, SECONDS, "Time the longest running task has taken" + about,
                timer.max(TimeUnit.SECONDS), series.base(), at);
        for (ValueAtPercentile percentile : timer.takeSnapshot().percentileValues()) {
            record(name + ".percentile", MetricType.TIMER, SECONDS, "Percentile (label phi) of running times"
                    + about, percentile.value(TimeUnit.SECONDS), series.phi(percentile.percentile()), at);
        }
    }

    private void other(String name, Meter.Id id, Meter meter, String unit, long at) {
        for (Measurement measurement : meter.measure()) {
            String statistic = measurement.getStatistic().getTagValueRepresentation();
            record(name + "." + statistic, MetricType.GAUGE, unit, id.getDescription(), measurement.getValue(),
                    labelsOf(id).base(), at);
        }
    }

    private void record(String name, MetricType type, @Nullable String unit, String description, double value,
                        Labels series, long at) {
        if (described.add(name)) {
            metrics.describe(name, type, unit, description);
        }
        if (Double.isFinite(value)) {
            metrics.record(name, value, unit, series, at);
        }
    }

    private static String about(Meter.Id id) {
        return id.getDescription() == null ? "" : ": " + id.getDescription();
    }

    /**
     * The labels of a meter, built again when the naming convention has changed since. Built once per meter, so
     * what they warn of is logged once per meter, unthrottled.
     */
    private SeriesLabels labelsOf(Meter.Id id) {
        NamingConvention convention = config().namingConvention();
        SeriesLabels known = labels.get(id);
        if (known != null && known.convention == convention) {
            return known;
        }
        SeriesLabels built = toLabels(id, convention);
        labels.put(id, built);
        return built;
    }

    private SeriesLabels toLabels(Meter.Id id, NamingConvention convention) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Tag tag : id.getConventionTags(convention)) {
            if (map.size() == Labels.MAX_LABELS) {
                LOG.warn("Meter {} has more than {} tags; the tags from {} on (by key) are not stored",
                        LogSafe.text(id.getName()), Labels.MAX_LABELS, LogSafe.text(tag.getKey()));
                break;
            }
            String key = labelKey(tag.getKey());
            String earlier = map.putIfAbsent(key, tag.getValue());
            if (earlier != null) {
                LOG.warn("Meter {}: tag keys that differ only in characters a label key cannot hold both "
                        + "become {}; the tag {}={} is not stored, rename one", LogSafe.text(id.getName()), key,
                        LogSafe.text(tag.getKey()), LogSafe.text(tag.getValue()));
            }
        }
        return new SeriesLabels(map, convention);
    }

    /**
     * A Micrometer tag key as a label key: characters outside {@code [A-Za-z0-9_.:-]} become {@code _}, a key that
     * does not start with a letter or {@code _} gets a leading {@code _}, and it is cut to
     * {@value Labels#MAX_KEY_LENGTH} characters.
     */
    static String labelKey(String key) {
        StringBuilder out = new StringBuilder(key.length() + 1);
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean valid = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
                    || c == '.' || c == ':' || c == '-';
            out.append(valid ? c : '_');
        }
        if (out.length() == 0 || !(Character.isLetter(out.charAt(0)) || out.charAt(0) == '_')) {
            out.insert(0, '_');
        }
        return out.length() > Labels.MAX_KEY_LENGTH ? out.substring(0, Labels.MAX_KEY_LENGTH) : out.toString();
    }

    /** The percentile as a label value: {@code 0.5}, {@code 0.95}, {@code 0.999}. */
    static String phi(double percentile) {
        return BigDecimal.valueOf(percentile).stripTrailingZeros().toPlainString();
    }

    /** The labels of one meter, and of its percentile series, built once. */
    private static final class SeriesLabels {
        private final Map<String, String> tags;
        private final NamingConvention convention;
        private final Labels base;
        private final Map<Double, Labels> byPercentile = new ConcurrentHashMap<>();

        SeriesLabels(Map<String, String> tags, NamingConvention convention) {
            this.tags = tags;
            this.convention = convention;
            this.base = Labels.of(tags);
        }

        Labels base() {
            return base;
        }

        Labels phi(double percentile) {
            return byPercentile.computeIfAbsent(percentile, p -> {
                Map<String, String> withPhi = new LinkedHashMap<>(tags);
                withPhi.put(PERCENTILE_LABEL, LiteObsMeterRegistry.phi(p));
                if (withPhi.size() > Labels.MAX_LABELS) {
                    withPhi.remove(withPhi.keySet().stream().filter(key -> !key.equals(PERCENTILE_LABEL))
                            .reduce((first, second) -> second).orElseThrow());
                }
                return Labels.of(withPhi);
            });
        }
    }

    /** Builds a {@link LiteObsMeterRegistry}; defaults: {@link LiteObsRegistryConfig#DEFAULT}, {@link Clock#SYSTEM}. */
    public static final class Builder {
        private final MetricsManager metrics;
        private LiteObsRegistryConfig config = LiteObsRegistryConfig.DEFAULT;
        private Clock clock = Clock.SYSTEM;
        private ThreadFactory threadFactory = DaemonThreads.factory(THREAD_NAME);

        private Builder(MetricsManager metrics) {
            this.metrics = Objects.requireNonNull(metrics, "metrics");
        }

        /**
         * The configuration; replaces an earlier {@link #step(Duration)}.
         *
         * @param registryConfig the configuration
         * @return this builder
         */
        public Builder config(LiteObsRegistryConfig registryConfig) {
            this.config = Objects.requireNonNull(registryConfig, "config");
            return this;
        }

        /**
         * The publishing step, every other setting at its default.
         *
         * @param step the publishing step, every other setting at its default
         * @return this builder
         * @throws IllegalArgumentException for a step below one millisecond
         */
        public Builder step(Duration step) {
            this.config = LiteObsRegistryConfig.withStep(step);
            return this;
        }

        /**
         * The clock of the steps.
         *
         * @param stepClock the clock of the steps
         * @return this builder
         */
        public Builder clock(Clock stepClock) {
            this.clock = Objects.requireNonNull(stepClock, "clock");
            return this;
        }

        /**
         * The factory of the publishing thread, instead of a daemon thread named
         * {@value LiteObsMeterRegistry#THREAD_NAME}. Micrometer's step poller keeps a thread of its own.
         *
         * @param factory the factory of the publishing thread, instead of a daemon thread named {@value LiteObsMeterRegistry#THREAD_NAME}
         * @return this builder
         */
        public Builder threadFactory(ThreadFactory factory) {
            this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
            return this;
        }

        /**
         * A registry, publishing from now on.
         *
         * @return a registry, publishing from now on
         */
        public LiteObsMeterRegistry build() {
            return new LiteObsMeterRegistry(config, clock, metrics, threadFactory);
        }
    }
}
