package io.liteobs.alerting;

import io.liteobs.Labels;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The burn-rate conditions of one of an objective's alerts (its page or its ticket), evaluated together: one
 * observation labelled {@code objective}, valued by the long window's burn rate of the first condition that holds,
 * or 0 when none does. A condition holds when both its windows burn faster than its rate, and its long window holds
 * at least the minimum of events. Each window is counted once per evaluation, however many conditions share it.
 * The facts give every window's burn rate ({@code burn_1h}) and events ({@code events_1h}), and the condition
 * reported ({@code long_window}, {@code short_window}, {@code burn_threshold}).
 */
final class BurnRateSource implements AlertSource {

    private final Objective objective;
    private final List<BurnRateWindow> conditions;
    private final long minEvents;

    BurnRateSource(Objective objective, List<BurnRateWindow> conditions, long minEvents) {
        this.objective = objective;
        this.conditions = List.copyOf(conditions);
        this.minEvents = minEvents;
    }

    @Override
    public String name() {
        return "slo";
    }

    @Override
    public String describe() {
        return "burn rate of " + objective.id() + " (" + objective.indicator().describe() + "; "
                + Templates.format(objective.target() * 100) + "% over " + Durations.format(objective.window())
                + ") " + conditions.stream().map(BurnRateWindow::describe).collect(Collectors.joining(" or "))
                + ", with " + minEvents + " events or more";
    }

    @Override
    public List<Observation> observe(EvaluationContext context) {
        Map<Duration, EventCounts> counted = new HashMap<>();
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("objective", objective.id());
        BurnRateWindow holding = holding(conditions, minEvents, objective.target(),
                window -> counts(context, window, counted, facts));
        BurnRateWindow reported = holding != null ? holding : conditions.get(0);
        EventCounts longCounts = Objects.requireNonNull(counted.get(reported.longWindow()));
        facts.put("long_window", Durations.format(reported.longWindow()));
        facts.put("short_window", Durations.format(reported.shortWindow()));
        facts.put("burn_threshold", Templates.format(reported.burnRate()));
        facts.put("min_events", Long.toString(minEvents));
        double value = holding != null ? ErrorBudget.burnRate(longCounts, objective.target()) : 0;
        return List.of(new Observation(Labels.of("objective", objective.id()), value, longCounts.total(), facts));
    }

    /**
     * The first condition that holds: both its windows burn faster than its rate, and its long window holds at
     * least {@code minEvents}; null when none does. Every condition's windows are counted, for the facts.
     */
    static @Nullable BurnRateWindow holding(List<BurnRateWindow> conditions, long minEvents, double target,
            Function<Duration, EventCounts> counts) {
        BurnRateWindow holding = null;
        for (BurnRateWindow condition : conditions) {
            EventCounts longCounts = counts.apply(condition.longWindow());
            EventCounts shortCounts = counts.apply(condition.shortWindow());
            if (holding == null && longCounts.total() >= minEvents
                    && ErrorBudget.burnRate(longCounts, target) > condition.burnRate()
                    && ErrorBudget.burnRate(shortCounts, target) > condition.burnRate()) {
                holding = condition;
            }
        }
        return holding;
    }

    private EventCounts counts(EvaluationContext context, Duration window, Map<Duration, EventCounts> counted,
            Map<String, String> facts) {
        EventCounts counts = counted.get(window);
        if (counts == null) {
            counts = context.countEvents(objective, window);
            counted.put(window, counts);
            String name = Durations.format(window);
            facts.put("burn_" + name, Templates.format(ErrorBudget.burnRate(counts, objective.target())));
            facts.put("events_" + name, Long.toString(counts.total()));
        }
        return counts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BurnRateSource other && objective.equals(other.objective)
                && conditions.equals(other.conditions) && minEvents == other.minEvents;
    }

    @Override
    public int hashCode() {
        return Objects.hash(objective, conditions, minEvents);
    }

    @Override
    public String toString() {
        return describe();
    }
}
