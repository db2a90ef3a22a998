package io.liteobs.examples.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestQuery;
import io.liteobs.MetricMetadata;
import io.liteobs.alerting.AlertRule;
import io.liteobs.alerting.Alerting;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The sample started for real on ephemeral ports: a user logs in through HTTP basic, calls an endpoint, fails a
 * login; the application stops and starts again over the same file, and Actuator and LiteObs's dashboard API, on
 * the management port, show what happened before.
 */
class SampleApplicationRestartTest {

    private static final String ALICE = "alice:alice-password";

    private final HttpClient client = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void auditEventsExchangesAndMetersSurviveARestart() throws Exception {
        Path file = dir.resolve("orders-obs.db");

        try (ConfigurableApplicationContext first = start(file)) {
            int port = port(first);
            assertThat(get(port, "/orders/42", ALICE).statusCode()).isEqualTo(200);
            assertThat(get(port, "/orders/43", "alice:wrong-password").statusCode()).isEqualTo(401);
        }

        try (ConfigurableApplicationContext second = start(file)) {
            int port = managementPort(second);
            JsonNode audit = json.readTree(get(port, "/actuator/auditevents?principal=alice", ALICE).body());
            assertThat(types(audit.get("events"))).contains("AUTHENTICATION_SUCCESS", "AUTHENTICATION_FAILURE");

            JsonNode exchanges = json.readTree(get(port, "/actuator/httpexchanges", ALICE).body());
            List<String> seen = new ArrayList<>();
            for (JsonNode exchange : exchanges.get("exchanges")) {
                seen.add(exchange.at("/request/method").asText() + " " + exchange.at("/request/uri").asText() + " "
                        + exchange.at("/response/status").asInt() + " " + exchange.at("/principal/name").asText("-"));
            }
            assertThat(seen).contains("GET /orders/42 200 alice", "GET /orders/43 401 -");

            JsonNode liteobs = json.readTree(get(port, "/actuator/liteobs", ALICE).body());
            assertThat(liteobs.get("store").asText()).isEqualTo("OK");
            assertThat(liteobs.at("/health/score").asInt(-1)).isBetween(0, 100);
            assertThat(get(port, "/actuator/liteobs/jvm", ALICE).body()).contains("heap");

            assertThat(get(port, "/liteobs/", ALICE).body()).contains("<title>LiteObs</title>");
            assertThat(get(port, "/liteobs/api/audit?operation=AUTHENTICATION_SUCCESS", ALICE).body())
                    .contains("alice");
            assertThat(get(port, "/liteobs/api/audit", "alice:wrong-password").statusCode()).isEqualTo(401);
            assertThat(get(port(second), "/liteobs/", ALICE).statusCode()).isEqualTo(404);

            assertThat(second.getBean(Alerting.class).rules()).extracting(AlertRule::id)
                    .contains("orders-not-found", "http-latency-p99-high", "liteobs-entries-dropped");
        }

        try (SqliteStore store = SqliteStore.open(file)) {
            List<HttpRequest> orders = store.findHttpRequests(HttpRequestQuery.builder().route("/orders/{id}").build());
            assertThat(orders).extracting(HttpRequest::path).contains("/orders/42");
            assertThat(store.findMetricMetadata(null)).extracting(MetricMetadata::name)
                    .contains("http.server.requests.count", "jvm.memory.used");
        }
    }

    private static ConfigurableApplicationContext start(Path file) {
        return SpringApplication.run(SampleApplication.class, "--server.port=0", "--management.server.port=0",
                "--liteobs.file=" + file,
                "--liteobs.heartbeat.interval=1h");
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private static int managementPort(ConfigurableApplicationContext context) {
        return Objects.requireNonNull(context.getEnvironment().getProperty("local.management.port", Integer.class));
    }

    private HttpResponse<String> get(int port, String path, String credentials)
            throws IOException, InterruptedException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> types(JsonNode events) {
        List<String> types = new ArrayList<>();
        events.forEach(event -> types.add(event.get("type").asText()));
        return types;
    }
}
