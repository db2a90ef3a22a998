package io.liteobs.runtime.health;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An advisor of explain mode: given the resource being explained and the input, a recommendation or nothing.
 * {@link Explainer} asks its advisors in order, the built-in ones ({@link Advisors}) first, then the user's. (Not an
 * alert rule: an advisor runs only when a resource is explained, and its advice goes into that explanation.)
 *
 * <pre>{@code
 * Advisor batchWindow = Advisor.when(Resource.CPU, "cpu.batch-window",
 *         input -> input.hostHasInterval() && input.host().requireCpu().total() > 0.9
 *                 && LocalTime.now().getHour() == 2,
 *         input -> "The nightly batch runs now: CPU this busy is expected");
 * Explainer explainer = Explainer.builder().advisor(batchWindow).build();
 * }</pre>
 */
@FunctionalInterface
public interface Advisor {

    /**
     * The advice for this resource and input, or empty when the advisor has none. Should not throw: an advisor
     * that throws is skipped and logged.
     *
     * @param resource the resource it is about
     * @param input the figures to judge
     * @return the advice for this resource and input, or empty when the advisor has none
     */
    Optional<Explanation.Recommendation> advise(Resource resource, HealthInput input);

    /**
     * An advisor that applies to one resource when a condition holds.
     *
     * @param resource  the resource it is about
     * @param id        the advisor's id, shown with its advice
     * @param condition when it applies
     * @param advice    the advice, from the input
     * @return an advisor that applies to one resource when a condition holds
     */
    static Advisor when(Resource resource, String id, Predicate<HealthInput> condition,
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
