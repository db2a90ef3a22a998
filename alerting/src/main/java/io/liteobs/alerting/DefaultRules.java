package io.liteobs.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Rule sets for what every service has: the host (series of the host collector in {@code liteobs-runtime-metrics}),
 * the JVM (series of its JVM binders), the liveness of workers (heartbeats), HTTP routes (requests recorded through
 * {@code obs.http()}) and LiteObs itself. Each set's thresholds can be changed before its rules are taken; a rule can
 * also be replaced whole by adding one with its id.
 *
 * <pre>{@code
 * Alerting.builder(obs).defaultRules().build();                              // all of them, as they are
 * Alerting.builder(obs)
 *         .rules(DefaultRules.host().cpuAbove(0.95).diskAbove(0.8).rules())   // some, with other thresholds
 *         .rules(DefaultRules.liveness().rules())
 *         .build();
 * }</pre>
 *
 * <table>
 * <caption>The default rules</caption>
 * <tr><th>id</th><th>when</th><th>severity</th></tr>
 * <tr><td>host-cpu-high</td><td>avg of {@code host.cpu.utilization{mode="total"}} over 2m &gt; 0.9, for 2m</td>
 *     <td>critical</td></tr>
 * <tr><td>host-memory-high</td><td>avg of {@code host.memory.utilization} over 5m &gt; 0.85, for 5m</td>
 *     <td>warning</td></tr>
 * <tr><td>host-disk-full</td><td>last {@code host.disk.utilization} per mount over 5m &gt; 0.9, for 5m</td>
 *     <td>critical</td></tr>
 * <tr><td>host-swap-high</td><td>avg of {@code host.swap.utilization} over 5m &gt; 0.5, for 5m</td>
 *     <td>warning</td></tr>
 * <tr><td>host-oom-kill</td><td>sum of {@code host.memory.oom.kills} over 5m &gt; 0</td><td>critical</td></tr>
 * <tr><td>jvm-heap-after-gc-high</td><td>last {@code jvm.memory.usage.after.gc{area="heap"}} over 5m &gt; 0.9,
 *     for 5m</td><td>critical</td></tr>
 * <tr><td>jvm-gc-overhead-high</td><td>avg of {@code jvm.gc.overhead} over 5m &gt; 0.1, for 5m</td>
 *     <td>warning</td></tr>
 * <tr><td>worker-stale</td><td>a worker's latest heartbeat older than 3 of its intervals</td><td>critical</td></tr>
 * <tr><td>liteobs-entries-dropped</td><td>a recorder dropped entries in the last 5m</td><td>warning</td></tr>
 * <tr><td>liteobs-entries-failed</td><td>a recorder's entries failed to store in the last 5m</td>
 *     <td>critical</td></tr>
 * <tr><td>liteobs-store-degraded</td><td>LiteObs cannot write to its store, for 1m</td><td>critical</td></tr>
 * <tr><td>http-server-errors</td><td>a route's 5xx rate over 5m &gt; 0.05, with at least 10 requests, for 2m</td>
 *     <td>critical</td></tr>
 * <tr><td>http-latency-p99-high</td><td>a route's p99 latency over 5m &gt; 1000 ms, with at least 10 requests,
 *     for 5m</td><td>warning</td></tr>
 * </table>
 */
public final class DefaultRules {

    private static final Duration TWO_MINUTES = Duration.ofMinutes(2);
    private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    private DefaultRules() {
    }

    /**
     * Every set, at its default thresholds.
     *
     * @return every set, at its default thresholds
     */
    public static List<AlertRule> all() {
        List<AlertRule> all = new ArrayList<>(host().rules());
        all.addAll(jvm().rules());
        all.addAll(liveness().rules());
        all.addAll(liteObs().rules());
        all.addAll(http().rules());
        return List.copyOf(all);
    }

    /**
     * The host's CPU, memory, disks, swap and OOM kills.
     *
     * @return the host's CPU, memory, disks, swap and OOM kills
     */
    public static Host host() {
        return new Host();
    }

    /**
     * The JVM's heap after collections and its time in GC.
     *
     * @return the JVM's heap after collections and its time in GC
     */
    public static Jvm jvm() {
        return new Jvm();
    }

    /**
     * Workers whose heartbeats went stale.
     *
     * @return workers whose heartbeats went stale
     */
    public static Liveness liveness() {
        return new Liveness();
    }

    /**
     * Every HTTP route's 5xx rate and p99 latency.
     *
     * @return every HTTP route's 5xx rate and p99 latency
     */
    public static Http http() {
        return new Http();
    }

    /**
     * LiteObs itself: entries dropped or failed, a store that cannot write.
     *
     * @return the rules about LiteObs itself: drops, failures and a store that cannot write
     */
    public static LiteObsItself liteObs() {
        return new LiteObsItself();
    }

    private static double ratio(String setting, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(setting + " is a ratio from 0 to 1, got " + value);
        }
        return value;
    }

    /** The host rule set; thresholds are ratios from 0 to 1. */
    public static final class Host {
        private double cpu = 0.9;
        private double memory = 0.85;
        private double disk = 0.9;
        private double swap = 0.5;

        private Host() {
        }

        /**
         * CPU use of all cores above which {@code host-cpu-high} holds; 0.9 unless set.
         *
         * @param ratio CPU use of all cores above which {@code host-cpu-high} holds
         * @return this rule set
         */
        public Host cpuAbove(double ratio) {
            this.cpu = ratio("cpuAbove", ratio);
            return this;
        }

        /**
         * Memory use above which {@code host-memory-high} holds; 0.85 unless set.
         *
         * @param ratio memory use above which {@code host-memory-high} holds
         * @return this rule set
         */
        public Host memoryAbove(double ratio) {
            this.memory = ratio("memoryAbove", ratio);
            return this;
        }

        /**
         * A file system's use above which {@code host-disk-full} holds; 0.9 unless set.
         *
         * @param ratio a file system's use above which {@code host-disk-full} holds
         * @return this rule set
         */
        public Host diskAbove(double ratio) {
            this.disk = ratio("diskAbove", ratio);
            return this;
        }

        /**
         * Swap use above which {@code host-swap-high} holds; 0.5 unless set.
         *
         * @param ratio swap use above which {@code host-swap-high} holds
         * @return this rule set
         */
        public Host swapAbove(double ratio) {
            this.swap = ratio("swapAbove", ratio);
            return this;
        }

        /**
         * The rules.
         *
         * @return the rules
         */
        public List<AlertRule> rules() {
            return List.of(
                    AlertRule.named("host-cpu-high").metric("host.cpu.utilization").where("mode", "total")
                            .avg(TWO_MINUTES).above(cpu).pendingFor(TWO_MINUTES).severity(Severity.CRITICAL)
                            .summary("Host CPU at {{value}} of all cores for 2m (above {{threshold}})"),
                    AlertRule.named("host-memory-high").metric("host.memory.utilization").avg(FIVE_MINUTES)
                            .above(memory).pendingFor(FIVE_MINUTES)
                            .summary("Host memory {{value}} used (above {{threshold}})"),
                    AlertRule.named("host-disk-full").metric("host.disk.utilization").last(FIVE_MINUTES)
                            .above(disk).pendingFor(FIVE_MINUTES).severity(Severity.CRITICAL)
                            .summary("File system {{labels.mount}} is {{value}} full (above {{threshold}})"),
                    AlertRule.named("host-swap-high").metric("host.swap.utilization").avg(FIVE_MINUTES).above(swap)
                            .pendingFor(FIVE_MINUTES)
                            .summary("Host swap {{value}} used (above {{threshold}})"),
                    AlertRule.named("host-oom-kill").metric("host.memory.oom.kills").sum(FIVE_MINUTES).above(0)
                            .severity(Severity.CRITICAL)
                            .summary("The kernel killed {{value}} processes for lack of memory in the last 5m"));
        }
    }

    /** The JVM rule set. */
    public static final class Jvm {
        private double heapAfterGc = 0.9;
        private double gcOverhead = 0.1;

        private Jvm() {
        }

        /**
         * The long-lived heap pool's use after its latest collection above which it holds; 0.9 unless set.
         *
         * @param ratio the long-lived heap pool's use after its latest collection above which it holds
         * @return this rule set
         */
        public Jvm heapAfterGcAbove(double ratio) {
            this.heapAfterGc = ratio("heapAfterGcAbove", ratio);
            return this;
        }

        /**
         * The share of CPU time spent in GC above which it holds; 0.1 unless set.
         *
         * @param ratio the share of CPU time spent in GC above which it holds
         * @return this rule set
         */
        public Jvm gcOverheadAbove(double ratio) {
            this.gcOverhead = ratio("gcOverheadAbove", ratio);
            return this;
        }

        /**
         * The rules.
         *
         * @return the rules
         */
        public List<AlertRule> rules() {
            return List.of(
                    AlertRule.named("jvm-heap-after-gc-high").metric("jvm.memory.usage.after.gc")
                            .where("area", "heap").last(FIVE_MINUTES).above(heapAfterGc).pendingFor(FIVE_MINUTES)
                            .severity(Severity.CRITICAL)
                            .summary("Heap {{value}} full after collection (above {{threshold}}): an"
                                    + " OutOfMemoryError is near"),
                    AlertRule.named("jvm-gc-overhead-high").metric("jvm.gc.overhead").avg(FIVE_MINUTES)
                            .above(gcOverhead).pendingFor(FIVE_MINUTES)
                            .summary("GC takes {{value}} of CPU time (above {{threshold}})"));
        }
    }

    /** The liveness rule set. */
    public static final class Liveness {
        private @Nullable Duration staleAfter;

        private Liveness() {
        }

        /**
         * A worker is stale once its latest beat is older than this; unless set, 3 of its beat's interval.
         *
         * @param duration a worker is stale once its latest beat is older than this
         * @return this rule set
         */
        public Liveness staleAfter(Duration duration) {
            this.staleAfter = duration;
            return this;
        }

        /**
         * The rules.
         *
         * @return the rules
         */
        public List<AlertRule> rules() {
            AlertRule.HeartbeatSelection heartbeats = AlertRule.named("worker-stale").heartbeats();
            return List.of((staleAfter == null ? heartbeats.stale() : heartbeats.staleAfter(staleAfter))
                    .severity(Severity.CRITICAL));
        }
    }

    /** The rule set about LiteObs itself. */
    public static final class LiteObsItself {
        private Duration window = FIVE_MINUTES;
        private Duration degradedFor = Duration.ofMinutes(1);

        private LiteObsItself() {
        }

        /**
         * The window over which drops and failures count; 5 minutes unless set.
         *
         * @param duration the window over which drops and failures count
         * @return this rule set
         */
        public LiteObsItself window(Duration duration) {
            this.window = duration;
            return this;
        }

        /**
         * How long the store must be degraded before it fires; 1 minute unless set.
         *
         * @param duration how long the store must be degraded before it fires
         * @return this rule set
         */
        public LiteObsItself degradedFor(Duration duration) {
            this.degradedFor = duration;
            return this;
        }

        /**
         * The rules.
         *
         * @return the rules
         */
        public List<AlertRule> rules() {
            return List.of(
                    AlertRule.named("liteobs-entries-dropped").liteObs().dropped(window).above(0)
                            .summary("LiteObs recorder {{labels.component}} dropped {{value}} entries in the last"
                                    + " " + Durations.format(window) + ": its queue was full"),
                    AlertRule.named("liteobs-entries-failed").liteObs().failed(window).above(0)
                            .severity(Severity.CRITICAL)
                            .summary("LiteObs recorder {{labels.component}} lost {{value}} entries the store refused"
                                    + " in the last " + Durations.format(window)),
                    AlertRule.named("liteobs-store-degraded").liteObs().storeDegraded().pendingFor(degradedFor)
                            .severity(Severity.CRITICAL));
        }
    }

    /** The HTTP rule set: each method and route its own instance. */
    public static final class Http {
        private double serverErrorRate = 0.05;
        private double p99Millis = 1000;
        private int minRequests = AlertRule.HttpSelection.DEFAULT_MIN_REQUESTS;
        private Duration window = FIVE_MINUTES;

        private Http() {
        }

        /**
         * The share of 5xx answers above which {@code http-server-errors} holds; 0.05 unless set.
         *
         * @param ratio the share of 5xx answers above which {@code http-server-errors} holds
         * @return this rule set
         */
        public Http serverErrorRateAbove(double ratio) {
            this.serverErrorRate = ratio("serverErrorRateAbove", ratio);
            return this;
        }

        /**
         * The p99 latency, in milliseconds, above which {@code http-latency-p99-high} holds; 1000 unless set.
         *
         * @param millis the p99 latency, in milliseconds, above which {@code http-latency-p99-high} holds
         * @return this rule set
         */
        public Http p99MillisAbove(double millis) {
            if (!(millis > 0)) {
                throw new IllegalArgumentException("p99MillisAbove must be more than 0 ms, got " + millis);
            }
            this.p99Millis = millis;
            return this;
        }

        /**
         * The fewest requests of a route in the window for either rule to hold; 10 unless set.
         *
         * @param requests the fewest requests of a route in the window for either rule to hold
         * @return this rule set
         */
        public Http minRequests(int requests) {
            this.minRequests = requests;
            return this;
        }

        /**
         * The window over which the requests count; 5 minutes unless set.
         *
         * @param duration the window over which the requests count
         * @return this rule set
         */
        public Http window(Duration duration) {
            this.window = duration;
            return this;
        }

        /**
         * The rules.
         *
         * @return the rules
         */
        public List<AlertRule> rules() {
            return List.of(
                    AlertRule.named("http-server-errors").http().minRequests(minRequests).serverErrorRate(window)
                            .above(serverErrorRate).pendingFor(TWO_MINUTES).severity(Severity.CRITICAL)
                            .summary("{{labels.method}} {{labels.route}} answered {{value}} of {{requests}} requests"
                                    + " with 5xx in the last " + Durations.format(window)
                                    + " (above {{threshold}})"),
                    AlertRule.named("http-latency-p99-high").http().minRequests(minRequests).latencyP99(window)
                            .above(p99Millis).pendingFor(FIVE_MINUTES)
                            .summary("{{labels.method}} {{labels.route}} p99 latency {{value}} ms over the last "
                                    + Durations.format(window) + " (above {{threshold}} ms)"));
        }
    }
}
