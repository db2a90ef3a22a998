package io.liteobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.liteobs.Await;
import io.liteobs.LiteObs;
import io.liteobs.alerting.AlertRule;
import io.liteobs.alerting.Alerting;
import io.liteobs.alerting.Webhook;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class LiteObsAlertingAutoConfigurationTest {

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(LiteObsAutoConfiguration.class,
                        LiteObsAlertingAutoConfiguration.class))
                .withPropertyValues("liteobs.file=" + dir.resolve("obs.db"), "liteobs.runtime.enabled=false",
                        "liteobs.heartbeat.enabled=false");
    }

    private static List<String> ruleIds(Alerting alerting) {
        return alerting.rules().stream().map(AlertRule::id).toList();
    }

    @Test
    void withoutPropertiesEvaluatesNoRule() {
        runner().run(context -> {
            assertThat(context).hasSingleBean(Alerting.class);
            assertThat(context.getBean(Alerting.class).rules()).isEmpty();
        });
    }

    @Test
    void defaultSetsAreSwitchedOnByName_withTheirThresholds() {
        runner().withPropertyValues("liteobs.alerting.defaults.host.enabled=true",
                        "liteobs.alerting.defaults.host.cpu-above=0.95",
                        "liteobs.alerting.defaults.liveness.enabled=true",
                        "liteobs.alerting.defaults.http.enabled=true",
                        "liteobs.alerting.defaults.http.p99-millis-above=250")
                .run(context -> {
                    Alerting alerting = context.getBean(Alerting.class);
                    assertThat(ruleIds(alerting)).containsExactly("host-cpu-high", "host-memory-high",
                            "host-disk-full", "host-swap-high", "host-oom-kill", "worker-stale",
                            "http-server-errors", "http-latency-p99-high");
                    assertThat(rule(alerting, "host-cpu-high").condition()).contains("0.95");
                    assertThat(rule(alerting, "http-latency-p99-high").condition()).contains("250");
                });
    }

    @Test
    void aThresholdOutOfRange_failsNamingTheProperty() {
        runner().withPropertyValues("liteobs.alerting.defaults.host.enabled=true",
                        "liteobs.alerting.defaults.host.cpu-above=95")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining(
                        "liteobs.alerting.defaults.host.cpu-above: cpuAbove is a ratio from 0 to 1, got 95"));
    }

    @Test
    void rulesOfTheFile_andTheApplicationsAlertRuleBeans_areEvaluated() throws IOException {
        Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                rules:
                  - id: orders-backlog
                    metric: orders.pending
                    aggregate: last
                    window: 5m
                    above: 100
                """);
        runner().withPropertyValues("liteobs.alerting.rules-file=file:" + rules)
                .withUserConfiguration(OwnRule.class)
                .run(context -> assertThat(ruleIds(context.getBean(Alerting.class)))
                        .containsExactly("orders-backlog", "payments-slow"));
    }

    @Test
    void aBrokenRuleFile_failsNamingThePropertyTheFileAndTheField() throws IOException {
        Path rules = Files.writeString(dir.resolve("broken.yaml"), """
                rules:
                  - id: orders-backlog
                    metric: orders.pending
                    aggregate: avg
                    window: five minutes
                    above: 100
                """);
        runner().withPropertyValues("liteobs.alerting.rules-file=file:" + rules)
                .run(context -> assertThat(context).getFailure()
                        .hasStackTraceContaining("liteobs.alerting.rules-file (URL [file:" + rules + "])")
                        .hasStackTraceContaining("broken.yaml: rule 'orders-backlog' (#1), field 'window'"));
    }

    @Test
    void aMissingRuleFile_failsNamingThePropertyAndTheFile() {
        Path missing = dir.resolve("missing.yaml");
        runner().withPropertyValues("liteobs.alerting.rules-file=file:" + missing)
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("liteobs.alerting.rules-file (URL [file:" + missing + "]): no such file"));
    }

    @Test
    void aRuleFileOnTheClassPath_isRead() {
        runner().withPropertyValues("liteobs.alerting.rules-file=classpath:io/liteobs/spring/alert-rules.json")
                .run(context -> assertThat(ruleIds(context.getBean(Alerting.class))).containsExactly("queue-deep"));
    }

    @Test
    void aWebhookAllowListEntryThatIsNoRange_failsNamingTheProperty() {
        runner().withPropertyValues("liteobs.alerting.webhooks[0].url=https://hooks.example.com/liteobs",
                        "liteobs.alerting.webhooks[0].allow=somewhere")
                .run(context -> assertThat(context).getFailure().hasStackTraceContaining(
                        "liteobs.alerting.webhooks[0].allow: 'somewhere' is not an address range"));
    }

    @Test
    void aWebhookWithoutUrl_failsNamingTheProperty() {
        runner().withPropertyValues("liteobs.alerting.webhooks[0].format=alertmanager")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("liteobs.alerting.webhooks[0].url is required"));
    }

    @Test
    void backsOffForTheApplicationsOwnAlerting() {
        runner().withUserConfiguration(OwnAlerting.class).run(context -> {
            assertThat(context).hasSingleBean(Alerting.class);
            assertThat(context.getBean(Alerting.class)).isSameAs(context.getBean("ownAlerting"));
        });
    }

    @Test
    void backsOffWithoutTheAlertingModule() {
        runner().withClassLoader(new FilteredClassLoader(Alerting.class))
                .run(context -> assertThat(context).hasSingleBean(LiteObs.class).doesNotHaveBean(Alerting.class));
    }

    @Test
    void switchedOffByProperty() {
        runner().withPropertyValues("liteobs.alerting.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(Alerting.class));
    }

    @Test
    void closedWithTheContext() {
        AtomicReference<Alerting> alerting = new AtomicReference<>();
        runner().run(context -> alerting.set(context.getBean(Alerting.class)));
        assertThat(alerting.get().evaluateNow().leaseHeld()).isFalse();
    }

    @Test
    void aRuleThatFires_isPostedToTheWebhook() throws IOException {
        List<String> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        receiver.createContext("/alerts", exchange -> {
            try (InputStream body = exchange.getRequestBody()) {
                received.add(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            Path rules = Files.writeString(dir.resolve("rules.yaml"), """
                    rules:
                      - id: orders-backlog
                        metric: orders.pending
                        aggregate: last
                        window: 5m
                        above: 100
                        summary: "{{value}} orders wait"
                    """);
            String url = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/alerts";
            runner().withPropertyValues("liteobs.alerting.rules-file=file:" + rules,
                            "liteobs.alerting.webhooks[0].url=" + url,
                            "liteobs.alerting.webhooks[0].allow=loopback",
                            "liteobs.alerting.webhooks[0].request-timeout=5s")
                    .run(context -> {
                        LiteObs obs = context.getBean(LiteObs.class);
                        obs.metrics().record("orders.pending", 250);
                        assertThat(obs.flush(Duration.ofSeconds(10))).isTrue();

                        Alerting alerting = context.getBean(Alerting.class);
                        Await.until("the rule fired", () -> !alerting.openAlerts().isEmpty()
                                || alerting.evaluateNow().fired() > 0);
                        Await.until("the webhook received the notification", () -> !received.isEmpty());
                    });
        } finally {
            receiver.stop(0);
        }
        assertThat(received.get(0)).contains("orders-backlog").contains("250 orders wait");
    }

    private static AlertRule rule(Alerting alerting, String id) {
        return alerting.rules().stream().filter(rule -> rule.id().equals(id)).findFirst().orElseThrow();
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnRule {
        @Bean
        AlertRule paymentsSlow() {
            return AlertRule.named("payments-slow").metric("payments.latency").avg(Duration.ofMinutes(5)).above(500);
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnAlerting {
        @Bean(destroyMethod = "close")
        Alerting ownAlerting(LiteObs obs) {
            return Alerting.builder(obs).rule(AlertRule.named("own").heartbeats().stale())
                    .webhook(Webhook.to(java.net.URI.create("https://hooks.example.com/own")).build()).build();
        }
    }
}
