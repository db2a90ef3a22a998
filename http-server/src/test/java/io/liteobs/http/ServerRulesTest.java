package io.liteobs.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Await;
import io.liteobs.LiteObs;
import io.liteobs.OverflowPolicy;
import io.liteobs.RecorderOptions;
import io.liteobs.spi.ForwardingStore;
import io.liteobs.spi.ObservabilityStore;
import io.liteobs.spi.WriteBatch;
import io.liteobs.sqlite.SqliteStore;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Where the server listens, who may read through it, and what every answer carries. */
class ServerRulesTest {

    private static final String TOKEN = "0123456789abcdef-test-token";

    @TempDir
    Path dir;

    private LiteObs obs;

    @BeforeEach
    void open() {
        obs = SampleData.openLiteObs(dir);
    }

    @AfterEach
    void close() {
        obs.close();
    }

    @Test
    void listensOnLoopbackByDefault() {
        try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).start()) {
            assertTrue(server.address().getAddress().isLoopbackAddress(), server.address().toString());
            assertEquals("127.0.0.1", server.url().getHost());
            assertTrue(server.address().getPort() > 0);
        }
    }

    @Test
    void anyOtherAddress_requiresAToken() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LiteObsHttpServer.builder(obs).port(0).bindAddress("0.0.0.0").start());
        assertTrue(refused.getMessage().contains("set accessToken"), refused.getMessage());
        try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).bindAddress("0.0.0.0")
                .accessToken(TOKEN).start()) {
            assertTrue(server.address().getAddress().isAnyLocalAddress());
            URI local = URI.create("http://127.0.0.1:" + server.address().getPort() + "/");
            assertEquals(401, Http.get(local, "/api/audit").statusCode());
        }
    }

    @Test
    void aShortToken_isRefused() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> LiteObsHttpServer.builder(obs).accessToken("secret"));
        assertTrue(refused.getMessage().contains("at least " + LiteObsHttpHandler.MIN_TOKEN_LENGTH));
    }

    @Test
    void withAToken_dataNeedsItAndProbesAndPageDoNot() {
        try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).accessToken(TOKEN).start()) {
            URI base = server.url();
            for (String data : new String[] {"/api", "/api/audit", "/metrics"}) {
                HttpResponse<String> none = Http.get(base, data);
                assertEquals(401, none.statusCode(), data);
                assertEquals("Bearer realm=\"liteobs\"", none.headers().firstValue("WWW-Authenticate").orElseThrow());
                assertEquals(401, Http.get(base, data, "Authorization", "Bearer " + TOKEN + "x").statusCode());
                assertEquals(401, Http.get(base, data, "Authorization", "Bearer " + TOKEN.substring(1)).statusCode());
                assertEquals(401, Http.get(base, data, "Authorization", "Basic " + TOKEN).statusCode());
                assertEquals(200, Http.get(base, data, "Authorization", "Bearer " + TOKEN).statusCode(), data);
                assertEquals(200, Http.get(base, data, "Authorization", "bearer " + TOKEN).statusCode(), data);
            }
            for (String open : new String[] {"/healthz", "/readyz", "/", "/dashboard/app.js"}) {
                assertEquals(200, Http.get(base, open).statusCode(), open);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"})
    void onlyGetAndHead_areServed(String method) {
        try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).start()) {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(server.url().resolve("/api/audit"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(405, response.statusCode());
            assertEquals("GET, HEAD", response.headers().firstValue("Allow").orElseThrow());
        }
    }

    @Test
    void aRequestBody_is413() {
        try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).start()) {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(server.url().resolve("/api/audit"))
                    .method("GET", HttpRequest.BodyPublishers.ofString("x".repeat(10_000))).build());
            assertEquals(413, response.statusCode());
        }
    }

    @Test
    void head_answersHeadersWithoutABody() {
        try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).start()) {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(server.url().resolve("/api/audit"))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, response.statusCode());
            assertEquals("", response.body());
        }
    }

    @Test
    void everyAnswer_carriesSecurityHeaders() {
        try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).start()) {
            HttpResponse<String> page = Http.get(server.url(), "/");
            assertEquals(Dashboard.PAGE_POLICY, page.headers().firstValue("Content-Security-Policy").orElseThrow());
            assertTrue(page.body().contains("<script src=\"dashboard/app.js\" defer></script>"));
            HttpResponse<String> api = Http.get(server.url(), "/api/audit");
            assertEquals("default-src 'none'; frame-ancestors 'none'",
                    api.headers().firstValue("Content-Security-Policy").orElseThrow());
            assertEquals("no-store", api.headers().firstValue("Cache-Control").orElseThrow());
            for (HttpResponse<String> response : List.of(page, api, Http.get(server.url(), "/nowhere"))) {
                assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElseThrow());
                assertEquals("DENY", response.headers().firstValue("X-Frame-Options").orElseThrow());
                assertEquals("no-referrer", response.headers().firstValue("Referrer-Policy").orElseThrow());
            }
        }
    }

    @Test
    void probes_followTheLiteObs() {
        try (LiteObsHttpServer server = LiteObsHttpServer.builder(obs).port(0).start()) {
            assertEquals("{\"status\":\"ok\"}", Http.get(server.url(), "/healthz").body());
            assertEquals(200, Http.get(server.url(), "/readyz").statusCode());
            obs.close();
            HttpResponse<String> live = Http.get(server.url(), "/healthz");
            assertEquals(503, live.statusCode());
            assertTrue(live.body().contains("is closed"), live.body());
            HttpResponse<String> ready = Http.get(server.url(), "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("store closed"), ready.body());
        }
    }

    @Test
    void readiness_failsWhileAQueueIsNearlyFull() throws InterruptedException {
        CountDownLatch storeStalled = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ObservabilityStore stalling = new ForwardingStore(SqliteStore.open(dir.resolve("stalled.db"))) {
            @Override
            public void write(WriteBatch batch) {
                storeStalled.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(batch);
            }
        };
        try (LiteObs stalled = LiteObs.builder(stalling).metrics(RecorderOptions.of(16, OverflowPolicy.DROP)).build();
             LiteObsHttpServer server = LiteObsHttpServer.builder(stalled).port(0).start()) {
            for (int i = 0; i < 16; i++) {
                stalled.metrics().record("m", i);
            }
            storeStalled.await();
            HttpResponse<String> ready = Http.get(server.url(), "/readyz");
            assertEquals(503, ready.statusCode());
            assertTrue(ready.body().contains("queue of metrics holds 16 of 16 entries"), ready.body());
            assertEquals(200, Http.get(server.url(), "/healthz").statusCode(), "a full queue is not a dead process");
            release.countDown();
            Await.until("the queue drains", () -> stalled.metrics().stats().queued() == 0);
            assertEquals(200, Http.get(server.url(), "/readyz").statusCode());
        } finally {
            release.countDown();
        }
    }

    @Test
    void aPortInUse_isNamedWithTheFix() {
        try (LiteObsHttpServer first = LiteObsHttpServer.builder(obs).port(0).start()) {
            int port = first.address().getPort();
            RuntimeException refused = assertThrows(RuntimeException.class,
                    () -> LiteObsHttpServer.builder(obs).port(port).start());
            assertTrue(refused.getMessage().contains(":" + port) && refused.getMessage().contains("another port"),
                    refused.getMessage());
        }
    }
}
