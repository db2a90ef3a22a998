package io.liteobs.alerting;

import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.IdGenerator;
import io.liteobs.LiteObs;
import io.liteobs.LiteObsClock;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.Page;
import io.liteobs.StoreStatus;
import io.liteobs.common.internal.PeriodicTasks;
import io.liteobs.common.internal.ThrottledLogger;
import io.liteobs.spi.AlertEvaluation;
import io.liteobs.spi.AlertInstanceState;
import io.liteobs.spi.AlertRuleState;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.StoreReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates alert rules over the store of a {@link LiteObs}, on its scheduler and by its clock, keeps their state
 * in the store, and sends notifications to webhooks.
 *
 * <pre>{@code
 * try (LiteObs obs = LiteObs.builder(SqliteStore.open(Path.of("service-obs.db"))).build();
 *      Alerting alerting = Alerting.builder(obs)
 *              .defaultRules()
 *              .rule(AlertRule.named("orders-slow").metric("orders.latency").avg(Duration.ofMinutes(5)).above(250))
 *              .webhook(Webhook.to(URI.create("https://hooks.example.com/liteobs")).build())
 *              .build()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Every {@link #DEFAULT_TICK} a round evaluates the rules whose interval has passed since their latest committed
 * evaluation, and commits all of their state and alerts in one transaction; notifications of the alerts that fired
 * or resolved are handed to delivery once that transaction is committed, so a restart neither fires again nor
 * notifies twice. Processes sharing one store elect one evaluator through a lease in the store: the others stand by
 * and take over once the holder stops renewing it (within {@link #DEFAULT_LEASE}).
 *
 * <p>Close it before the {@code LiteObs} (try-with-resources does, in reverse order): it stops the rounds, gives up
 * the lease and stops delivery, waiting at most {@link Webhook#DEFAULT_REQUEST_TIMEOUT} for an attempt under way.
 */
public final class Alerting implements AutoCloseable {

    /** How often a round looks for due rules unless set. */
    public static final Duration DEFAULT_TICK = Duration.ofSeconds(1);
    /** How long the evaluation lease runs unless renewed; a standby process takes over at most this long after. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(30);
    /** The name of the lease in the store. */
    public static final String LEASE_NAME = "alerting";

    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    private final LiteObs obs;
    private final ObservabilityStore store;
    private final LiteObsClock clock;
    private final List<AlertRule> rules;
    private final List<Objective> objectives;
    private final AlertEvaluation.Lease lease;
    private final Duration leaseDuration;
    private final IdGenerator ids = IdGenerator.uuidV7();
    private final @Nullable WebhookDelivery delivery;
    private final PeriodicTasks tasks;
    private final RecorderHistory history;
    private final ThrottledLogger failures = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private final ReentrantLock round = new ReentrantLock();
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The rules' state while this process holds the lease, by rule id; guarded by {@link #round}. */
    private final Map<String, AlertRuleState> states = new HashMap<>();
    /**
     * The open alerts of the rules with a firing instance, by rule id, then alert id: read from the store once,
     * then kept as each commit leaves them, so that a round of firing rules reads no alert. Guarded by
     * {@link #round}, and forgotten with {@link #states}.
     */
    private final Map<String, Map<String, AlertRecord>> openAlertsByRule = new HashMap<>();
    /**
     * The counts of each objective's burn-rate windows, kept for the rounds to come so that a round reads only what
     * is new; guarded by {@link #round}.
     */
    private final Map<Objective, ObjectiveCounter> counters = new HashMap<>();
    /** The counters of {@link #objectiveStatus()}, made at its first call: they span the objectives' windows. */
    private final Map<Objective, ObjectiveCounter> statusCounters = new ConcurrentHashMap<>();
    /** Guarded by {@link #round}: whether this process held the lease at the end of the latest round. */
    private boolean holding;
    /** Guarded by {@link #round}: when the lease must be renewed, or tried again, epoch milliseconds. */
    private long nextLeaseAttemptMillis = Long.MIN_VALUE;

    private Alerting(Builder builder) {
        this.obs = builder.obs;
        this.store = obs.store();
        this.clock = obs.clock();
        this.rules = List.copyOf(builder.rules.values());
        this.objectives = List.copyOf(builder.objectives.values());
        this.lease = new AlertEvaluation.Lease(LEASE_NAME, builder.holder);
        this.leaseDuration = builder.leaseDuration;
        Duration longestWindow = rules.stream().map(Alerting::counterWindow).max(Duration::compareTo)
                .orElse(Duration.ZERO);
        this.history = new RecorderHistory(longestWindow);
        this.delivery = builder.webhooks.isEmpty() ? null
                : new WebhookDelivery(builder.webhooks, store, clock, builder.queueCapacity, store.name());
        this.tasks = PeriodicTasks.on(obs.scheduler(), "liteobs-alerting-" + store.name());
        if (builder.scheduled) {
            try {
                tasks.atFixedRate("alert rule evaluation", builder.tick, builder.tick, this::evaluateOnSchedule);
            } catch (RuntimeException e) {
                if (delivery != null) {
                    delivery.close();
                }
                throw e;
            }
        }
    }

    private static Duration counterWindow(AlertRule rule) {
        return rule.source() instanceof LiteObsSource source ? source.window() : Duration.ZERO;
    }

    /**
     * A builder over {@code obs}: its store, clock and scheduler.
     *
     * @param obs never null
     * @return a builder over {@code obs}
     */
    public static Builder builder(LiteObs obs) {
        return new Builder(obs);
    }

    /**
     * The rules, in the order they were added.
     *
     * @return the rules, in the order they were added
     */
    public List<AlertRule> rules() {
        return rules;
    }

    /**
     * The service level objectives whose burn-rate rules it evaluates, in the order they were added.
     *
     * @return the objectives
     */
    public List<Objective> objectives() {
        return objectives;
    }

    /**
     * Where each objective stands now, by the {@code LiteObs} clock ({@link ErrorBudget#status}), from an
     * {@link ObjectiveCounter} kept per objective: the first call reads each objective's window once, later ones
     * what is new.
     *
     * @return one status per objective, in the order they were added
     */
    public List<ObjectiveStatus> objectiveStatus() {
        long now = clock.millis();
        return objectives.stream().map(objective -> ErrorBudget.status(statusCounters.computeIfAbsent(objective,
                o -> ObjectiveCounter.of(o, store)), now)).toList();
    }

    /**
     * The alerts not resolved yet, of every rule and of the library itself, newest first.
     *
     * @return the alerts not resolved yet, of every rule and of the library itself, newest first
     */
    public List<AlertRecord> openAlerts() {
        return store.findAlerts(AlertQuery.builder().openOnly().limit(Page.MAX_LIMIT).build());
    }

    /**
     * Alerts by the query, newest first: the history by severity, rule, source and time.
     *
     * @param query which alerts: range, severity, rule, source and page
     * @return alerts by the query, newest first
     */
    public List<AlertRecord> history(AlertQuery query) {
        return store.findAlerts(query);
    }

    /**
     * Every attempt at delivering a notification, by the query, newest first.
     *
     * @param query which attempts: range, notification, rule and page
     * @return every attempt at delivering a notification, by the query, newest first
     */
    public List<NotificationAttempt> notificationAttempts(NotificationQuery query) {
        return store.findNotificationAttempts(query);
    }

    /**
     * What delivery has done so far: zero everywhere without webhooks.
     *
     * @return what delivery has done so far
     */
    public DeliveryStats deliveryStats() {
        return delivery == null ? DeliveryStats.NONE : delivery.stats();
    }

    private void evaluateOnSchedule() {
        if (round.tryLock()) {
            try {
                runRound();
            } finally {
                round.unlock();
            }
        }
    }

    /**
     * Runs one round now, on the calling thread: takes or renews the lease, then evaluates the rules that are due
     * and commits them. A round of the schedule running meanwhile is waited for. Failures of the store or of a
     * source are logged (throttled), never thrown: a rule that failed is evaluated again at the next round.
     *
     * @return what the round did: whether this process held the lease, and the rules evaluated, fired and resolved
     */
    public EvaluationRound evaluateNow() {
        round.lock();
        try {
            return runRound();
        } finally {
            round.unlock();
        }
    }

    private EvaluationRound runRound() {
        if (closed.get()) {
            return EvaluationRound.STANDBY;
        }
        long now = clock.millis();
        history.record(now, obs.stats());
        try {
            if (!holdLease(now)) {
                return EvaluationRound.STANDBY;
            }
            return evaluateDue(now);
        } catch (RuntimeException e) {
            // the store may have changed under a failed commit: read the state again at the next round
            forgetState();
            holding = false;
            nextLeaseAttemptMillis = Long.MIN_VALUE;
            failures.warn("LiteObs alerting over {}: an evaluation round failed, the next one tries again: {}",
                    store.name(), e.toString());
            return EvaluationRound.STANDBY;
        }
    }

    /** Renews the lease when half of it has run, or tries to take it; reloads state on taking it. */
    private boolean holdLease(long now) {
        if (holding && now < nextLeaseAttemptMillis) {
            return true;
        }
        if (!holding && now < nextLeaseAttemptMillis) {
            return false;
        }
        boolean held = store.tryLease(lease, now, leaseDuration);
        if (held && !holding) {
            forgetState();
            LOG.info("LiteObs alerting over {}: {} evaluates the {} alert rules", store.name(), lease.holder(),
                    rules.size());
            resendUnfinished(now);
        }
        holding = held;
        // the holder renews at half the lease; a standby process looks again a quarter of a lease later
        nextLeaseAttemptMillis = now + (held ? leaseDuration.toMillis() / 2 : leaseDuration.toMillis() / 4);
        return held;
    }

    private EvaluationRound evaluateDue(long now) {
        List<RuleEvaluation.Outcome> outcomes = new ArrayList<>();
        Map<String, AlertRule> evaluatedRules = new LinkedHashMap<>();
        EvaluationContext context = new Context(now);
        for (AlertRule rule : rules) {
            AlertRuleState state = states.computeIfAbsent(rule.id(), store::loadAlertState);
            Long last = state.lastEvaluatedMillis();
            if (last != null && now - last < rule.interval().toMillis() && now >= last) {
                continue;
            }
            RuleEvaluation.Outcome outcome;
            try {
                List<Observation> observations = rule.source().observe(context);
                outcome = RuleEvaluation.evaluate(rule, state, openAlerts(rule, state), observations, now, lease,
                        ids);
            } catch (RuntimeException e) {
                failures.warn("LiteObs alerting over {}: rule {} could not be evaluated, it is tried again at the next"
                        + " round: {}", store.name(), rule.id(), e.toString());
                continue;
            }
            if (outcome.instancesLeftOut() > 0) {
                failures.warn("LiteObs alerting over {}: rule {} observed {} label sets more than its maxInstances ({});"
                        + " they were left out. Narrow its matcher or raise maxInstances.", store.name(), rule.id(),
                        outcome.instancesLeftOut(), rule.maxInstances());
            }
            outcomes.add(outcome);
            evaluatedRules.put(rule.id(), rule);
        }
        if (outcomes.isEmpty()) {
            return new EvaluationRound(true, 0, 0, 0);
        }
        // each transition's notification is stored as queued with the alerts, then handed to delivery
        List<Notification> notifications = new ArrayList<>();
        List<AlertEvaluation> evaluations = new ArrayList<>(outcomes.size());
        for (RuleEvaluation.Outcome outcome : outcomes) {
            AlertRule rule = Objects.requireNonNull(evaluatedRules.get(outcome.evaluation().ruleId()));
            List<Notification> ofRule = new ArrayList<>(2);
            notification(rule, Notification.FIRING, outcome.fired(), now).ifPresent(ofRule::add);
            notification(rule, Notification.RESOLVED, outcome.resolved(), now).ifPresent(ofRule::add);
            notifications.addAll(ofRule);
            evaluations.add(withQueued(outcome.evaluation(), ofRule, now));
        }
        if (!store.commitAlertEvaluations(evaluations)) {
            LOG.info("LiteObs alerting over {}: {} lost the evaluation lease; another process evaluates now",
                    store.name(), lease.holder());
            forgetState();
            holding = false;
            nextLeaseAttemptMillis = now + leaseDuration.toMillis() / 4;
            return EvaluationRound.STANDBY;
        }
        int fired = 0;
        int resolved = 0;
        for (RuleEvaluation.Outcome outcome : outcomes) {
            AlertRule rule = Objects.requireNonNull(evaluatedRules.get(outcome.evaluation().ruleId()));
            states.put(rule.id(), afterCommit(states.get(rule.id()), outcome.evaluation()));
            keepOpenAlerts(rule.id(), outcome.evaluation().alerts());
            fired += outcome.fired().size();
            resolved += outcome.resolved().size();
        }
        if (delivery != null) {
            notifications.forEach(delivery::offer);
        }
        return new EvaluationRound(true, outcomes.size(), fired, resolved);
    }

    /** The notification of alerts that fired, or resolved, together; none without alerts or webhooks. */
    private Optional<Notification> notification(AlertRule rule, String status, List<AlertRecord> alerts, long now) {
        return delivery == null || alerts.isEmpty() ? Optional.empty()
                : Optional.of(new Notification(ids.nextId(now), rule, status, alerts));
    }

    /** The evaluation with a {@code QUEUED} attempt for each of its notifications and each webhook. */
    private AlertEvaluation withQueued(AlertEvaluation evaluation, List<Notification> notifications, long now) {
        if (delivery == null || notifications.isEmpty()) {
            return evaluation;
        }
        List<NotificationAttempt> queued = new ArrayList<>();
        notifications.forEach(notification -> queued.addAll(delivery.queuedAttempts(notification, now)));
        return new AlertEvaluation(evaluation.ruleId(), evaluation.evaluatedAtMillis(), evaluation.lease(),
                evaluation.states(), evaluation.removedFingerprints(), evaluation.alerts(), queued);
    }

    /**
     * Hands to delivery again what the store says was queued, or being retried, when the process that evaluated
     * last stopped: the latest attempt at each notification and destination among the newest
     * {@value Page#MAX_LIMIT} attempts, when it is not final. Same notification id, so that receivers can dedupe;
     * delivery skips what it holds itself. A notification of a rule no longer configured, or whose alerts are gone,
     * is kept as {@code DROPPED}.
     */
    private void resendUnfinished(long now) {
        if (delivery == null) {
            return;
        }
        Map<String, NotificationAttempt> latest = new LinkedHashMap<>();
        store.findNotificationAttempts(NotificationQuery.builder().limit(Page.MAX_LIMIT).build())
                .forEach(attempt -> latest.putIfAbsent(attempt.notificationId() + " " + attempt.destination(),
                        attempt));
        Map<String, AlertRule> byId = new HashMap<>();
        rules.forEach(rule -> byId.put(rule.id(), rule));
        for (NotificationAttempt unfinished : latest.values()) {
            if (unfinished.isFinal()) {
                continue;
            }
            AlertRule rule = byId.get(unfinished.ruleId());
            List<AlertRecord> alerts = rule == null ? List.of() : alertsById(rule, unfinished.alertIds());
            if (rule == null || alerts.isEmpty()) {
                store.recordNotificationAttempts(List.of(new NotificationAttempt(unfinished.notificationId(),
                        unfinished.ruleId(), unfinished.alertIds(), unfinished.status(), unfinished.destination(), 0,
                        now, NotificationAttempt.Outcome.DROPPED, 0, rule == null ? "its rule is no longer configured"
                        : "its alerts are no longer stored", false)));
                continue;
            }
            delivery.resend(new Notification(unfinished.notificationId(), rule, unfinished.status(), alerts),
                    unfinished.destination());
        }
    }

    /** The rule's stored alerts of these ids, in that order. */
    private List<AlertRecord> alertsById(AlertRule rule, List<String> alertIds) {
        Map<String, AlertRecord> stored = new HashMap<>();
        store.findAlerts(AlertQuery.builder().ruleId(rule.id()).limit(Page.MAX_LIMIT).build())
                .forEach(alert -> stored.put(alert.id(), alert));
        return alertIds.stream().map(stored::get).filter(Objects::nonNull).toList();
    }

    /** Forgets what was read from the store: it is read again when next needed. */
    private void forgetState() {
        states.clear();
        openAlertsByRule.clear();
    }

    /**
     * The rule's open alerts by id: none unless one of its instances fires; read from the store the first time
     * they are needed after the state was loaded, then kept by {@link #keepOpenAlerts}.
     */
    private Map<String, AlertRecord> openAlerts(AlertRule rule, AlertRuleState state) {
        if (state.instances().stream().noneMatch(AlertInstanceState::firing)) {
            return Map.of();
        }
        return openAlertsByRule.computeIfAbsent(rule.id(), id -> {
            Map<String, AlertRecord> open = new HashMap<>();
            store.findAlerts(AlertQuery.builder().ruleId(id).openOnly()
                            .limit(Math.min(Page.MAX_LIMIT, 2 * rule.maxInstances())).build())
                    .forEach(alert -> open.put(alert.id(), alert));
            return open;
        });
    }

    /**
     * The rule's open alerts as a committed evaluation left them, once they have been read: opened and updated ones
     * kept, resolved ones dropped.
     */
    private void keepOpenAlerts(String ruleId, List<AlertRecord> written) {
        Map<String, AlertRecord> open = openAlertsByRule.get(ruleId);
        if (open == null) {
            return;
        }
        for (AlertRecord alert : written) {
            if (alert.isOpen()) {
                open.put(alert.id(), alert);
            } else {
                open.remove(alert.id());
            }
        }
    }

    /** The rule's state once the evaluation is committed. */
    private static AlertRuleState afterCommit(@Nullable AlertRuleState before, AlertEvaluation evaluation) {
        Map<String, AlertInstanceState> instances = new LinkedHashMap<>();
        if (before != null) {
            before.instances().forEach(state -> instances.put(state.fingerprint(), state));
        }
        evaluation.removedFingerprints().forEach(instances::remove);
        evaluation.states().forEach(state -> instances.put(state.fingerprint(), state));
        return new AlertRuleState(evaluation.ruleId(), evaluation.evaluatedAtMillis(),
                List.copyOf(instances.values()));
    }

    /**
     * Stops the rounds, gives up the lease so that a standby process takes over at once, and stops delivery.
     * Idempotent.
     */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        tasks.close();
        round.lock();
        try {
            if (holding) {
                store.releaseLease(lease);
                holding = false;
            }
        } catch (RuntimeException e) {
            LOG.warn("LiteObs alerting over {}: the lease could not be given up; another process takes over once it"
                    + " expires: {}", store.name(), e.toString());
        } finally {
            round.unlock();
        }
        if (delivery != null) {
            delivery.close();
        }
    }

    /** What a source reads in a round. */
    private final class Context implements EvaluationContext {
        private final long now;

        Context(long now) {
            this.now = now;
        }

        @Override
        public StoreReader store() {
            return store;
        }

        @Override
        public long nowMillis() {
            return now;
        }

        @Override
        public StoreStatus storeStatus() {
            return obs.storeStatus();
        }

        @Override
        public Map<String, Long> counterIncrease(RecorderCounter counter, Duration window) {
            return history.increase(counter, window, now);
        }

        @Override
        public EventCounts countEvents(Objective objective, Duration window) {
            return counters.computeIfAbsent(objective, o -> ObjectiveCounter.forAlerts(o, store))
                    .count(now, window);
        }
    }

    /**
     * Builds an {@link Alerting}. Rules are kept by id: a rule added with the id of another replaces it, so a default
     * rule is overridden by adding one with its id.
     */
    public static final class Builder {
        private final LiteObs obs;
        private final Map<String, AlertRule> rules = new LinkedHashMap<>();
        private final Map<String, Objective> objectives = new LinkedHashMap<>();
        private final List<Webhook> webhooks = new ArrayList<>();
        private Duration tick = DEFAULT_TICK;
        private Duration leaseDuration = DEFAULT_LEASE;
        private String holder = defaultHolder();
        private int queueCapacity = WebhookDelivery.DEFAULT_QUEUE_CAPACITY;
        private boolean scheduled = true;

        private Builder(LiteObs obs) {
            this.obs = Objects.requireNonNull(obs, "obs");
        }

        /** {@code <pid>@<host>/<random>}: unique per evaluator, and says which process holds the lease. */
        private static String defaultHolder() {
            return ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID().toString().substring(0, 8);
        }

        /**
         * Adds a rule, replacing one with the same id.
         *
         * @param rule the rule to evaluate
         * @return this builder
         */
        public Builder rule(AlertRule rule) {
            Objects.requireNonNull(rule, "rule");
            rules.put(rule.id(), rule);
            return this;
        }

        /**
         * Adds rules, each replacing one with the same id.
         *
         * @param more the rules to evaluate
         * @return this builder
         */
        public Builder rules(Collection<AlertRule> more) {
            more.forEach(this::rule);
            return this;
        }

        /**
         * Adds a service level objective and its burn-rate rules ({@link Objective#alertRules()}), replacing an
         * objective with the same id and rules with the same ids.
         *
         * @param objective the objective
         * @return this builder
         */
        public Builder objective(Objective objective) {
            Objects.requireNonNull(objective, "objective");
            objectives.put(objective.id(), objective);
            return rules(objective.alertRules());
        }

        /**
         * Adds service level objectives, as {@link #objective(Objective)} does each.
         *
         * @param more the objectives
         * @return this builder
         */
        public Builder objectives(Collection<Objective> more) {
            more.forEach(this::objective);
            return this;
        }

        /**
         * Adds every default rule set, at its default thresholds: {@link DefaultRules#all()}.
         *
         * @return this builder
         */
        public Builder defaultRules() {
            return rules(DefaultRules.all());
        }

        /**
         * Adds the rules and the objectives of a YAML or JSON rule file ({@link RuleFile}).
         *
         * @param file the rule file, read now
         * @return this builder
         * @throws RuleFileException naming the file, the rule, the field and the problem
         * @throws UncheckedIOException when the file cannot be read
         */
        public Builder rulesFrom(Path file) {
            try {
                RuleFile.Contents contents = RuleFile.read(file);
                return rules(contents.rules()).objectives(contents.objectives());
            } catch (IOException e) {
                throw new UncheckedIOException("the alert rule file " + file + " cannot be read: " + e.getMessage(), e);
            }
        }

        /**
         * Sends notifications to this webhook too.
         *
         * @param webhook where to send notifications of alerts that fire and resolve
         * @return this builder
         */
        public Builder webhook(Webhook webhook) {
            webhooks.add(Objects.requireNonNull(webhook, "webhook"));
            return this;
        }

        /**
         * How often a round looks for due rules; {@link #DEFAULT_TICK} unless set.
         *
         * @param tick how often a round looks for due rules
         * @return this builder
         */
        public Builder tick(Duration tick) {
            Objects.requireNonNull(tick, "tick");
            if (tick.toMillis() < 1) {
                throw new IllegalArgumentException("tick must be at least 1 ms, got " + tick);
            }
            this.tick = tick;
            return this;
        }

        /**
         * How long the evaluation lease runs unless renewed; {@link #DEFAULT_LEASE} unless set. The holder renews it
         * when half has run, so it must be at least twice the {@link #tick}.
         *
         * @param duration how long the evaluation lease runs unless renewed
         * @return this builder
         */
        public Builder lease(Duration duration) {
            this.leaseDuration = Objects.requireNonNull(duration, "lease");
            return this;
        }

        /**
         * Who this evaluator is in the lease row; unique per process by default ({@code <pid>@<host>/<random>}).
         *
         * @param holderId who this evaluator is in the lease row
         * @return this builder
         */
        public Builder holder(String holderId) {
            this.holder = Objects.requireNonNull(holderId, "holder");
            return this;
        }

        /**
         * How many notifications wait for delivery at most; {@value WebhookDelivery#DEFAULT_QUEUE_CAPACITY} unless
         * set. A notification that finds the queue full is dropped, counted and kept as a {@code DROPPED} attempt.
         *
         * @param capacity how many notifications wait for delivery at most
         * @return this builder
         */
        public Builder queueCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be 1 or more, got " + capacity);
            }
            this.queueCapacity = capacity;
            return this;
        }

        /**
         * Whether rounds run on the {@code LiteObs} scheduler; true unless set. Without, nothing is evaluated
         * until {@link Alerting#evaluateNow()} is called: for tests that move a {@code ManualClock}, and for callers
         * that drive the rounds themselves.
         *
         * @param onSchedule whether rounds run on the {@code LiteObs} scheduler
         * @return this builder
         */
        public Builder scheduled(boolean onSchedule) {
            this.scheduled = onSchedule;
            return this;
        }

        /**
         * Starts the rounds.
         *
         * @return the running alerting; close it to stop the rounds and the delivery of notifications
         * @throws IllegalArgumentException when the lease is shorter than twice the tick
         */
        public Alerting build() {
            if (leaseDuration.compareTo(tick.multipliedBy(2)) < 0) {
                throw new IllegalArgumentException("lease (" + leaseDuration + ") must be at least twice the tick ("
                        + tick + "), or the holder could not renew it in time");
            }
            return new Alerting(this);
        }
    }
}
