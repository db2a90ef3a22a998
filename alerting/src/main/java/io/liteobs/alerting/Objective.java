package io.liteobs.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A service level objective: what share of events must be good ({@link #target()}, 99.9 % unless set) over a
 * rolling window ({@link #window()}, 30 days unless set), as measured by an {@link Indicator}; and the burn-rate
 * alerts that warn when its error budget is spent too fast ({@link #alerts()}, the Google SRE workbook's unless
 * set). {@link ErrorBudget} computes where it stands; {@link #alertRules()} are its alerts, for
 * {@link Alerting.Builder#objective(Objective)}.
 *
 * <p>Immutable: every setting returns a new objective, checked at once; a problem names the objective and the
 * field.
 *
 * <pre>{@code
 * Objective checkout = Objective.named("checkout-availability",
 *                 Indicator.httpAvailability().route("/checkout").method("POST"))
 *         .target(0.999)
 *         .window(Duration.ofDays(30));
 * Objective fast = Objective.named("checkout-latency", Indicator.httpLatency(Duration.ofMillis(300)))
 *         .target(0.99);
 * }</pre>
 */
public final class Objective {

    /** The target unless set: 99.9 % of events good. */
    public static final double DEFAULT_TARGET = 0.999;
    /** The rolling window unless set: 30 days. */
    public static final Duration DEFAULT_WINDOW = Duration.ofDays(30);
    /** The shortest window: a budget spent over less than an hour is a threshold, not an objective. */
    public static final Duration MIN_WINDOW = Duration.ofHours(1);
    /** What an objective id may hold: letters, digits and {@code _ . : -}, 1 to 120 of them. */
    public static final String ID_PATTERN = "[A-Za-z0-9_.:-]{1,120}";
    /** The suffix of the page's rule id: {@code <objective>:page}. */
    public static final String PAGE_SUFFIX = ":page";
    /** The suffix of the ticket's rule id: {@code <objective>:ticket}. */
    public static final String TICKET_SUFFIX = ":ticket";

    private static final Pattern ID = Pattern.compile(ID_PATTERN);

    private final String id;
    private final Indicator indicator;
    private final double target;
    private final Duration window;
    private final @Nullable BurnRateAlerts alerts;

    private Objective(String id, Indicator indicator, double target, Duration window,
            @Nullable BurnRateAlerts alerts) {
        this.id = id;
        this.indicator = indicator;
        this.target = target;
        this.window = window;
        this.alerts = alerts;
    }

    /**
     * An objective of {@value #DEFAULT_TARGET} over 30 days, with the workbook's burn-rate alerts.
     *
     * @param id        names the objective and its alerts, {@value #ID_PATTERN}
     * @param indicator what it measures
     * @return the objective
     * @throws IllegalArgumentException when the id does not match
     */
    public static Objective named(String id, Indicator indicator) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(indicator, "indicator");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("objective '" + id + "', field 'id': must match " + ID_PATTERN);
        }
        return new Objective(id, indicator, DEFAULT_TARGET, DEFAULT_WINDOW, null);
    }

    /**
     * The share of events that must be good.
     *
     * @param share above 0 and below 1: 0.999 for 99.9 %
     * @return the new objective
     * @throws IllegalArgumentException naming the objective and the field
     */
    public Objective target(double share) {
        if (!(share > 0 && share < 1)) {
            throw problem("target", Templates.format(share) + " is not a target: write a share above 0 and below 1,"
                    + " such as 0.999 for 99.9%");
        }
        return new Objective(id, indicator, share, window, alerts);
    }

    /**
     * The rolling window over which the target holds.
     *
     * @param length at least {@link #MIN_WINDOW}, and at least the longest window of alerts set before
     * @return the new objective
     * @throws IllegalArgumentException naming the objective and the field
     */
    public Objective window(Duration length) {
        Objects.requireNonNull(length, "window");
        if (length.compareTo(MIN_WINDOW) < 0) {
            throw problem("window", Durations.format(length) + " is shorter than " + Durations.format(MIN_WINDOW));
        }
        if (alerts != null) {
            checkWithin(alerts, length);
        }
        return new Objective(id, indicator, target, length, alerts);
    }

    /**
     * Its burn-rate alerts, in place of the workbook's for its window.
     *
     * @param burnRateAlerts the conditions, each long window at most the objective's window
     * @return the new objective
     * @throws IllegalArgumentException naming the objective and the field
     */
    public Objective alerts(BurnRateAlerts burnRateAlerts) {
        Objects.requireNonNull(burnRateAlerts, "alerts");
        checkWithin(burnRateAlerts, window);
        return new Objective(id, indicator, target, window, burnRateAlerts);
    }

    private void checkWithin(BurnRateAlerts burnRateAlerts, Duration length) {
        burnRateAlerts.conditions().filter(condition -> condition.longWindow().compareTo(length) > 0).findFirst()
                .ifPresent(condition -> {
                    throw problem("alerts", "the long window " + Durations.format(condition.longWindow())
                            + " is longer than the objective's window " + Durations.format(length));
                });
    }

    private IllegalArgumentException problem(String field, String message) {
        return new IllegalArgumentException("objective '" + id + "', field '" + field + "': " + message);
    }

    /**
     * The objective's id.
     *
     * @return the id
     */
    public String id() {
        return id;
    }

    /**
     * What it measures.
     *
     * @return the indicator
     */
    public Indicator indicator() {
        return indicator;
    }

    /**
     * The share of events that must be good.
     *
     * @return above 0 and below 1
     */
    public double target() {
        return target;
    }

    /**
     * The rolling window.
     *
     * @return at least {@link #MIN_WINDOW}
     */
    public Duration window() {
        return window;
    }

    /**
     * Its burn-rate alerts: those set, or the workbook's for its window.
     *
     * @return the alerts
     */
    public BurnRateAlerts alerts() {
        return alerts != null ? alerts : BurnRateAlerts.workbook(window);
    }

    /**
     * Its alert rules: {@code <id>:page} (critical) when the page has conditions, {@code <id>:ticket} (warning)
     * when the ticket has. Each has one instance, labelled {@code objective}, whose value is the burn rate of the
     * first holding condition's long window, and which holds while that is above 0.
     *
     * @return zero to two rules
     */
    public List<AlertRule> alertRules() {
        BurnRateAlerts effective = alerts();
        List<AlertRule> rules = new ArrayList<>(2);
        if (!effective.pageConditions().isEmpty()) {
            rules.add(rule(PAGE_SUFFIX, effective.pageConditions(), Severity.CRITICAL, effective));
        }
        if (!effective.ticketConditions().isEmpty()) {
            rules.add(rule(TICKET_SUFFIX, effective.ticketConditions(), Severity.WARNING, effective));
        }
        return List.copyOf(rules);
    }

    private AlertRule rule(String suffix, List<BurnRateWindow> conditions, Severity severity,
            BurnRateAlerts effective) {
        return AlertRule.named(id + suffix)
                .source(new BurnRateSource(this, conditions, effective.minEvents()))
                .above(0)
                .severity(severity)
                .every(effective.interval())
                .summary("{{objective}}: error budget burning {{value}}x over {{long_window}} and {{short_window}}"
                        + " (above {{burn_threshold}})");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Objective other && id.equals(other.id) && indicator.equals(other.indicator)
                && target == other.target && window.equals(other.window) && alerts().equals(other.alerts());
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, indicator, target, window, alerts());
    }

    @Override
    public String toString() {
        return "Objective[" + id + ": " + indicator.describe() + ", " + Templates.format(target * 100) + "% over "
                + Durations.format(window) + "]";
    }
}
