package io.liteobs.examples;

import com.sun.net.httpserver.HttpServer;
import io.liteobs.AlertQuery;
import io.liteobs.AlertRecord;
import io.liteobs.LiteObs;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationQuery;
import io.liteobs.Page;
import io.liteobs.alerting.AlertRule;
import io.liteobs.alerting.Alerting;
import io.liteobs.alerting.Severity;
import io.liteobs.alerting.Webhook;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The demo's alerting: a rule over the simulated orders' latency, evaluated every second, whose notifications go
 * to a webhook receiver on a loopback port of this process; once the load stops the alerts resolve, and the history
 * is printed.
 */
final class AlertingDemo implements AutoCloseable {

    private static final String RULE = "orders-slow";
    private static final Duration WINDOW = Duration.ofSeconds(2);
    private static final Pattern STATUS = Pattern.compile("\"status\":\"(\\w+)\"");

    private final HttpServer receiver;
    private final ExecutorService receiving = Executors.newSingleThreadExecutor();
    private final Alerting alerting;
    private final PrintStream out;
    private final AtomicInteger received = new AtomicInteger();

    private AlertingDemo(LiteObs obs, PrintStream out) throws IOException {
        this.out = out;
        this.receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/alerts", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            received.incrementAndGet();
            Matcher status = STATUS.matcher(body);
            out.printf("  webhook received: %s, %d bytes%n", status.find() ? status.group(1) : "?", body.length());
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.setExecutor(receiving);
        receiver.start();
        URI hook = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts");
        this.alerting = Alerting.builder(obs)
                .rule(AlertRule.named(RULE).metric("orders.latency").max(WINDOW).above(60).minSamples(5)
                        .every(Duration.ofSeconds(1)).severity(Severity.WARNING)
                        .summary("orders on {{labels.worker}} in {{labels.region}} took up to {{value}} ms"))
                .rule(AlertRule.named("worker-stale").heartbeats().stale().every(Duration.ofSeconds(1))
                        .severity(Severity.CRITICAL))
                .webhook(Webhook.to(hook).allow("loopback").build())  // a local receiver, allowed on purpose
                .tick(Duration.ofMillis(250))
                .lease(Duration.ofSeconds(5))
                .build();
    }

    /** Starts the receiver and the rules' evaluation. */
    static AlertingDemo start(LiteObs obs, PrintStream out) throws IOException {
        return new AlertingDemo(obs, out);
    }

    /** Once the load has stopped: waits for the latency alerts to resolve, then prints the history. */
    void resolveAndReport() throws InterruptedException {
        out.println();
        out.println("== Alerts");
        long deadline = System.nanoTime() + WINDOW.multipliedBy(4).toNanos();
        while (!openAlerts(RULE).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        Thread.sleep(500); // the last notifications' delivery
        List<AlertRecord> history = alerting.history(AlertQuery.builder().limit(10).build());
        for (AlertRecord alert : history) {
            out.printf("  %-8s %-13s %-9s %s%s%n", alert.severity(), alert.ruleId(),
                    alert.isOpen() ? "OPEN" : "RESOLVED", alert.message(), alert.resolvedAtMillis() == null ? ""
                            : " (for " + (alert.resolvedAtMillis() - alert.openedAtMillis()) + " ms)");
        }
        List<NotificationAttempt> attempts = alerting.notificationAttempts(NotificationQuery.builder().build());
        out.printf("  %d alerts, %d notifications delivered to the local webhook, %d received there%n",
                alerting.history(AlertQuery.builder().limit(Page.MAX_LIMIT).build()).size(),
                attempts.stream().filter(attempt -> attempt.outcome() == NotificationAttempt.Outcome.DELIVERED)
                        .count(), received.get());
        out.printf("  latest notification: %s%n", attempts.isEmpty() ? "none" : attempts.get(0).outcome() + " at "
                + Instant.ofEpochMilli(attempts.get(0).timestampMillis()));
    }

    private List<AlertRecord> openAlerts(String rule) {
        return alerting.history(AlertQuery.builder().ruleId(rule).openOnly().build());
    }

    @Override
    public void close() {
        alerting.close();
        receiver.stop(0);
        receiving.shutdownNow();
    }
}
