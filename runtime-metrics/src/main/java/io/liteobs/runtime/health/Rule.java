package io.liteobs.runtime.health;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A recommendation rule of explain mode: given the resource being explained and the input, advice or nothing.
 * {@link Explainer} runs its rules in order, the built-in ones ({@link Rules}) first, then the user's.
 *
 * <pre>{@code
 * Rule batchWindow = Rule.when(Resource.CPU, "cpu.batch-window",
 *         input -> input.host().cpu().total() > 0.9 && LocalTime.now().getHour() == 2,
 *         input -> "The nightly batch runs now: CPU this busy is expected");
 * Explainer explainer = Explainer.builder().rule(batchWindow).build();
 * }</pre>
 */
@FunctionalInterface
public interface Rule {

    /**
     * The advice for this resource and input, or empty when the rule does not apply. Should not throw: a rule that
     * throws is skipped and logged.
     */
    Optional<Explanation.Recommendation> evaluate(Resource resource, HealthInput input);

    /**
     * A rule that applies to one resource when a condition holds.
     *
     * @param resource  the resource it is about
     * @param id        the rule's id, shown with its advice
     * @param condition when it applies
     * @param advice    the advice, from the input
     */
    static Rule when(Resource resource, String id, Predicate<HealthInput> condition,
                     Function<HealthInput, String> advice) {
        Objects.requireNonNull(resource, "resource");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(advice, "advice");
        return (explained, input) -> explained == resource && condition.test(input)
                ? Optional.of(new Explanation.Recommendation(id, advice.apply(input)))
                : Optional.empty();
    }
}
