package io.liteobs.alerting;

import io.liteobs.AlertRecord;
import io.liteobs.LiteObsClock;
import io.liteobs.NotificationAttempt;
import io.liteobs.common.internal.DaemonThreads;
import io.liteobs.common.internal.ThrottledLogger;
import io.liteobs.spi.ObservabilityStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends notifications to webhooks from a bounded queue on one daemon worker thread, so that a slow or dead endpoint
 * holds up nothing but later notifications: never recording, flushing or rule evaluation. Every attempt and its
 * outcome is kept in the store ({@link NotificationAttempt}); a notification that finds the queue full is dropped,
 * counted and kept as {@code DROPPED}.
 *
 * <p>Retries only what can succeed later: a failure to connect or to get an answer in time, and the statuses 429,
 * 502, 503 and 504. Pauses double from the webhook's initial backoff up to its maximum, each shortened at random by
 * up to half; a {@code Retry-After} (seconds or an HTTP date) lengthens the pause to what it asks, up to
 * {@link Webhook#MAX_RETRY_AFTER}. Redirects are followed only with 307 and 308 (which keep the POST), at most
 * {@value #MAX_REDIRECTS} of them, each to an address the webhook may reach.
 */
final class WebhookDelivery implements AutoCloseable {

    /** Notifications waiting at most unless set. */
    static final int DEFAULT_QUEUE_CAPACITY = 1_000;
    static final int MAX_REDIRECTS = 3;
    /** The statuses worth another attempt. */
    private static final Set<Integer> RETRIED = Set.of(429, 502, 503, 504);

    private static final Logger LOG = LoggerFactory.getLogger(WebhookDelivery.class);

    /** One notification for one webhook. */
    private record Task(Webhook webhook, Notification notification) {
    }

    /** How one request ended: a status (and the headers that matter), or a failure to get one. */
    private record Response(int status, Optional<String> retryAfter, Optional<String> location,
                            @Nullable String failure) {
    }

    private final List<Webhook> webhooks;
    private final ObservabilityStore store;
    private final LiteObsClock clock;
    private final BlockingQueue<Task> queue;
    private final Map<Webhook, HttpClient> clients = new IdentityHashMap<>();
    private final Thread worker;
    private final ThrottledLogger failures = new ThrottledLogger(LOG, 1, TimeUnit.MINUTES);
    private final AtomicLong offered = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    /** The notifications queued or being sent, each to its webhook: never sent twice at once. */
    private final Set<Held> held = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    WebhookDelivery(List<Webhook> webhooks, ObservabilityStore store, LiteObsClock clock, int capacity,
            String storeName) {
        this.webhooks = List.copyOf(webhooks);
        this.store = store;
        this.clock = clock;
        this.queue = new ArrayBlockingQueue<>(capacity);
        for (Webhook webhook : this.webhooks) {
            clients.put(webhook, HttpClient.newBuilder().connectTimeout(webhook.connectTimeout())
                    .followRedirects(HttpClient.Redirect.NEVER).build());
        }
        this.worker = DaemonThreads.newThread("liteobs-webhooks-" + storeName, this::work);
        worker.start();
    }

    /** Queues the notification for every webhook; never blocks. */
    void offer(Notification notification) {
        webhooks.forEach(webhook -> offer(new Task(webhook, notification)));
    }

    /**
     * Queues a notification again for the webhook at {@code destination}, unless it is queued or being sent here
     * already; for one that a process left unfinished. Never blocks.
     */
    void resend(Notification notification, String destination) {
        webhooks.stream().filter(webhook -> webhook.destination().equals(destination)).findFirst()
                .filter(webhook -> !held.contains(key(new Task(webhook, notification))))
                .ifPresent(webhook -> offer(new Task(webhook, notification)));
    }

    private void offer(Task task) {
        offered.incrementAndGet();
        if (!closed && held.add(key(task))) {
            if (queue.offer(task)) {
                return;
            }
            held.remove(key(task));
        }
        drop(task, closed ? "delivery is closed" : "the delivery queue is full");
    }

    /** A notification for a webhook, by id; webhooks are told apart as objects, even two with one address. */
    private record Held(String notificationId, Webhook webhook) {
    }

    private static Held key(Task task) {
        return new Held(task.notification().id(), task.webhook());
    }

    /**
     * A {@code QUEUED} attempt of the notification for each webhook, for the transaction that commits its alerts:
     * what {@link Alerting} finds unfinished, and sends, should the process stop before delivery ends.
     */
    List<NotificationAttempt> queuedAttempts(Notification notification, long nowMillis) {
        List<String> alertIds = notification.alerts().stream().map(AlertRecord::id).toList();
        return webhooks.stream().map(webhook -> new NotificationAttempt(notification.id(), notification.rule().id(),
                alertIds, notification.status(), webhook.destination(), 0, nowMillis,
                NotificationAttempt.Outcome.QUEUED, 0, null, false)).toList();
    }

    DeliveryStats stats() {
        long done = delivered.get() + failed.get() + refused.get() + dropped.get();
        return new DeliveryStats(offered.get(), delivered.get(), failed.get(), refused.get(), dropped.get(),
                Math.max(0, offered.get() - done));
    }

    private void work() {
        while (!closed) {
            Task task;
            try {
                task = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            try {
                deliver(task);
            } catch (RuntimeException e) {
                failed.incrementAndGet();
                failures.warn("LiteObs alerting: delivering notification {} to {} failed: {}",
                        task.notification().id(), task.webhook().destination(), e.toString());
            } finally {
                held.remove(key(task));
            }
        }
    }

    private void deliver(Task task) {
        Webhook webhook = task.webhook();
        Payloads.Body body = Payloads.body(webhook.format(), task.notification(), webhook.maxPayloadBytes());
        for (int attempt = 1; ; attempt++) {
            Response response = sendFollowingRedirects(webhook, body.bytes());
            if (response.failure() == null && response.status() / 100 == 2) {
                delivered.incrementAndGet();
                record(task, attempt, NotificationAttempt.Outcome.DELIVERED, response.status(), null, body);
                return;
            }
            if (closed) {
                // left unfinished in the store: the next start sends it again
                return;
            }
            String problem = response.failure() != null ? response.failure() : "HTTP " + response.status();
            if (response.status() == -1) {
                refused.incrementAndGet();
                record(task, attempt, NotificationAttempt.Outcome.REFUSED, 0, problem, body);
                return;
            }
            boolean retried = response.failure() != null || RETRIED.contains(response.status());
            if (!retried || attempt >= webhook.maxAttempts()) {
                failed.incrementAndGet();
                record(task, attempt, NotificationAttempt.Outcome.FAILED, Math.max(0, response.status()),
                        problem + (retried ? "; gave up after " + attempt + " attempts" : "; not retried"), body);
                return;
            }
            Duration pause = backoff(webhook, attempt);
            Duration asked = response.retryAfter().map(this::retryAfter).orElse(Duration.ZERO);
            if (asked.compareTo(Webhook.MAX_RETRY_AFTER) > 0) {
                failed.incrementAndGet();
                record(task, attempt, NotificationAttempt.Outcome.FAILED, response.status(), problem
                        + "; Retry-After asks for " + Durations.format(asked) + ", more than the "
                        + Durations.format(Webhook.MAX_RETRY_AFTER) + " honoured", body);
                return;
            }
            if (asked.compareTo(pause) > 0) {
                pause = asked;
            }
            record(task, attempt, NotificationAttempt.Outcome.RETRYING, Math.max(0, response.status()), problem
                    + (asked.isZero() ? "" : "; Retry-After " + Durations.format(asked)) + "; next attempt in "
                    + Durations.format(pause), body);
            if (!pause(pause)) {
                return; // closed: left RETRYING, which the next start sends again
            }
        }
    }

    /**
     * One POST, and its 307 or 308 redirects; status -1 when an address is refused (the failure says why), 0 when
     * no response came.
     */
    private Response sendFollowingRedirects(Webhook webhook, byte[] body) {
        URI target = webhook.uri();
        for (int hop = 0; ; hop++) {
            String refusal = webhook.addresses().refusal(target);
            if (refusal != null) {
                return new Response(-1, Optional.empty(), Optional.empty(), (hop == 0 ? "" : "redirected to "
                        + Webhook.redacted(target) + ", which is refused: ") + refusal);
            }
            Response response = send(webhook, target, body);
            boolean redirect = response.status() == 307 || response.status() == 308;
            if (!redirect || response.location().isEmpty()) {
                return response;
            }
            if (hop >= MAX_REDIRECTS) {
                return new Response(response.status(), Optional.empty(), Optional.empty(),
                        "more than " + MAX_REDIRECTS + " redirects");
            }
            target = target.resolve(response.location().get());
        }
    }

    private Response send(Webhook webhook, URI target, byte[] body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(target)
                .timeout(webhook.requestTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "LiteObs-Alerting")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        byte[] secret = webhook.secret();
        if (secret != null) {
            String timestamp = Long.toString(clock.millis() / 1000);
            request.header(Webhook.TIMESTAMP_HEADER, timestamp)
                    .header(Webhook.SIGNATURE_HEADER, "sha256=" + sign(secret, timestamp, body));
        }
        try {
            HttpResponse<Void> response = Objects.requireNonNull(clients.get(webhook)).send(request.build(),
                    HttpResponse.BodyHandlers.discarding());
            return new Response(response.statusCode(), response.headers().firstValue("Retry-After"),
                    response.headers().firstValue("Location"), null);
        } catch (IOException e) {
            return new Response(0, Optional.empty(), Optional.empty(), e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(0, Optional.empty(), Optional.empty(), "interrupted: delivery is closing");
        }
    }

    /** HMAC-SHA256 of {@code <timestamp>.<body>}, in hexadecimal. */
    static String sign(byte[] secret, String timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JDK has HmacSHA256", e);
        }
    }

    /** The pause after failed attempt {@code attempt}: doubled each time, capped, then shortened by up to half. */
    static Duration backoff(Webhook webhook, int attempt) {
        long cap = webhook.maxBackoff().toMillis();
        long doubled = webhook.initialBackoff().toMillis() << Math.min(attempt - 1, 30);
        long pause = Math.min(cap, doubled <= 0 ? cap : doubled);
        return Duration.ofMillis(pause - ThreadLocalRandom.current().nextLong(pause / 2 + 1));
    }

    /** A {@code Retry-After} in seconds or as an HTTP date; zero when it is neither, or in the past. */
    private Duration retryAfter(String value) {
        String text = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(text)));
        } catch (NumberFormatException notSeconds) {
            try {
                long at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
                return Duration.ofMillis(Math.max(0, at - clock.millis()));
            } catch (DateTimeParseException notADate) {
                return Duration.ZERO;
            }
        }
    }

    /** Waits on the clock; false when delivery closed meanwhile. */
    private boolean pause(Duration pause) {
        long deadline = clock.nanoTime() + pause.toNanos();
        while (!closed && clock.nanoTime() - deadline < 0) {
            clock.parkUntil(this, deadline);
        }
        return !closed;
    }

    private void drop(Task task, String why) {
        dropped.incrementAndGet();
        record(task, 0, NotificationAttempt.Outcome.DROPPED, 0, why, null);
    }

    private void record(Task task, int attempt, NotificationAttempt.Outcome outcome, int status,
            @Nullable String error, Payloads.@Nullable Body body) {
        Notification notification = task.notification();
        List<String> alertIds = new ArrayList<>();
        notification.alerts().stream().map(AlertRecord::id).forEach(alertIds::add);
        try {
            store.recordNotificationAttempts(List.of(new NotificationAttempt(notification.id(),
                    notification.rule().id(), alertIds, notification.status(), task.webhook().destination(), attempt,
                    clock.millis(), outcome, status, error, body != null && body.truncated())));
        } catch (RuntimeException e) {
            failures.warn("LiteObs alerting: the attempt at notification {} ({}) could not be kept in the store: {}",
                    notification.id(), outcome, e.toString());
        }
        if (outcome != NotificationAttempt.Outcome.DELIVERED && outcome != NotificationAttempt.Outcome.RETRYING) {
            failures.warn("LiteObs alerting: notification {} of rule {} to {} {}: {}", notification.id(),
                    notification.rule().id(), task.webhook().destination(), outcome, error);
        }
    }

    /**
     * Stops the worker, interrupting an attempt under way, and waits for it at most the longest request timeout.
     * What is still queued, or was being sent, is left as the store has it ({@code QUEUED}, {@code RETRYING}): not
     * final, so the next start sends it again. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        worker.interrupt();
        long wait = webhooks.stream().map(Webhook::requestTimeout).max(Duration::compareTo)
                .orElse(Webhook.DEFAULT_REQUEST_TIMEOUT).toMillis();
        try {
            worker.join(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Task> left = new ArrayList<>();
        queue.drainTo(left);
        if (!left.isEmpty()) {
            LOG.warn("LiteObs alerting: {} notifications were still queued at close; they are sent at the next start",
                    left.size());
        }
    }
}
