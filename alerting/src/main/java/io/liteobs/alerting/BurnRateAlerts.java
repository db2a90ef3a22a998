package io.liteobs.alerting;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The burn-rate alerts of an objective: a page (critical) and a ticket (warning), each firing when any one of its
 * {@link BurnRateWindow}s holds, and a minimum number of events in a condition's long window below which it cannot
 * hold, so that a quiet night with two failures pages nobody.
 *
 * <p>{@link #workbook(Duration)} gives the Google SRE workbook's conditions: for a 30-day objective, page when the
 * 1 h and 5 m burn rates exceed 14.4 or the 6 h and 30 m ones exceed 6; ticket when the 1 d and 2 h ones exceed 3 or
 * the 3 d and 6 h ones exceed 1. Immutable: every setting returns new alerts.
 *
 * <pre>{@code
 * BurnRateAlerts alerts = BurnRateAlerts.workbook(Duration.ofDays(30)).minEvents(500);
 * BurnRateAlerts custom = BurnRateAlerts.none()
 *         .page(new BurnRateWindow(Duration.ofHours(1), Duration.ofMinutes(5), 10));
 * }</pre>
 */
public final class BurnRateAlerts {

    /** The fewest events in a condition's long window for it to hold unless set. */
    public static final long DEFAULT_MIN_EVENTS = 100;
    /** How often the alerts are evaluated unless set: every minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    private final List<BurnRateWindow> page;
    private final List<BurnRateWindow> ticket;
    private final long minEvents;
    private final Duration interval;

    private BurnRateAlerts(List<BurnRateWindow> page, List<BurnRateWindow> ticket, long minEvents,
            Duration interval) {
        this.page = List.copyOf(page);
        this.ticket = List.copyOf(ticket);
        this.minEvents = minEvents;
        this.interval = interval;
    }

    /**
     * The Google SRE workbook's conditions, scaled to an objective's window as the workbook derives them: each
     * condition spends a share of the budget in its long window (page: 2 % in 1 h, 5 % in 6 h; ticket: 10 % in
     * 1 d, 10 % in 3 d), and its burn rate is that share × the objective's window / the long window. A condition
     * whose long window is longer than the objective's window is left out.
     *
     * @param objectiveWindow the objective's window
     * @return the conditions, with {@link #DEFAULT_MIN_EVENTS} and {@link #DEFAULT_INTERVAL}
     */
    public static BurnRateAlerts workbook(Duration objectiveWindow) {
        Objects.requireNonNull(objectiveWindow, "objectiveWindow");
        List<BurnRateWindow> page = new ArrayList<>();
        List<BurnRateWindow> ticket = new ArrayList<>();
        addWithin(page, 0.02, Duration.ofHours(1), Duration.ofMinutes(5), objectiveWindow);
        addWithin(page, 0.05, Duration.ofHours(6), Duration.ofMinutes(30), objectiveWindow);
        addWithin(ticket, 0.10, Duration.ofDays(1), Duration.ofHours(2), objectiveWindow);
        addWithin(ticket, 0.10, Duration.ofDays(3), Duration.ofHours(6), objectiveWindow);
        return new BurnRateAlerts(page, ticket, DEFAULT_MIN_EVENTS, DEFAULT_INTERVAL);
    }

    private static void addWithin(List<BurnRateWindow> conditions, double budgetSpent, Duration longWindow,
            Duration shortWindow, Duration objectiveWindow) {
        if (longWindow.compareTo(objectiveWindow) <= 0) {
            conditions.add(BurnRateWindow.spending(budgetSpent, longWindow, shortWindow, objectiveWindow));
        }
    }

    /**
     * No burn-rate alert: the objective is reported, never alerted on. Add conditions with {@link #page} and
     * {@link #ticket}.
     *
     * @return alerts without a condition
     */
    public static BurnRateAlerts none() {
        return new BurnRateAlerts(List.of(), List.of(), DEFAULT_MIN_EVENTS, DEFAULT_INTERVAL);
    }

    /**
     * The page's conditions, replacing those before.
     *
     * @param conditions the conditions, any one of which pages; none for no page
     * @return the new alerts
     */
    public BurnRateAlerts page(BurnRateWindow... conditions) {
        return new BurnRateAlerts(List.of(conditions), ticket, minEvents, interval);
    }

    /**
     * The ticket's conditions, replacing those before.
     *
     * @param conditions the conditions, any one of which opens a ticket; none for no ticket
     * @return the new alerts
     */
    public BurnRateAlerts ticket(BurnRateWindow... conditions) {
        return new BurnRateAlerts(page, List.of(conditions), minEvents, interval);
    }

    /**
     * A condition holds only with at least this many events in its long window; {@value #DEFAULT_MIN_EVENTS}
     * unless set.
     *
     * @param events 1 or more
     * @return the new alerts
     */
    public BurnRateAlerts minEvents(long events) {
        if (events < 1) {
            throw new IllegalArgumentException("minEvents must be 1 or more, got " + events);
        }
        return new BurnRateAlerts(page, ticket, events, interval);
    }

    /**
     * Evaluates the alerts this often; {@link #DEFAULT_INTERVAL} unless set.
     *
     * @param every at least a second
     * @return the new alerts
     */
    public BurnRateAlerts every(Duration every) {
        Objects.requireNonNull(every, "interval");
        if (every.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("interval must be at least 1s, got " + every);
        }
        return new BurnRateAlerts(page, ticket, minEvents, every);
    }

    /**
     * The page's conditions.
     *
     * @return the conditions, any one of which pages
     */
    public List<BurnRateWindow> pageConditions() {
        return page;
    }

    /**
     * The ticket's conditions.
     *
     * @return the conditions, any one of which opens a ticket
     */
    public List<BurnRateWindow> ticketConditions() {
        return ticket;
    }

    /**
     * The fewest events in a condition's long window for it to hold.
     *
     * @return 1 or more
     */
    public long minEvents() {
        return minEvents;
    }

    /**
     * How often the alerts are evaluated.
     *
     * @return at least a second
     */
    public Duration interval() {
        return interval;
    }

    /** Every condition, the page's first. */
    Stream<BurnRateWindow> conditions() {
        return Stream.concat(page.stream(), ticket.stream());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BurnRateAlerts other && page.equals(other.page) && ticket.equals(other.ticket)
                && minEvents == other.minEvents && interval.equals(other.interval);
    }

    @Override
    public int hashCode() {
        return Objects.hash(page, ticket, minEvents, interval);
    }

    @Override
    public String toString() {
        return "BurnRateAlerts[page " + page.stream().map(BurnRateWindow::describe).toList() + ", ticket "
                + ticket.stream().map(BurnRateWindow::describe).toList() + ", min events " + minEvents + "]";
    }
}
