package io.liteobs.alerting;

import io.liteobs.RecorderStats;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recorders' counters as this process saw them at each evaluation round, kept for the longest window a rule
 * asks for, so that a rule can ask how much a counter grew over a window. Counters count from the {@code LiteObs}'s
 * start: before the first sample they were 0. Guarded by the caller (one round at a time).
 */
final class RecorderHistory {

    private record Sample(long atMillis, Map<String, RecorderStats> stats) {
    }

    private final Deque<Sample> samples = new ArrayDeque<>();
    private final long keepMillis;

    RecorderHistory(Duration keep) {
        this.keepMillis = keep.toMillis();
    }

    void record(long nowMillis, List<RecorderStats> stats) {
        Map<String, RecorderStats> byComponent = new HashMap<>();
        stats.forEach(stat -> byComponent.put(stat.component(), stat));
        samples.addLast(new Sample(nowMillis, byComponent));
        // keep one sample at or before the longest window's start, which the increase is measured from
        while (samples.size() > 2 && nowMillis - secondOldest().atMillis() >= keepMillis) {
            samples.removeFirst();
        }
    }

    private Sample secondOldest() {
        var iterator = samples.iterator();
        iterator.next();
        return iterator.next();
    }

    /** By component, the counter's latest value less its value at the window's start (0 before any sample). */
    Map<String, Long> increase(EvaluationContext.RecorderCounter counter, Duration window, long nowMillis) {
        Map<String, Long> increases = new TreeMap<>();
        Sample latest = samples.peekLast();
        if (latest == null) {
            return increases;
        }
        Sample base = null;
        for (Sample sample : samples) {
            if (sample.atMillis() <= nowMillis - window.toMillis()) {
                base = sample;
            }
        }
        for (Map.Entry<String, RecorderStats> current : latest.stats().entrySet()) {
            RecorderStats before = base == null ? null : base.stats().get(current.getKey());
            increases.put(current.getKey(), value(current.getValue(), counter)
                    - (before == null ? 0 : value(before, counter)));
        }
        return increases;
    }

    private static long value(RecorderStats stats, EvaluationContext.RecorderCounter counter) {
        return switch (counter) {
            case DROPPED -> stats.dropped();
            case FAILED -> stats.failed();
        };
    }
}
