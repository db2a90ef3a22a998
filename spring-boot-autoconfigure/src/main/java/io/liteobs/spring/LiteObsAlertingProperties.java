package io.liteobs.spring;

import io.liteobs.alerting.Webhook;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;

/**
 * The {@code liteobs.alerting.*} properties: which default rule sets run, with which thresholds, a rule file, and
 * the webhooks notified. A threshold left unset keeps the default of {@code DefaultRules}.
 */
@ConfigurationProperties("liteobs.alerting")
public class LiteObsAlertingProperties {

    /** Whether alert rules are evaluated: the default sets switched on, the rule file, and AlertRule beans. */
    private boolean enabled = true;

    /** A YAML or JSON rule file (see docs/alerting.md): file:rules.yaml, classpath:alert-rules.yaml, ... */
    private @Nullable Resource rulesFile;

    /** How often a round looks for rules that are due. */
    private Duration tick = Duration.ofSeconds(1);

    /** The default rule sets, each off unless switched on. */
    private final Defaults defaults = new Defaults();

    /** Where notifications of alerts that fire or resolve are sent. */
    private List<WebhookTarget> webhooks = new ArrayList<>();

    /**
     * Whether alert rules are evaluated.
     *
     * @return true unless switched off
     */
    public boolean isEnabled() {
        return enabled;
    }

    /**
     * Switches alerting on or off.
     *
     * @param enabled false for no {@code Alerting} bean
     */
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    /**
     * The rule file.
     *
     * @return the resource; null for none
     */
    public @Nullable Resource getRulesFile() {
        return rulesFile;
    }

    /**
     * Sets the rule file.
     *
     * @param rulesFile a YAML or JSON file, JSON when its name ends in .json; null for none
     */
    public void setRulesFile(@Nullable Resource rulesFile) {
        this.rulesFile = rulesFile;
    }

    /**
     * How often a round looks for due rules.
     *
     * @return one second unless set
     */
    public Duration getTick() {
        return tick;
    }

    /**
     * Sets how often a round looks for due rules.
     *
     * @param tick at least one millisecond
     */
    public void setTick(Duration tick) {
        this.tick = tick;
    }

    /**
     * The default rule sets.
     *
     * @return each set's switch and thresholds
     */
    public Defaults getDefaults() {
        return defaults;
    }

    /**
     * The webhooks.
     *
     * @return none unless set
     */
    public List<WebhookTarget> getWebhooks() {
        return webhooks;
    }

    /**
     * Sets the webhooks.
     *
     * @param webhooks where notifications go
     */
    public void setWebhooks(List<WebhookTarget> webhooks) {
        this.webhooks = webhooks;
    }

    /** The default rule sets of {@code DefaultRules}, each switched on by its {@code enabled}. */
    public static class Defaults {

        /** The host's CPU, memory, disks, swap and OOM kills. */
        private final Host host = new Host();
        /** The JVM's heap after collections and its time in GC. */
        private final Jvm jvm = new Jvm();
        /** Workers whose heartbeats went stale. */
        private final Liveness liveness = new Liveness();
        /** LiteObs itself: entries dropped or failed, a store that cannot write. */
        private final LiteObsItself liteobs = new LiteObsItself();
        /** Every HTTP route's 5xx rate and p99 latency. */
        private final Http http = new Http();

        /**
         * The host rule set.
         *
         * @return its switch and thresholds
         */
        public Host getHost() {
            return host;
        }

        /**
         * The JVM rule set.
         *
         * @return its switch and thresholds
         */
        public Jvm getJvm() {
            return jvm;
        }

        /**
         * The liveness rule set.
         *
         * @return its switch and threshold
         */
        public Liveness getLiveness() {
            return liveness;
        }

        /**
         * The rule set about LiteObs itself.
         *
         * @return its switch and settings
         */
        public LiteObsItself getLiteobs() {
            return liteobs;
        }

        /**
         * The HTTP rule set.
         *
         * @return its switch and thresholds
         */
        public Http getHttp() {
            return http;
        }
    }

    /** A default rule set's switch. */
    public static class RuleSet {

        /** Whether the set's rules are evaluated. */
        private boolean enabled;

        /**
         * Whether the set's rules are evaluated.
         *
         * @return false unless switched on
         */
        public boolean isEnabled() {
            return enabled;
        }

        /**
         * Switches the set on or off.
         *
         * @param enabled true to evaluate its rules
         */
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The host rule set; thresholds are ratios from 0 to 1. */
    public static class Host extends RuleSet {

        /** CPU use of all cores above which host-cpu-high holds; 0.9 unless set. */
        private @Nullable Double cpuAbove;
        /** Memory use above which host-memory-high holds; 0.85 unless set. */
        private @Nullable Double memoryAbove;
        /** A file system's use above which host-disk-full holds; 0.9 unless set. */
        private @Nullable Double diskAbove;
        /** Swap use above which host-swap-high holds; 0.5 unless set. */
        private @Nullable Double swapAbove;

        /**
         * The CPU threshold.
         *
         * @return a ratio; null for the default
         */
        public @Nullable Double getCpuAbove() {
            return cpuAbove;
        }

        /**
         * Sets the CPU threshold.
         *
         * @param cpuAbove a ratio from 0 to 1
         */
        public void setCpuAbove(@Nullable Double cpuAbove) {
            this.cpuAbove = cpuAbove;
        }

        /**
         * The memory threshold.
         *
         * @return a ratio; null for the default
         */
        public @Nullable Double getMemoryAbove() {
            return memoryAbove;
        }

        /**
         * Sets the memory threshold.
         *
         * @param memoryAbove a ratio from 0 to 1
         */
        public void setMemoryAbove(@Nullable Double memoryAbove) {
            this.memoryAbove = memoryAbove;
        }

        /**
         * The disk threshold.
         *
         * @return a ratio; null for the default
         */
        public @Nullable Double getDiskAbove() {
            return diskAbove;
        }

        /**
         * Sets the disk threshold.
         *
         * @param diskAbove a ratio from 0 to 1
         */
        public void setDiskAbove(@Nullable Double diskAbove) {
            this.diskAbove = diskAbove;
        }

        /**
         * The swap threshold.
         *
         * @return a ratio; null for the default
         */
        public @Nullable Double getSwapAbove() {
            return swapAbove;
        }

        /**
         * Sets the swap threshold.
         *
         * @param swapAbove a ratio from 0 to 1
         */
        public void setSwapAbove(@Nullable Double swapAbove) {
            this.swapAbove = swapAbove;
        }
    }

    /** The JVM rule set; thresholds are ratios from 0 to 1. */
    public static class Jvm extends RuleSet {

        /** The old generation's use after its latest collection above which jvm-heap-after-gc-high holds; 0.9. */
        private @Nullable Double heapAfterGcAbove;
        /** The share of CPU time spent in GC above which jvm-gc-overhead-high holds; 0.1 unless set. */
        private @Nullable Double gcOverheadAbove;

        /**
         * The heap threshold.
         *
         * @return a ratio; null for the default
         */
        public @Nullable Double getHeapAfterGcAbove() {
            return heapAfterGcAbove;
        }

        /**
         * Sets the heap threshold.
         *
         * @param heapAfterGcAbove a ratio from 0 to 1
         */
        public void setHeapAfterGcAbove(@Nullable Double heapAfterGcAbove) {
            this.heapAfterGcAbove = heapAfterGcAbove;
        }

        /**
         * The GC threshold.
         *
         * @return a ratio; null for the default
         */
        public @Nullable Double getGcOverheadAbove() {
            return gcOverheadAbove;
        }

        /**
         * Sets the GC threshold.
         *
         * @param gcOverheadAbove a ratio from 0 to 1
         */
        public void setGcOverheadAbove(@Nullable Double gcOverheadAbove) {
            this.gcOverheadAbove = gcOverheadAbove;
        }
    }

    /** The liveness rule set. */
    public static class Liveness extends RuleSet {

        /** A worker is stale once its latest beat is older than this; 3 of its beat's interval unless set. */
        private @Nullable Duration staleAfter;

        /**
         * When a worker is stale.
         *
         * @return the age of its latest beat; null for 3 of its interval
         */
        public @Nullable Duration getStaleAfter() {
            return staleAfter;
        }

        /**
         * Sets when a worker is stale.
         *
         * @param staleAfter the age of its latest beat
         */
        public void setStaleAfter(@Nullable Duration staleAfter) {
            this.staleAfter = staleAfter;
        }
    }

    /** The rule set about LiteObs itself. */
    public static class LiteObsItself extends RuleSet {

        /** The window over which drops and failures count; 5 minutes unless set. */
        private @Nullable Duration window;
        /** How long the store must be degraded before liteobs-store-degraded fires; 1 minute unless set. */
        private @Nullable Duration degradedFor;

        /**
         * The window of drops and failures.
         *
         * @return a duration; null for the default
         */
        public @Nullable Duration getWindow() {
            return window;
        }

        /**
         * Sets the window of drops and failures.
         *
         * @param window a duration
         */
        public void setWindow(@Nullable Duration window) {
            this.window = window;
        }

        /**
         * How long the store must be degraded.
         *
         * @return a duration; null for the default
         */
        public @Nullable Duration getDegradedFor() {
            return degradedFor;
        }

        /**
         * Sets how long the store must be degraded.
         *
         * @param degradedFor a duration
         */
        public void setDegradedFor(@Nullable Duration degradedFor) {
            this.degradedFor = degradedFor;
        }
    }

    /** The HTTP rule set: each method and route its own instance. */
    public static class Http extends RuleSet {

        /** The share of 5xx answers above which http-server-errors holds; 0.05 unless set. */
        private @Nullable Double serverErrorRateAbove;
        /** The p99 latency, in milliseconds, above which http-latency-p99-high holds; 1000 unless set. */
        private @Nullable Double p99MillisAbove;
        /** The fewest requests of a route in the window for either rule to hold; 10 unless set. */
        private @Nullable Integer minRequests;
        /** The window over which requests count; 5 minutes unless set. */
        private @Nullable Duration window;

        /**
         * The 5xx threshold.
         *
         * @return a ratio; null for the default
         */
        public @Nullable Double getServerErrorRateAbove() {
            return serverErrorRateAbove;
        }

        /**
         * Sets the 5xx threshold.
         *
         * @param serverErrorRateAbove a ratio from 0 to 1
         */
        public void setServerErrorRateAbove(@Nullable Double serverErrorRateAbove) {
            this.serverErrorRateAbove = serverErrorRateAbove;
        }

        /**
         * The latency threshold.
         *
         * @return milliseconds; null for the default
         */
        public @Nullable Double getP99MillisAbove() {
            return p99MillisAbove;
        }

        /**
         * Sets the latency threshold.
         *
         * @param p99MillisAbove milliseconds, more than 0
         */
        public void setP99MillisAbove(@Nullable Double p99MillisAbove) {
            this.p99MillisAbove = p99MillisAbove;
        }

        /**
         * The fewest requests for a rule to hold.
         *
         * @return a count; null for the default
         */
        public @Nullable Integer getMinRequests() {
            return minRequests;
        }

        /**
         * Sets the fewest requests for a rule to hold.
         *
         * @param minRequests a count
         */
        public void setMinRequests(@Nullable Integer minRequests) {
            this.minRequests = minRequests;
        }

        /**
         * The window over which requests count.
         *
         * @return a duration; null for the default
         */
        public @Nullable Duration getWindow() {
            return window;
        }

        /**
         * Sets the window over which requests count.
         *
         * @param window a duration
         */
        public void setWindow(@Nullable Duration window) {
            this.window = window;
        }
    }

    /** A webhook: where notifications go and how they are sent. */
    public static class WebhookTarget {

        /** The http or https URL notifications are posted to. */
        private @Nullable URI url;
        /** The payload's format: liteobs, or alertmanager (Alertmanager's webhook payload). */
        private Webhook.Format format = Webhook.Format.LITEOBS;
        /** Signs every request with HMAC-SHA256 of this secret, in the X-LiteObs-Signature header. */
        private @Nullable String secret;
        /** Addresses refused unless allowed: loopback, private, link-local, or CIDR ranges such as 10.0.4.0/24. */
        private List<String> allow = new ArrayList<>();
        /** How long connecting may take; 5s unless set. */
        private @Nullable Duration connectTimeout;
        /** How long a request may take until the response's headers; 10s unless set. */
        private @Nullable Duration requestTimeout;
        /** Attempts at one notification, the first included; 5 unless set. */
        private @Nullable Integer maxAttempts;

        /**
         * The URL.
         *
         * @return null until set; a webhook needs one
         */
        public @Nullable URI getUrl() {
            return url;
        }

        /**
         * Sets the URL.
         *
         * @param url an absolute http or https URL
         */
        public void setUrl(@Nullable URI url) {
            this.url = url;
        }

        /**
         * The payload's format.
         *
         * @return liteobs unless set
         */
        public Webhook.Format getFormat() {
            return format;
        }

        /**
         * Sets the payload's format.
         *
         * @param format liteobs or alertmanager
         */
        public void setFormat(Webhook.Format format) {
            this.format = format;
        }

        /**
         * The signing secret.
         *
         * @return null for unsigned requests
         */
        public @Nullable String getSecret() {
            return secret;
        }

        /**
         * Sets the signing secret.
         *
         * @param secret not empty; null for unsigned requests
         */
        public void setSecret(@Nullable String secret) {
            this.secret = secret;
        }

        /**
         * The addresses allowed beside public ones.
         *
         * @return keywords and CIDR ranges
         */
        public List<String> getAllow() {
            return allow;
        }

        /**
         * Sets the addresses allowed beside public ones.
         *
         * @param allow loopback, private, link-local, or CIDR ranges
         */
        public void setAllow(List<String> allow) {
            this.allow = allow;
        }

        /**
         * The connect timeout.
         *
         * @return null for the default
         */
        public @Nullable Duration getConnectTimeout() {
            return connectTimeout;
        }

        /**
         * Sets the connect timeout.
         *
         * @param connectTimeout at least one millisecond
         */
        public void setConnectTimeout(@Nullable Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
        }

        /**
         * The request timeout.
         *
         * @return null for the default
         */
        public @Nullable Duration getRequestTimeout() {
            return requestTimeout;
        }

        /**
         * Sets the request timeout.
         *
         * @param requestTimeout at least one millisecond
         */
        public void setRequestTimeout(@Nullable Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }

        /**
         * The attempts at one notification.
         *
         * @return null for the default
         */
        public @Nullable Integer getMaxAttempts() {
            return maxAttempts;
        }

        /**
         * Sets the attempts at one notification.
         *
         * @param maxAttempts 1 or more
         */
        public void setMaxAttempts(@Nullable Integer maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }
}
