package io.liteobs.spi;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Heartbeat;
import io.liteobs.HttpRequest;
import io.liteobs.MetricDescription;
import io.liteobs.MetricPoint;
import io.liteobs.SystemAlert;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything one write transaction stores, as read-only lists, one per kind of entry. Entries are validated,
 * normalised and stamped before they reach a batch, so a store may write them as they are.
 *
 * <p>A batch is a view over a {@link Buffer}: the writer fills one buffer, hands the store its view, and clears it
 * for the next transaction, so a store must not keep a batch or its lists after
 * {@link ObservabilityStore#write(WriteBatch)} returns.
 *
 * <pre>{@code
 * WriteBatch.Buffer buffer = WriteBatch.buffer();
 * buffer.audit().add(entry);
 * buffer.metrics().add(point);
 * store.write(buffer.batch());
 * }</pre>
 */
public final class WriteBatch {

    private final List<AuditEntry> audit;
    private final List<MetricPoint> metrics;
    private final List<MetricDescription> descriptions;
    private final List<BusinessEvent> events;
    private final List<Heartbeat> heartbeats;
    private final List<SystemAlert> alerts;
    private final List<HttpRequest> httpRequests;

    private WriteBatch(Buffer buffer) {
        this.audit = Collections.unmodifiableList(buffer.audit);
        this.metrics = Collections.unmodifiableList(buffer.metrics);
        this.descriptions = Collections.unmodifiableList(buffer.descriptions);
        this.events = Collections.unmodifiableList(buffer.events);
        this.heartbeats = Collections.unmodifiableList(buffer.heartbeats);
        this.alerts = Collections.unmodifiableList(buffer.alerts);
        this.httpRequests = Collections.unmodifiableList(buffer.httpRequests);
    }

    /**
     * An empty buffer to fill.
     *
     * @return an empty buffer to fill
     */
    public static Buffer buffer() {
        return new Buffer();
    }

    /**
     * Audit entries ({@link io.liteobs.DataKind#AUDIT}), each stored once by its id.
     *
     * @return audit entries ({@link io.liteobs.DataKind#AUDIT}), each stored once by its id
     */
    public List<AuditEntry> audit() {
        return audit;
    }

    /**
     * Metric points ({@link io.liteobs.DataKind#METRICS}); a point's series is created with its first point.
     *
     * @return metric points ({@link io.liteobs.DataKind#METRICS})
     */
    public List<MetricPoint> metrics() {
        return metrics;
    }

    /**
     * Metric descriptions, applied to every series of the metric, existing and future.
     *
     * @return metric descriptions, applied to every series of the metric, existing and future
     */
    public List<MetricDescription> descriptions() {
        return descriptions;
    }

    /**
     * Business events ({@link io.liteobs.DataKind#EVENTS}), each stored once by its id.
     *
     * @return business events ({@link io.liteobs.DataKind#EVENTS}), each stored once by its id
     */
    public List<BusinessEvent> events() {
        return events;
    }

    /**
     * Worker heartbeats ({@link io.liteobs.DataKind#HEARTBEATS}).
     *
     * @return worker heartbeats ({@link io.liteobs.DataKind#HEARTBEATS})
     */
    public List<Heartbeat> heartbeats() {
        return heartbeats;
    }

    /**
     * Alerts the library raises about itself ({@link io.liteobs.DataKind#ALERTS}).
     *
     * @return alerts the library raises about itself ({@link io.liteobs.DataKind#ALERTS})
     */
    public List<SystemAlert> alerts() {
        return alerts;
    }

    /**
     * HTTP requests served ({@link io.liteobs.DataKind#HTTP_REQUESTS}), each with its route chosen.
     *
     * @return HTTP requests served ({@link io.liteobs.DataKind#HTTP_REQUESTS}), each with its route chosen
     */
    public List<HttpRequest> httpRequests() {
        return httpRequests;
    }

    /**
     * The number of entries of every kind.
     *
     * @return the number of entries of every kind
     */
    public int size() {
        return audit.size() + metrics.size() + descriptions.size() + events.size() + heartbeats.size()
                + alerts.size() + httpRequests.size();
    }

    /**
     * Whether there is nothing to write.
     *
     * @return whether there is nothing to write
     */
    public boolean isEmpty() {
        return size() == 0;
    }

    /**
     * The mutable lists behind a {@link WriteBatch}: filled, written through {@link #batch()}, cleared and filled
     * again. Not thread-safe.
     */
    public static final class Buffer {

        private final List<AuditEntry> audit = new ArrayList<>();
        private final List<MetricPoint> metrics = new ArrayList<>();
        private final List<MetricDescription> descriptions = new ArrayList<>();
        private final List<BusinessEvent> events = new ArrayList<>();
        private final List<Heartbeat> heartbeats = new ArrayList<>();
        private final List<SystemAlert> alerts = new ArrayList<>();
        private final List<HttpRequest> httpRequests = new ArrayList<>();
        private final WriteBatch view = new WriteBatch(this);

        private Buffer() {
        }

        /**
         * The audit entries to write.
         *
         * @return the audit entries to write
         */
        public List<AuditEntry> audit() {
            return audit;
        }

        /**
         * The metric points to write.
         *
         * @return the metric points to write
         */
        public List<MetricPoint> metrics() {
            return metrics;
        }

        /**
         * The metric descriptions to write.
         *
         * @return the metric descriptions to write
         */
        public List<MetricDescription> descriptions() {
            return descriptions;
        }

        /**
         * The business events to write.
         *
         * @return the business events to write
         */
        public List<BusinessEvent> events() {
            return events;
        }

        /**
         * The heartbeats to write.
         *
         * @return the heartbeats to write
         */
        public List<Heartbeat> heartbeats() {
            return heartbeats;
        }

        /**
         * The system alerts to write.
         *
         * @return the system alerts to write
         */
        public List<SystemAlert> alerts() {
            return alerts;
        }

        /**
         * The HTTP requests to write.
         *
         * @return the HTTP requests to write
         */
        public List<HttpRequest> httpRequests() {
            return httpRequests;
        }

        /**
         * The read-only batch over this buffer: always the same object, showing what the buffer holds now.
         *
         * @return the read-only batch over this buffer
         */
        public WriteBatch batch() {
            return view;
        }

        /**
         * The number of entries of every kind.
         *
         * @return the number of entries of every kind
         */
        public int size() {
            return view.size();
        }

        /** Empties every list, keeping their capacity. */
        public void clear() {
            audit.clear();
            metrics.clear();
            descriptions.clear();
            events.clear();
            heartbeats.clear();
            alerts.clear();
            httpRequests.clear();
        }
    }
}
