package io.liteobs.spi;

import io.liteobs.AuditEntry;
import io.liteobs.BusinessEvent;
import io.liteobs.Heartbeat;
import io.liteobs.MetricDescription;
import io.liteobs.MetricPoint;
import io.liteobs.SystemAlert;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything one write transaction stores. Entries are validated, normalised and stamped before they reach a
 * batch, so a store may write them as they are. The writer reuses a batch: a store must not keep references to
 * its lists after {@link ObservabilityStore#write(WriteBatch)} returns.
 */
public final class WriteBatch {

    private final List<AuditEntry> audit = new ArrayList<>();
    private final List<MetricPoint> metrics = new ArrayList<>();
    private final List<MetricDescription> descriptions = new ArrayList<>();
    private final List<BusinessEvent> events = new ArrayList<>();
    private final List<Heartbeat> heartbeats = new ArrayList<>();
    private final List<SystemAlert> alerts = new ArrayList<>();

    /** Audit entries, to {@code audit_log}. */
    public List<AuditEntry> audit() {
        return audit;
    }

    /** Metric points, to {@code metrics_timeseries}; each series is kept current in {@code metrics_metadata}. */
    public List<MetricPoint> metrics() {
        return metrics;
    }

    /** Metric descriptions, applied to every series of the metric, existing and future. */
    public List<MetricDescription> descriptions() {
        return descriptions;
    }

    /** Business events, to {@code business_event_logs}. */
    public List<BusinessEvent> events() {
        return events;
    }

    /** Heartbeats, to {@code worker_heartbeats}. */
    public List<Heartbeat> heartbeats() {
        return heartbeats;
    }

    /** Alerts the library raises about itself, to {@code system_alerts}. */
    public List<SystemAlert> alerts() {
        return alerts;
    }

    /** The number of entries of every kind. */
    public int size() {
        return audit.size() + metrics.size() + descriptions.size() + events.size() + heartbeats.size()
                + alerts.size();
    }

    /** Whether there is nothing to write. */
    public boolean isEmpty() {
        return size() == 0;
    }

    /** Empties every list, keeping their capacity. */
    public void clear() {
        audit.clear();
        metrics.clear();
        descriptions.clear();
        events.clear();
        heartbeats.clear();
        alerts.clear();
    }
}
