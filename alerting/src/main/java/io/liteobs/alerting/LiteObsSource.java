package io.liteobs.alerting;

import io.liteobs.Labels;
import io.liteobs.StoreStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The library's own state: how much a recorder counter grew over the window (one observation per recorder, label
 * {@code component}), or whether the store cannot write (one observation, 1 when degraded, with the fact
 * {@code reason}).
 */
final class LiteObsSource implements AlertSource {

    /** A counter, or null for the store's status. */
    private final EvaluationContext.@Nullable RecorderCounter counter;
    private final Duration window;

    private LiteObsSource(EvaluationContext.@Nullable RecorderCounter counter, Duration window) {
        this.counter = counter;
        this.window = window;
    }

    static LiteObsSource counter(EvaluationContext.RecorderCounter counter, Duration window) {
        return new LiteObsSource(counter, window);
    }

    static LiteObsSource storeStatus() {
        return new LiteObsSource(null, Duration.ZERO);
    }

    Duration window() {
        return window;
    }

    @Override
    public String name() {
        return "liteobs";
    }

    @Override
    public String describe() {
        return counter == null ? "whether LiteObs's store is degraded"
                : "entries " + counter.name().toLowerCase(Locale.ROOT) + " by LiteObs recorders over "
                        + Durations.format(window);
    }

    @Override
    public List<Observation> observe(EvaluationContext context) {
        if (counter == null) {
            StoreStatus status = context.storeStatus();
            boolean degraded = status.state() == StoreStatus.State.DEGRADED;
            String reason = status.reason();
            return List.of(new Observation(Labels.empty(), degraded ? 1 : 0, 1,
                    Map.of("reason", reason == null ? "none" : reason)));
        }
        List<Observation> observations = new ArrayList<>();
        context.counterIncrease(counter, window).forEach((component, increase) ->
                observations.add(new Observation(Labels.of("component", component), increase, 1)));
        return observations;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LiteObsSource other && counter == other.counter && window.equals(other.window);
    }

    @Override
    public int hashCode() {
        return Objects.hash(counter, window);
    }

    @Override
    public String toString() {
        return describe();
    }
}
