package io.liteobs.internal;

import io.liteobs.IdGenerator;
import io.liteobs.RecorderOptions;
import io.liteobs.SystemAlert;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the drops of one queue into {@link SystemAlert}s: the first drop is reported in the writer's next batch,
 * later ones at most once per interval, each alert carrying the number dropped since the previous one, and what is
 * left unreported when the writer stops goes into its last batch. Recording threads only count drops (the queue's
 * counter); the alarm runs on the writer thread, so raising an alert never blocks a caller, and the number of
 * alerts is bounded by the interval.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class DropAlarm {

    private static final Logger LOG = LoggerFactory.getLogger(DropAlarm.class);

    private final RecordQueue<?> queue;
    private final RecorderOptions options;
    private final String source;
    private final long intervalNanos;
    private final CheckedIds ids;
    private final Clock clock;
    /** Writer thread only. */
    private long reported;
    private long lastAlertNanos;
    private boolean alerted;

    /**
     * @param queue    the queue whose drops raise alerts
     * @param options  its capacity and overflow policy, for the message
     * @param source   the alerts' source, such as {@code liteobs.audit}
     * @param interval the shortest time between two alerts
     */
    public DropAlarm(RecordQueue<?> queue, RecorderOptions options, String source, Duration interval, IdGenerator ids,
                     Clock clock) {
        this.queue = queue;
        this.options = options;
        this.source = source;
        this.intervalNanos = interval.toNanos();
        this.ids = new CheckedIds(ids);
        this.clock = clock;
    }

    /**
     * An alert for the drops not yet reported, or null when there are none or the last alert is too recent.
     *
     * @param force whether to report regardless of the interval: the writer is about to stop
     */
    @Nullable SystemAlert poll(long nowNanos, boolean force) {
        long dropped = queue.droppedFull();
        long unreported = dropped - reported;
        if (unreported <= 0 || (alerted && !force && nowNanos - lastAlertNanos < intervalNanos)) {
            return null;
        }
        reported = dropped;
        lastAlertNanos = nowNanos;
        alerted = true;
        long now = clock.millis();
        int capacity = queue.capacity();
        String message = "LiteObs dropped " + unreported + " " + queue.component() + " entries: the queue ("
                + capacity + " entries, " + options.overflowPolicy() + ") was full"
                + (options.overflowPolicy() == io.liteobs.OverflowPolicy.BLOCK
                        ? " for longer than maxWait (" + options.maxWait().toMillis() + " ms)" : "")
                + ". The store is slower than the recording rate or cannot write; " + dropped
                + " dropped since start.";
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("component", queue.component());
        details.put("dropped", unreported);
        details.put("droppedTotal", dropped);
        details.put("queueCapacity", capacity);
        details.put("overflowPolicy", options.overflowPolicy().name());
        details.put("maxWaitMillis", options.maxWait().toMillis());
        LOG.error("{} (raised as a {} system alert)", message, SystemAlert.SEVERITY_CRITICAL);
        return new SystemAlert(ids.nextOrUuidV7(now), now, SystemAlert.SEVERITY_CRITICAL, source, message,
                Json.fromObject(details));
    }

}
