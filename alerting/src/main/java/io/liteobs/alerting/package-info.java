/**
 * Alert rules evaluated in-process over a LiteObs store: metrics, heartbeats and the library's own counters, with
 * pending and keep-firing periods, alert state kept in the store so that a restart neither re-fires nor forgets,
 * one evaluator among the processes sharing a file, and webhook notifications.
 *
 * <pre>{@code
 * try (LiteObs obs = LiteObs.builder(SqliteStore.open(Path.of("service-obs.db"))).build();
 *      Alerting alerting = Alerting.builder(obs)
 *              .defaultRules()
 *              .rule(AlertRule.named("orders-slow").metric("orders.latency").avg(Duration.ofMinutes(5)).above(250)
 *                      .pendingFor(Duration.ofMinutes(2)).severity(Severity.WARNING))
 *              .webhook(Webhook.to(URI.create("https://hooks.example.com/liteobs")).secret("s3cret").build())
 *              .build()) {
 *     ...
 * }
 * }</pre>
 */
@NullMarked
package io.liteobs.alerting;

import org.jspecify.annotations.NullMarked;
