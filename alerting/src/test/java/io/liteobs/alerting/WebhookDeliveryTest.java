package io.liteobs.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.AlertRecord;
import io.liteobs.Await;
import io.liteobs.Labels;
import io.liteobs.ManualClock;
import io.liteobs.NotificationAttempt;
import io.liteobs.NotificationAttempt.Outcome;
import io.liteobs.NotificationQuery;
import io.liteobs.memory.InMemoryStore;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Delivery against a local receiver that fails on purpose, time moved by a {@link ManualClock}: retries and their
 * backoff, Retry-After, what is not retried, refused destinations and redirects, signatures, escaping, the payload
 * cap, both formats, and the bounded queue.
 */
class WebhookDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final InMemoryStore store = InMemoryStore.create();
    private final Receiver receiver = new Receiver();
    private final List<WebhookDelivery> deliveries = new ArrayList<>();

    WebhookDeliveryTest() throws Exception {
    }

    @AfterEach
    void close() {
        deliveries.forEach(WebhookDelivery::close);
        receiver.close();
    }

    private WebhookDelivery delivery(int capacity, Webhook... webhooks) {
        WebhookDelivery delivery = new WebhookDelivery(List.of(webhooks), store, clock, capacity, "test");
        deliveries.add(delivery);
        return delivery;
    }

    private Webhook hook(UnaryOperator<Webhook.Builder> settings) {
        return settings.apply(Webhook.to(receiver.uri("/hook")).allow("loopback")).build();
    }

    private static AlertRule rule() {
        return AlertRule.named("cpu-high").metric("cpu").avg(Duration.ofMinutes(1)).above(0.9);
    }

    private static AlertRecord alert(String id, String summary) {
        return new AlertRecord(id, T0.toEpochMilli(), "critical", "metric:cpu", summary, "{\"value\":0.95}", null,
                "cpu-high", "cpu-high{\"host\":\"a\"}", Labels.of("host", "a"), 0.95, T0.toEpochMilli(), 1);
    }

    private static Notification notification(String id, AlertRecord... alerts) {
        return new Notification(id, rule(), Notification.FIRING, List.of(alerts));
    }

    private List<NotificationAttempt> attempts() {
        List<NotificationAttempt> newestFirst = store.findNotificationAttempts(NotificationQuery.builder().build());
        List<NotificationAttempt> oldestFirst = new ArrayList<>(newestFirst);
        Collections.reverse(oldestFirst);
        return oldestFirst;
    }

    private List<Outcome> outcomes() {
        return attempts().stream().map(NotificationAttempt::outcome).toList();
    }

    private void awaitAttempts(int count) {
        Await.until(count + " attempts", () -> attempts().size() >= count);
    }

    /** Waits for the worker to pause on the clock, then moves the clock past the pause. */
    private void passPause(Duration longest) {
        Await.until("the worker to pause", () -> clock.waiting() == 1);
        clock.advance(longest);
    }

    @Test
    void unavailableReceiver_isRetriedWithDoublingPauses_untilItAnswers() {
        receiver.answer(Receiver.Answer.status(503), Receiver.Answer.status(502));
        WebhookDelivery delivery = delivery(10, hook(hook -> hook.backoff(Duration.ofSeconds(1),
                Duration.ofSeconds(8))));
        delivery.offer(notification("n-1", alert("al-1", "cpu high")));

        awaitAttempts(1);
        assertTrue(attempts().get(0).error().matches("HTTP 503; next attempt in \\d+ms|HTTP 503; next attempt in 1s"),
                attempts().get(0).error());
        passPause(Duration.ofSeconds(1));
        awaitAttempts(2);
        assertTrue(attempts().get(1).error().startsWith("HTTP 502; next attempt in "), attempts().get(1).error());
        passPause(Duration.ofSeconds(2));
        awaitAttempts(3);

        assertEquals(List.of(Outcome.RETRYING, Outcome.RETRYING, Outcome.DELIVERED), outcomes());
        assertEquals(List.of(1, 2, 3), attempts().stream().map(NotificationAttempt::attempt).toList());
        assertEquals(List.of(503, 502, 200), attempts().stream().map(NotificationAttempt::httpStatus).toList());
        assertEquals(3, receiver.received().size());
        assertEquals(new DeliveryStats(1, 1, 0, 0, 0, 0), delivery.stats());
    }

    @Test
    void backoff_doublesUpToTheCap_andIsShortenedByAtMostHalf() {
        Webhook webhook = hook(hook -> hook.backoff(Duration.ofSeconds(1), Duration.ofSeconds(5)));
        for (int i = 0; i < 100; i++) {
            assertBetween(500, 1_000, WebhookDelivery.backoff(webhook, 1));
            assertBetween(1_000, 2_000, WebhookDelivery.backoff(webhook, 2));
            assertBetween(2_000, 4_000, WebhookDelivery.backoff(webhook, 3));
            assertBetween(2_500, 5_000, WebhookDelivery.backoff(webhook, 4));
            assertBetween(2_500, 5_000, WebhookDelivery.backoff(webhook, 40));
        }
    }

    private static void assertBetween(long lowMillis, long highMillis, Duration pause) {
        assertTrue(pause.toMillis() >= lowMillis && pause.toMillis() <= highMillis, pause + " not within ["
                + lowMillis + ", " + highMillis + "] ms");
    }

    @Test
    void retryAfter_isHonoured_beyondTheBackoff() {
        receiver.answer(new Receiver.Answer(429, Map.of("Retry-After", "120")));
        delivery(10, hook(hook -> hook)).offer(notification("n-1", alert("al-1", "cpu high")));

        awaitAttempts(1);
        assertEquals("HTTP 429; Retry-After 2m; next attempt in 2m", attempts().get(0).error());
        passPause(Duration.ofSeconds(119));
        Await.until("the worker to pause again", () -> clock.waiting() == 1);
        assertEquals(1, receiver.received().size(), "not before the 2 minutes asked for");
        clock.advance(Duration.ofSeconds(1));
        awaitAttempts(2);
        assertEquals(List.of(Outcome.RETRYING, Outcome.DELIVERED), outcomes());
    }

    @Test
    void clientError_isNotRetried() {
        receiver.answer(Receiver.Answer.status(400));
        WebhookDelivery delivery = delivery(10, hook(hook -> hook));
        delivery.offer(notification("n-1", alert("al-1", "cpu high")));
        awaitAttempts(1);
        assertEquals(List.of(Outcome.FAILED), outcomes());
        assertEquals("HTTP 400; not retried", attempts().get(0).error());
        assertEquals(new DeliveryStats(1, 0, 1, 0, 0, 0), delivery.stats());
    }

    @Test
    void deadEndpoint_isRetriedUpToMaxAttempts_thenGivenUp() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Webhook dead = Webhook.to(URI.create("http://127.0.0.1:" + closedPort + "/hook")).allow("loopback")
                .maxAttempts(3).backoff(Duration.ofSeconds(1), Duration.ofSeconds(1)).build();
        WebhookDelivery delivery = delivery(10, dead);
        delivery.offer(notification("n-1", alert("al-1", "cpu high")));
        awaitAttempts(1);
        passPause(Duration.ofSeconds(1));
        awaitAttempts(2);
        passPause(Duration.ofSeconds(1));
        awaitAttempts(3);
        assertEquals(List.of(Outcome.RETRYING, Outcome.RETRYING, Outcome.FAILED), outcomes());
        assertTrue(attempts().get(2).error().contains("ConnectException"), attempts().get(2).error());
        assertTrue(attempts().get(2).error().endsWith("gave up after 3 attempts"), attempts().get(2).error());
    }

    @Test
    void loopbackLinkLocalAndPrivateAddresses_areRefused_unlessAllowed() {
        AddressPolicy none = new AddressPolicy(List.of());
        assertTrue(none.refusal(receiver.uri("/hook")).contains("a loopback address"));
        assertTrue(none.refusal(URI.create("http://169.254.169.254/latest/meta-data/")).contains("link-local"));
        assertTrue(none.refusal(URI.create("http://10.1.2.3/hook")).contains("private"));
        assertTrue(none.refusal(URI.create("http://[fd00::1]/hook")).contains("private"));
        assertTrue(none.refusal(URI.create("http://[::ffff:127.0.0.1]/hook")).contains("loopback"));
        assertTrue(none.refusal(URI.create("http://0.0.0.0/hook")).contains("unspecified"));
        assertEquals(null, none.refusal(URI.create("https://93.184.215.14/hook")));

        AddressPolicy some = new AddressPolicy(List.of("10.1.0.0/16", "link-local"));
        assertEquals(null, some.refusal(URI.create("http://10.1.2.3/hook")));
        assertTrue(some.refusal(URI.create("http://10.2.0.1/hook")).contains("private"));
        assertEquals(null, some.refusal(URI.create("http://169.254.169.254/")));

        assertThrows(IllegalArgumentException.class, () -> Webhook.to(URI.create("ftp://example.com/x")));
        assertThrows(IllegalArgumentException.class, () -> Webhook.to(URI.create("file:///etc/passwd")));
        IllegalArgumentException badRange = assertThrows(IllegalArgumentException.class,
                () -> Webhook.to(URI.create("https://example.com")).allow("example.com"));
        assertTrue(badRange.getMessage().contains("'example.com' is not an address range"));
    }

    @Test
    void refusedDestination_isKeptAsRefused_andNothingIsSent() {
        WebhookDelivery delivery = delivery(10, Webhook.to(receiver.uri("/hook")).build());
        delivery.offer(notification("n-1", alert("al-1", "cpu high")));
        awaitAttempts(1);
        assertEquals(List.of(Outcome.REFUSED), outcomes());
        assertTrue(attempts().get(0).error().contains("loopback"), attempts().get(0).error());
        assertEquals(0, receiver.received().size());
        assertEquals(new DeliveryStats(1, 0, 0, 1, 0, 0), delivery.stats());
    }

    @Test
    void redirect_isFollowedOnlyToAnAllowedAddress() {
        receiver.answer(new Receiver.Answer(307, Map.of("Location", "/moved")),
                new Receiver.Answer(307, Map.of("Location", "http://169.254.169.254/latest/meta-data/")));
        WebhookDelivery delivery = delivery(10, hook(hook -> hook));
        delivery.offer(notification("n-1", alert("al-1", "cpu high")));
        awaitAttempts(1);
        assertEquals(List.of(Outcome.REFUSED), outcomes());
        assertTrue(attempts().get(0).error().startsWith("redirected to http://169.254.169.254/latest/meta-data/,"
                + " which is refused"), attempts().get(0).error());
        assertEquals(List.of("/hook", "/moved"), receiver.received().stream().map(Receiver.Received::path).toList());
    }

    @Test
    void secret_signsTheTimestampAndBody() throws Exception {
        delivery(10, hook(hook -> hook.secret("s3cret"))).offer(notification("n-1", alert("al-1", "cpu high")));
        Await.until("the request", () -> receiver.received().size() == 1);
        Receiver.Received request = receiver.received().get(0);
        assertEquals(Long.toString(T0.getEpochSecond()), request.header(Webhook.TIMESTAMP_HEADER));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((request.header(Webhook.TIMESTAMP_HEADER) + "."
                + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertEquals("sha256=" + expected, request.header(Webhook.SIGNATURE_HEADER));
    }

    @Test
    void liteObsPayload_escapesEveryText_andCarriesTheRuleAndHowToExplain() throws Exception {
        String hostile = "\"quoted\" \\ back\nslash </script> \u0007 bell, emoji \uD83D\uDE80, {{value}}";
        delivery(10, hook(hook -> hook)).offer(notification("n-1", alert("al-1", hostile)));
        Await.until("the request", () -> receiver.received().size() == 1);
        JsonNode body = JSON.readTree(receiver.received().get(0).body());

        assertEquals(hostile, body.at("/alerts/0/summary").asText());
        assertEquals("firing", body.at("/status").asText());
        assertEquals("cpu-high", body.at("/rule/id").asText());
        assertEquals("avg of cpu over 1m > 0.9", body.at("/rule/expression").asText());
        assertEquals(0.95, body.at("/alerts/0/details/value").asDouble());
        assertEquals("a", body.at("/alerts/0/labels/host").asText());
        assertTrue(body.at("/explain/sql").asText().contains("WHERE rule_id = 'cpu-high'"));
        assertEquals(false, body.at("/truncated").asBoolean());
    }

    @Test
    void alertmanagerPayload_isWhatAlertmanagerReceiversRead() throws Exception {
        delivery(10, hook(hook -> hook.format(Webhook.Format.ALERTMANAGER)))
                .offer(notification("n-1", alert("al-1", "cpu high"), alert("al-2", "cpu higher")));
        Await.until("the request", () -> receiver.received().size() == 1);
        JsonNode body = JSON.readTree(receiver.received().get(0).body());

        assertEquals("4", body.at("/version").asText());
        assertEquals("firing", body.at("/status").asText());
        assertEquals("cpu-high", body.at("/groupLabels/alertname").asText());
        assertEquals("cpu-high", body.at("/commonLabels/alertname").asText());
        assertEquals("critical", body.at("/commonLabels/severity").asText());
        assertEquals(2, body.at("/alerts").size());
        assertEquals("cpu higher", body.at("/alerts/1/annotations/summary").asText());
        assertEquals("2026-11-22T10:00:00Z", body.at("/alerts/0/startsAt").asText());
        assertEquals("0001-01-01T00:00:00Z", body.at("/alerts/0/endsAt").asText());
        assertTrue(body.at("/alerts/0/fingerprint").asText().matches("[0-9a-f]{16}"));
        assertEquals(0, body.at("/truncatedAlerts").asInt());
    }

    @Test
    void alertWithoutAValue_saysNullInTheLiteObsPayload_andHasNoValueAnnotationForAlertmanager() throws Exception {
        AlertRecord absent = new AlertRecord("al-1", T0.toEpochMilli(), "warning", "metric:orders", "orders silent",
                null, null, "orders-silent", "orders-silent{}", Labels.empty(), Double.NaN, T0.toEpochMilli(), 1);
        assertEquals(null, absent.value(), "NaN is no value");
        delivery(10, hook(hook -> hook), hook(hook -> hook.format(Webhook.Format.ALERTMANAGER)))
                .offer(notification("n-1", absent));
        Await.until("both requests", () -> receiver.received().size() == 2);
        List<JsonNode> bodies = new ArrayList<>();
        for (Receiver.Received request : receiver.received()) {
            bodies.add(JSON.readTree(request.body()));
        }
        JsonNode liteObs = bodies.stream().filter(body -> body.has("notificationId")).findFirst().orElseThrow();
        JsonNode alertmanager = bodies.stream().filter(body -> body.has("groupKey")).findFirst().orElseThrow();

        assertTrue(liteObs.at("/alerts/0/value").isNull(), liteObs.toString());
        assertTrue(alertmanager.at("/alerts/0/annotations").has("summary"));
        assertFalse(alertmanager.at("/alerts/0/annotations").has("value"), alertmanager.toString());
    }

    @Test
    void oversizedNotification_isCutToTheCap_andSaysSo() throws Exception {
        AlertRecord[] many = new AlertRecord[50];
        for (int i = 0; i < many.length; i++) {
            many[i] = alert("al-" + i, "x".repeat(300));
        }
        delivery(10, hook(hook -> hook.maxPayloadBytes(4_096))).offer(notification("n-1", many));
        awaitAttempts(1);
        String body = receiver.received().get(0).body();
        JsonNode json = JSON.readTree(body);

        assertTrue(body.getBytes(StandardCharsets.UTF_8).length <= 4_096, body.length() + " bytes");
        assertTrue(json.at("/truncated").asBoolean());
        assertEquals(50, json.at("/alerts").size() + json.at("/truncatedAlerts").asInt());
        assertTrue(json.at("/alerts").size() >= 1);
        assertTrue(attempts().get(0).truncated());
    }

    @Test
    void fullQueue_dropsAndCounts_andCloseLeavesWhatIsLeftUnfinished_forTheNextStart() {
        receiver.answer(Receiver.Answer.status(503));
        WebhookDelivery delivery = delivery(1, hook(hook -> hook.backoff(Duration.ofMinutes(1),
                Duration.ofMinutes(1))));
        delivery.offer(notification("n-1", alert("al-1", "one")));
        Await.until("the worker to pause after the 503", () -> clock.waiting() == 1);
        delivery.offer(notification("n-2", alert("al-2", "two")));   // waits in the queue
        delivery.offer(notification("n-3", alert("al-3", "three"))); // finds it full
        assertEquals(new DeliveryStats(3, 0, 0, 0, 1, 2), delivery.stats());

        delivery.close();
        assertEquals(new DeliveryStats(3, 0, 0, 0, 1, 2), delivery.stats());
        assertEquals(List.of("n-1 RETRYING", "n-3 DROPPED"), attempts().stream()
                .map(attempt -> attempt.notificationId() + " " + attempt.outcome()).sorted().toList(),
                "n-1 stays retrying and n-2 queued (as the evaluation stored it): the next start sends them");
    }
}
