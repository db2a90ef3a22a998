package io.liteobs.benchmarks;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.WindowAggregate;
import io.liteobs.WindowQuery;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.ObservabilityStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Wraps a store and adds up the time spent in each store call an alert evaluation round makes, so that a harness
 * can say where a round goes: its queries, the state it loads, the lease, the commit.
 */
final class ProfiledStore extends ForwardingStore {

    private final Map<String, LongAdder> nanosByCall = new ConcurrentHashMap<>();

    ProfiledStore(ObservabilityStore store) {
        super(store);
    }

    /** The time spent in each call since the last one, in milliseconds, and starts over. */
    Map<String, Double> takeMillis() {
        Map<String, Double> millis = new TreeMap<>();
        nanosByCall.forEach((call, nanos) -> millis.put(call, nanos.sumThenReset() / 1e6));
        return millis;
    }

    private <T> T timed(String call, Supplier<T> body) {
        long started = System.nanoTime();
        try {
            return body.get();
        } finally {
            nanosByCall.computeIfAbsent(call, c -> new LongAdder()).add(System.nanoTime() - started);
        }
    }

    @Override
    public List<WindowAggregate> aggregateWindow(WindowQuery query) {
        return timed("aggregateWindow", () -> super.aggregateWindow(query));
    }

    @Override
    public List<AlertRecord> findAlerts(AlertQuery query) {
        return timed("findAlerts", () -> super.findAlerts(query));
    }

    @Override
    public boolean tryLease(AlertEvaluation.Lease lease, long nowMillis, Duration duration) {
        return timed("tryLease", () -> super.tryLease(lease, nowMillis, duration));
    }

    @Override
    public AlertRuleState loadAlertState(String ruleId) {
        return timed("loadAlertState", () -> super.loadAlertState(ruleId));
    }

    @Override
    public boolean commitAlertEvaluations(List<AlertEvaluation> evaluations) {
        return timed("commitAlertEvaluations", () -> super.commitAlertEvaluations(evaluations));
    }
}
