package io.liteobs.spring;

import io.liteobs.DataKind;
import io.liteobs.HttpInclude;
import io.liteobs.OverflowPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code liteobs.*} properties. A setting left unset takes the default of the LiteObs module it configures; the
 * ranges are checked by those modules, whose errors name the setting.
 */
@ConfigurationProperties("liteobs")
public class LiteObsProperties {

    /** The SQLite file, created with its folder when missing; relative to the working directory. */
    private Path file = Path.of("liteobs.db");

    /** The queue of the audit log. */
    private final Queue audit = new Queue();
    /** The queue of the metrics recorder. */
    private final Queue metrics = new Queue();
    /** The queue of the business events recorder. */
    private final Queue events = new Queue();
    /** The HTTP request log. */
    private final Http http = new Http();
    /** The Micrometer registry, JVM and host metrics, and the health score. */
    private final Runtime runtime = new Runtime();
    /** The application's heartbeat. */
    private final Heartbeat heartbeat = new Heartbeat();
    /** How long each kind of data is kept. */
    private final Retention retention = new Retention();
    /** What is redacted from audit parameters, metadata and query strings. */
    private final Redaction redaction = new Redaction();
    /** What LiteObs keeps for Actuator. */
    private final Actuator actuator = new Actuator();

    public Path getFile() {
        return file;
    }

    public void setFile(Path file) {
        this.file = file;
    }

    public Queue getAudit() {
        return audit;
    }

    public Queue getMetrics() {
        return metrics;
    }

    public Queue getEvents() {
        return events;
    }

    public Http getHttp() {
        return http;
    }

    public Runtime getRuntime() {
        return runtime;
    }

    public Heartbeat getHeartbeat() {
        return heartbeat;
    }

    public Retention getRetention() {
        return retention;
    }

    public Redaction getRedaction() {
        return redaction;
    }

    public Actuator getActuator() {
        return actuator;
    }

    /** The Actuator repositories backed by the file. */
    public static class Actuator {

        /** Whether Actuator's audit events are kept in the audit log. */
        private boolean auditEvents = true;

        /** Whether /actuator/httpexchanges reads the HTTP request log. */
        private boolean httpExchanges = true;

        public boolean isAuditEvents() {
            return auditEvents;
        }

        public void setAuditEvents(boolean auditEvents) {
            this.auditEvents = auditEvents;
        }

        public boolean isHttpExchanges() {
            return httpExchanges;
        }

        public void setHttpExchanges(boolean httpExchanges) {
            this.httpExchanges = httpExchanges;
        }
    }

    /** A recorder's queue; unset, the recorder's own default. */
    public static class Queue {

        /** How many entries the queue holds. */
        private @Nullable Integer capacity;

        /** What recording does when the queue is full: BLOCK (wait, up to a limit) or DROP. */
        private @Nullable OverflowPolicy overflow;

        public @Nullable Integer getCapacity() {
            return capacity;
        }

        public void setCapacity(@Nullable Integer capacity) {
            this.capacity = capacity;
        }

        public @Nullable OverflowPolicy getOverflow() {
            return overflow;
        }

        public void setOverflow(@Nullable OverflowPolicy overflow) {
            this.overflow = overflow;
        }
    }

    /** The HTTP request log. */
    public static class Http extends Queue {

        /**
         * The optional parts stored. Unset: the ones that Actuator's
         * management.httpexchanges.recording.include asks for, when Actuator is present; none otherwise.
         */
        private @Nullable Set<HttpInclude> include;

        /** The most distinct routes before new ones are stored as one; 1,000 by default. */
        private @Nullable Integer maxRoutes;

        /** Whether the servlet or WebFlux filter records requests. */
        private boolean enabled = true;

        public @Nullable Set<HttpInclude> getInclude() {
            return include;
        }

        public void setInclude(@Nullable Set<HttpInclude> include) {
            this.include = include;
        }

        public @Nullable Integer getMaxRoutes() {
            return maxRoutes;
        }

        public void setMaxRoutes(@Nullable Integer maxRoutes) {
            this.maxRoutes = maxRoutes;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The Micrometer registry, JVM and host metrics, and the health score. */
    public static class Runtime {

        /** Whether the Micrometer registry, JVM and host metrics and the health score run. */
        private boolean enabled = true;

        /** How often the registry stores every meter. */
        private Duration step = Duration.ofSeconds(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getStep() {
            return step;
        }

        public void setStep(Duration step) {
            this.step = step;
        }
    }

    /** The application's heartbeat. */
    public static class Heartbeat {

        /** Whether the application beats. */
        private boolean enabled = true;

        /** The worker id; spring.application.name by default, else "application". */
        private @Nullable String workerId;

        /** How often it beats. */
        private Duration interval = Duration.ofSeconds(15);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public @Nullable String getWorkerId() {
            return workerId;
        }

        public void setWorkerId(@Nullable String workerId) {
            this.workerId = workerId;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }
    }

    /** How long each kind of data is kept; kinds left out are kept for ever. */
    public static class Retention {

        /** The longest age kept, per kind: audit, metrics, events, heartbeats, alerts, http-requests. */
        private final Map<DataKind, Duration> maxAge = new EnumMap<>(DataKind.class);

        /** How often retention runs, when a max age is set. */
        private Duration every = Duration.ofHours(1);

        public Map<DataKind, Duration> getMaxAge() {
            return maxAge;
        }

        public Duration getEvery() {
            return every;
        }

        public void setEvery(Duration every) {
            this.every = every;
        }
    }

    /** What is redacted. */
    public static class Redaction {

        /** Whether anything is redacted. */
        private boolean enabled = true;

        /** Keys whose values are redacted, beside the default ones (password, secret, token...). */
        private List<String> keys = new ArrayList<>();

        /** Whether card numbers are redacted from text. */
        private boolean cardNumbers = true;

        /** Whether e-mail addresses are redacted from text, user ids included. */
        private boolean emailAddresses;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public List<String> getKeys() {
            return keys;
        }

        public void setKeys(List<String> keys) {
            this.keys = keys;
        }

        public boolean isCardNumbers() {
            return cardNumbers;
        }

        public void setCardNumbers(boolean cardNumbers) {
            this.cardNumbers = cardNumbers;
        }

        public boolean isEmailAddresses() {
            return emailAddresses;
        }

        public void setEmailAddresses(boolean emailAddresses) {
            this.emailAddresses = emailAddresses;
        }
    }
}
