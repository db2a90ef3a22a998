package io.liteobs.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.liteobs.Await;
import io.liteobs.HttpRequestQuery;
import io.liteobs.LiteObs;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** Requests of a real reactive server, recorded by the WebFlux filter, with Spring Security in front. */
class LiteObsWebFluxTest {

    private static final String ADA = "ada:ada-password";
    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private ConfigurableApplicationContext context;
    private int port;

    @BeforeEach
    void start() {
        context = new SpringApplicationBuilder(ReactiveApplication.class).web(WebApplicationType.REACTIVE).run(
                "--server.port=0", "--liteobs.file=" + dir.resolve("obs.db"), "--liteobs.heartbeat.enabled=false",
                "--liteobs.http.include=user", "--spring.security.user.name=ada",
                "--spring.security.user.password=ada-password");
        port = ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    @AfterEach
    void stop() {
        context.close();
    }

    @Test
    void isConfiguredForReactiveApplicationsOnly() {
        assertThat(context.getBeansOfType(LiteObsWebFilter.class)).hasSize(1);
        assertThat(context.getBeansOfType(SecurityUserWebFilter.class)).hasSize(1);
        assertThat(context.containsBean("liteObsServletFilter")).isFalse();
    }

    @Test
    void recordsTheRouteTemplateTheUserTheTraceAndEchoesTheRequestId() throws Exception {
        HttpResponse<String> response = get("/orders/42", ADA,
                Map.of("X-Request-Id", "order-lookup-1", "traceparent", TRACEPARENT));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Request-Id")).hasValue("order-lookup-1");
        io.liteobs.HttpRequest recorded = single(HttpRequestQuery.builder().requestId("order-lookup-1"));
        assertThat(recorded.method()).isEqualTo("GET");
        assertThat(recorded.path()).isEqualTo("/orders/42");
        assertThat(recorded.route()).isEqualTo("/orders/{id}");
        assertThat(recorded.status()).isEqualTo(200);
        assertThat(recorded.user()).isEqualTo("ada");
        assertThat(recorded.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }

    @Test
    void anUnusableRequestId_isReplaced() throws Exception {
        HttpResponse<String> response = get("/orders/42", ADA, Map.of("X-Request-Id", "x".repeat(200)));

        String given = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(given).hasSizeLessThan(200);
        assertThat(single(HttpRequestQuery.builder().requestId(given)).path()).isEqualTo("/orders/42");
    }

    @Test
    void anErrorIsRecordedAs500_andNoRouteAs404() throws Exception {
        assertThat(get("/boom", ADA, Map.of("X-Request-Id", "boom-1")).statusCode()).isEqualTo(500);
        assertThat(get("/nowhere", ADA, Map.of("X-Request-Id", "nowhere-1")).statusCode()).isEqualTo(404);

        io.liteobs.HttpRequest boom = single(HttpRequestQuery.builder().requestId("boom-1"));
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.route()).isEqualTo("/boom");
        assertThat(boom.error()).contains("IllegalStateException", "the warehouse is on fire");
        io.liteobs.HttpRequest nowhere = single(HttpRequestQuery.builder().requestId("nowhere-1"));
        assertThat(nowhere.status()).isEqualTo(404);
        assertThat(nowhere.path()).isEqualTo("/nowhere");
    }

    @Test
    void aRequestSpringSecurityRefuses_isRecordedWithItsStatusAndNoUser() throws Exception {
        assertThat(get("/orders/42", "ada:wrong", Map.of("X-Request-Id", "refused-1")).statusCode())
                .isEqualTo(401);

        io.liteobs.HttpRequest refused = single(HttpRequestQuery.builder().requestId("refused-1"));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.user()).isNull();
    }

    private io.liteobs.HttpRequest single(HttpRequestQuery.Builder query) {
        LiteObs obs = context.getBean(LiteObs.class);
        // the server records a request as its response completes, which may be just after the client has read it
        Await.until("the request is recorded", () -> obs.flush(Duration.ofSeconds(10))
                && !obs.http().query(query.build()).isEmpty());
        List<io.liteobs.HttpRequest> found = obs.http().query(query.build());
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private HttpResponse<String> get(String path, String credentials, Map<String, String> headers)
            throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic "
                        + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        headers.forEach(request::header);
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A WebFlux application with every auto-configuration on the test class path, Spring Security's included. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @Import(Orders.class)
    static class ReactiveApplication {
    }

    @RestController
    static class Orders {

        @GetMapping("/orders/{id}")
        Mono<Map<String, String>> order(@PathVariable("id") String id) {
            return Mono.just(Map.of("id", id));
        }

        @GetMapping("/boom")
        Mono<String> boom() {
            return Mono.error(new IllegalStateException("the warehouse is on fire"));
        }
    }
}
