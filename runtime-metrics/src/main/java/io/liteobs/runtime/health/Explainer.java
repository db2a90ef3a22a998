package io.liteobs.runtime.health;

import static io.liteobs.runtime.health.Format.percent;

import io.liteobs.common.internal.LogSafe;
import io.liteobs.common.internal.ThrottledLogger;
import io.liteobs.runtime.host.HostSnapshot;
import io.liteobs.runtime.micrometer.JvmSnapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Explain mode: for CPU, memory, disk, network or the JVM, the current and recent figures, the top contributors
 * (processes, mounts, interfaces, or JVM causes) and the recommendations of an advisor list that users can extend.
 * Immutable and thread-safe.
 *
 * <pre>{@code
 * Explainer explainer = Explainer.builder()
 *         .advisor(Advisor.when(Resource.DISK, "disk.archive", in -> ..., in -> "Move old archives to cold storage"))
 *         .build();
 * Explanation why = explainer.explain(Resource.CPU, HealthInput.of(host.collect(), jvm.snapshot()));
 * System.out.println(why.toText());
 * }</pre>
 */
public final class Explainer {

    private static final Logger LOG = LoggerFactory.getLogger(Explainer.class);
    private static final Explainer DEFAULTS = builder().build();
    /** A process below this CPU share (0.1 %, shown as 0.0 %) explains nothing about a busy CPU. */
    private static final double LEAST_CPU_CONTRIBUTION = 0.001;

    private final HealthThresholds thresholds;
    private final List<Advisor> advisors;
    private final ThrottledLogger warnings = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);

    private Explainer(Builder builder) {
        this.thresholds = builder.thresholds;
        List<Advisor> all = new ArrayList<>();
        if (builder.defaultAdvisors) {
            all.addAll(Advisors.defaults(thresholds));
        }
        all.addAll(builder.advisors);
        this.advisors = List.copyOf(all);
    }

    /**
     * The built-in advisors with {@link HealthThresholds#defaults()}.
     *
     * @return the built-in advisors with {@link HealthThresholds#defaults()}
     */
    public static Explainer defaults() {
        return DEFAULTS;
    }

    /**
     * A builder: the built-in advisors with the default thresholds, plus any added.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every advisor, in the order they run.
     *
     * @return every advisor, in the order they run
     */
    public List<Advisor> advisors() {
        return advisors;
    }

    /**
     * Explains one resource. Never throws for missing figures; an advisor that throws is skipped and logged.
     *
     * @param resource the resource to explain
     * @param input the figures to judge
     * @return the resource's figures, findings and recommendations
     */
    public Explanation explain(Resource resource, HealthInput input) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(input, "input");
        Parts parts = switch (resource) {
            case CPU -> cpu(input);
            case MEMORY -> memory(input);
            case DISK -> disk(input);
            case NETWORK -> network(input);
            case JVM -> jvm(input);
        };
        List<Explanation.Recommendation> recommendations = new ArrayList<>();
        for (Advisor advisor : advisors) {
            try {
                Optional<Explanation.Recommendation> advice = advisor.advise(resource, input);
                if (advice != null) {
                    advice.ifPresent(recommendations::add);
                }
            } catch (RuntimeException e) {
                warnings.warn("Explain advisor {} failed on {}; skipped", LogSafe.text(advisor), resource,
                        LogSafe.throwable(e));
            }
        }
        long timestamp = input.host() != null ? input.host().timestampMillis()
                : input.jvm() != null ? input.jvm().timestampMillis() : 0;
        return new Explanation(resource, Objects.requireNonNull(parts.summary, "every resource is summarised"),
                parts.current, parts.recent, parts.contributors,
                recommendations, timestamp);
    }

    /** The pieces of one explanation before the advisors run. */
    private static final class Parts {
        private @Nullable String summary;
        private final List<Explanation.Reading> current = new ArrayList<>();
        private final List<Explanation.Trend> recent = new ArrayList<>();
        private final List<Explanation.Contributor> contributors = new ArrayList<>();

        void reading(String name, double value, String unit) {
            current.add(new Explanation.Reading(name, value, unit));
        }

        void trend(Explanation.@Nullable Trend trend) {
            if (trend != null) {
                recent.add(trend);
            }
        }
    }

    private static Parts unavailableHost(HealthInput input) {
        Parts parts = new Parts();
        parts.summary = input.host() == null ? "no host snapshot" : "host metrics unavailable: "
                + input.host().reason();
        return parts;
    }

    private static Parts cpu(HealthInput input) {
        HostSnapshot host = input.currentHost();
        if (host == null) {
            return unavailableHost(input);
        }
        Parts parts = new Parts();
        HostSnapshot.Cpu cpu = host.requireCpu();
        parts.summary = String.format(Locale.ROOT, "%s busy on %d cores (user %s, system %s, iowait %s, steal %s),"
                        + " load %s%s", percent(cpu.total()), cpu.cores(), percent(cpu.user()), percent(cpu.system()),
                percent(cpu.iowait()), percent(cpu.steal()), Format.number(host.requireLoad().one()),
                host.baseline() ? "; averages since boot (first collection)" : "");
        parts.reading("host.cpu.utilization{mode=total}", cpu.total(), "ratio");
        parts.reading("host.cpu.utilization{mode=user}", cpu.user(), "ratio");
        parts.reading("host.cpu.utilization{mode=system}", cpu.system(), "ratio");
        parts.reading("host.cpu.utilization{mode=iowait}", cpu.iowait(), "ratio");
        parts.reading("host.cpu.utilization{mode=steal}", cpu.steal(), "ratio");
        parts.reading("host.cpu.count", cpu.cores(), "cpus");
        parts.reading("host.load.average.1m", host.requireLoad().one(), "tasks");
        parts.reading("host.load.average.5m", host.requireLoad().five(), "tasks");
        parts.reading("host.load.average.15m", host.requireLoad().fifteen(), "tasks");
        if (input.jvm() != null) {
            parts.reading("process.cpu.usage", input.jvm().processCpu(), "ratio");
        }
        List<HostSnapshot> recent = Trends.hostWithInterval(input);
        parts.trend(Trends.trend("host.cpu.utilization{mode=total}", "ratio", recent, s -> s.requireCpu().total()));
        parts.trend(Trends.trend("host.load.average.1m", "tasks", Trends.hostAvailable(input),
                s -> s.requireLoad().one()));
        for (HostSnapshot.ProcessUsage process : host.topByCpu()) {
            if (process.cpu() < LEAST_CPU_CONTRIBUTION) {
                continue;
            }
            parts.contributors.add(new Explanation.Contributor(process.name() + " (pid " + process.pid() + ")",
                    process.cpu(), "ratio", process.command()));
        }
        if (input.jvm() != null && input.jvm().gcOverhead() > 0) {
            parts.contributors.add(new Explanation.Contributor("this JVM's GC", input.jvm().gcOverhead(), "ratio",
                    "share of this JVM's CPU time spent collecting garbage"));
        }
        return parts;
    }

    private static Parts memory(HealthInput input) {
        HostSnapshot host = input.currentHost();
        if (host == null) {
            return unavailableHost(input);
        }
        Parts parts = new Parts();
        HostSnapshot.Memory memory = host.requireMemory();
        parts.summary = String.format(Locale.ROOT, "%s used: %s available of %s%s; swap %s used", percent(
                        memory.utilization()), Format.bytes(memory.available()), Format.bytes(memory.total()),
                memory.availableEstimated() ? " (estimated: no MemAvailable)" : "", percent(memory.swapUtilization()));
        parts.reading("host.memory.utilization", memory.utilization(), "ratio");
        parts.reading("host.memory.available", memory.available(), "bytes");
        parts.reading("host.memory.total", memory.total(), "bytes");
        parts.reading("host.swap.utilization", memory.swapUtilization(), "ratio");
        parts.reading("host.swap.used", memory.swapUsed(), "bytes");
        if (host.oomKills() >= 0 && !host.baseline()) {
            parts.reading("host.memory.oom.kills", host.oomKills(), "processes");
        }
        if (input.jvm() != null) {
            parts.reading("jvm.memory.used{area=heap}", input.jvm().heapUsed(), "bytes");
            parts.reading("jvm.memory.max{area=heap}", input.jvm().heapMax(), "bytes");
        }
        List<HostSnapshot> recent = Trends.hostAvailable(input);
        parts.trend(Trends.trend("host.memory.utilization", "ratio", recent, s -> s.requireMemory().utilization()));
        parts.trend(Trends.trend("host.swap.utilization", "ratio", recent, s -> s.requireMemory().swapUtilization()));
        for (HostSnapshot.ProcessUsage process : host.topByMemory()) {
            parts.contributors.add(new Explanation.Contributor(process.name() + " (pid " + process.pid() + ")",
                    process.residentBytes(), "bytes", process.command()));
        }
        return parts;
    }

    private static Parts disk(HealthInput input) {
        HostSnapshot host = input.currentHost();
        if (host == null) {
            return unavailableHost(input);
        }
        Parts parts = new Parts();
        HostSnapshot.Disk fullest = host.fullestDisk();
        HostSnapshot.DiskIo busiest = Advisors.busiestDevice(host);
        parts.summary = (fullest == null ? "no file system listed"
                : "fullest: " + fullest.mountPoint() + " " + percent(fullest.utilization()) + " full ("
                + Format.bytes(fullest.available()) + " available)")
                + (busiest == null || host.baseline() ? "" : "; busiest device: " + busiest.device() + " "
                + percent(busiest.busy()) + " busy");
        List<HostSnapshot.Disk> disks = new ArrayList<>(host.disks());
        disks.sort(Comparator.comparingDouble(HostSnapshot.Disk::utilization).reversed());
        for (HostSnapshot.Disk disk : disks) {
            parts.reading("host.disk.utilization{mount=" + disk.mountPoint() + "}", disk.utilization(), "ratio");
        }
        if (!host.baseline()) {
            for (HostSnapshot.DiskIo io : host.diskIo()) {
                parts.reading("host.disk.io.busy{device=" + io.device() + "}", io.busy(), "ratio");
                parts.reading("host.disk.io.read.bytes{device=" + io.device() + "} per second",
                        Trends.perSecond(io.readBytes(), host), "bytes/s");
                parts.reading("host.disk.io.written.bytes{device=" + io.device() + "} per second",
                        Trends.perSecond(io.writtenBytes(), host), "bytes/s");
            }
        }
        if (fullest != null) {
            String mount = fullest.mountPoint();
            parts.trend(Trends.trend("host.disk.utilization{mount=" + mount + "}", "ratio", Trends.hostAvailable(
                    input), s -> s.disks().stream().filter(d -> d.mountPoint().equals(mount))
                    .mapToDouble(HostSnapshot.Disk::utilization).findFirst().orElse(Double.NaN)));
            Double hours = Trends.hoursToFull(input);
            if (hours != null) {
                parts.reading("hours until " + mount + " is full at the recent rate", hours, "h");
            }
        }
        for (HostSnapshot.Disk disk : disks) {
            parts.contributors.add(new Explanation.Contributor(disk.mountPoint(), disk.utilization(), "ratio",
                    Format.bytes(disk.available()) + " available of " + Format.bytes(disk.total()) + " on "
                            + disk.device() + " (" + disk.type() + ")"));
        }
        if (!host.baseline()) {
            host.diskIo().stream().sorted(Comparator.comparingDouble(HostSnapshot.DiskIo::busy).reversed())
                    .forEach(io -> parts.contributors.add(new Explanation.Contributor("device " + io.device(),
                            io.busy(), "ratio", "busy; read " + Format.bytes(Trends.perSecond(io.readBytes(), host))
                            + "/s, written " + Format.bytes(Trends.perSecond(io.writtenBytes(), host)) + "/s")));
        }
        return parts;
    }

    private static Parts network(HealthInput input) {
        HostSnapshot host = input.currentHost();
        if (host == null) {
            return unavailableHost(input);
        }
        Parts parts = new Parts();
        long received = 0;
        long sent = 0;
        long errors = 0;
        long drops = 0;
        for (HostSnapshot.NetworkInterface net : host.network()) {
            received += net.receivedBytes();
            sent += net.sentBytes();
            errors += net.receiveErrors() + net.sendErrors();
            drops += net.receiveDrops() + net.sendDrops();
            parts.reading("host.network.received.bytes{interface=" + net.name() + "} per second",
                    Trends.perSecond(net.receivedBytes(), host), "bytes/s");
            parts.reading("host.network.sent.bytes{interface=" + net.name() + "} per second",
                    Trends.perSecond(net.sentBytes(), host), "bytes/s");
            parts.reading("host.network.receive.errors{interface=" + net.name() + "}", net.receiveErrors(),
                    "packets");
            parts.reading("host.network.send.errors{interface=" + net.name() + "}", net.sendErrors(), "packets");
            parts.reading("host.network.receive.drops{interface=" + net.name() + "}", net.receiveDrops(),
                    "packets");
            parts.reading("host.network.send.drops{interface=" + net.name() + "}", net.sendDrops(), "packets");
        }
        parts.summary = String.format(Locale.ROOT, "%d interface(s): received %s/s, sent %s/s, %d errors, %d drops"
                        + " %s", host.network().size(), Format.bytes(Trends.perSecond(received, host)),
                Format.bytes(Trends.perSecond(sent, host)), errors, drops,
                host.baseline() ? "since boot (first collection)" : "in the last " + host.interval().toSeconds()
                        + " s");
        parts.trend(Trends.trend("received bytes per second, all interfaces", "bytes/s",
                Trends.hostWithInterval(input), s -> Trends.perSecond(s.network().stream()
                        .mapToLong(HostSnapshot.NetworkInterface::receivedBytes).sum(), s)));
        parts.trend(Trends.trend("sent bytes per second, all interfaces", "bytes/s",
                Trends.hostWithInterval(input), s -> Trends.perSecond(s.network().stream()
                        .mapToLong(HostSnapshot.NetworkInterface::sentBytes).sum(), s)));
        host.network().stream()
                .sorted(Comparator.comparingLong((HostSnapshot.NetworkInterface n) -> n.receivedBytes()
                        + n.sentBytes()).reversed())
                .forEach(net -> parts.contributors.add(new Explanation.Contributor(net.name(),
                        Trends.perSecond(net.receivedBytes() + net.sentBytes(), host), "bytes/s",
                        (net.receiveErrors() + net.sendErrors()) + " errors, " + (net.receiveDrops()
                                + net.sendDrops()) + " drops")));
        return parts;
    }

    private static Parts jvm(HealthInput input) {
        JvmSnapshot jvm = input.jvm();
        Parts parts = new Parts();
        if (jvm == null) {
            parts.summary = "no JVM snapshot";
            return parts;
        }
        parts.summary = String.format(Locale.ROOT, "heap %s of %s (%s), GC overhead %s, heap after GC %s,"
                        + " %d live threads", Format.bytes(jvm.heapUsed()),
                jvm.heapMax() > 0 ? Format.bytes(jvm.heapMax()) : "no limit", percent(jvm.heapUtilization()),
                percent(jvm.gcOverhead()), percent(jvm.heapAfterGc()), jvm.liveThreads());
        parts.reading("jvm.memory.used{area=heap}", jvm.heapUsed(), "bytes");
        parts.reading("jvm.memory.committed{area=heap}", jvm.heapCommitted(), "bytes");
        parts.reading("jvm.memory.max{area=heap}", jvm.heapMax(), "bytes");
        parts.reading("jvm.memory.used{area=nonheap}", jvm.nonHeapUsed(), "bytes");
        parts.reading("jvm.gc.overhead", jvm.gcOverhead(), "ratio");
        parts.reading("jvm.memory.usage.after.gc", jvm.heapAfterGc(), "ratio");
        parts.reading("jvm.threads.live", jvm.liveThreads(), "threads");
        parts.reading("jvm.threads.peak", jvm.peakThreads(), "threads");
        parts.reading("process.cpu.usage", jvm.processCpu(), "ratio");
        List<JvmSnapshot> recent = input.recentJvm();
        parts.trend(Trends.trend("jvm.memory.used{area=heap}", "bytes", recent, JvmSnapshot::heapUsed));
        parts.trend(Trends.trend("jvm.gc.overhead", "ratio", recent, JvmSnapshot::gcOverhead));
        parts.trend(Trends.trend("jvm.threads.live", "threads", recent, JvmSnapshot::liveThreads));

        List<Explanation.Contributor> causes = new ArrayList<>();
        if (jvm.gcOverhead() > 0) {
            causes.add(new Explanation.Contributor("GC overhead", jvm.gcOverhead(), "ratio",
                    "share of CPU time spent collecting over the last five minutes"));
        }
        if (jvm.heapMax() > 0) {
            causes.add(new Explanation.Contributor("heap near its limit", jvm.heapUtilization(), "ratio",
                    Format.bytes(jvm.heapUsed()) + " of " + Format.bytes(jvm.heapMax())));
        }
        if (Double.isFinite(jvm.heapAfterGc())) {
            causes.add(new Explanation.Contributor("heap after GC", jvm.heapAfterGc(), "ratio",
                    "long-lived pool still in use after its latest collection"));
        }
        causes.sort(Comparator.comparingDouble(Explanation.Contributor::value).reversed());
        parts.contributors.addAll(causes);
        for (JvmSnapshot.ThreadPool pool : jvm.threadPools()) {
            if (pool.threads() < 2 || parts.contributors.size() >= causes.size() + 5) {
                break;  // largest first: a single thread is not a pool
            }
            parts.contributors.add(new Explanation.Contributor("thread pool " + pool.name(), pool.threads(),
                    "threads", ""));
        }
        return parts;
    }

    /** Builds an {@link Explainer}; defaults: the built-in advisors with {@link HealthThresholds#defaults()}. */
    public static final class Builder {
        private HealthThresholds thresholds = HealthThresholds.defaults();
        private boolean defaultAdvisors = true;
        private final List<Advisor> advisors = new ArrayList<>();

        private Builder() {
        }

        /**
         * The thresholds the built-in advisors judge by; use the scorer's, so that both agree.
         *
         * @param healthThresholds the thresholds the built-in advisors judge by
         * @return this builder
         */
        public Builder thresholds(HealthThresholds healthThresholds) {
            this.thresholds = Objects.requireNonNull(healthThresholds, "thresholds");
            return this;
        }

        /**
         * Adds an advisor, run after the built-in ones and those added before.
         *
         * @param advisor the advisor to add
         * @return this builder
         */
        public Builder advisor(Advisor advisor) {
            advisors.add(Objects.requireNonNull(advisor, "advisor"));
            return this;
        }

        /**
         * Leaves the built-in advisors out: only the added advisors run.
         *
         * @return this builder
         */
        public Builder withoutDefaultAdvisors() {
            this.defaultAdvisors = false;
            return this;
        }

        /**
         * The explainer.
         *
         * @return the explainer
         */
        public Explainer build() {
            return new Explainer(this);
        }
    }
}
