package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpRequestLoggerTest {

    private static final Instant STARTED = Instant.parse("2026-03-01T10:00:00.123Z");

    private final InMemoryStore store = InMemoryStore.create();

    private static List<HttpRequest> all(InMemoryStore store) {
        return store.findHttpRequests(HttpRequestQuery.builder().orderBy(HttpRequestOrder.TIME, SortDirection.ASC)
                .limit(Page.MAX_LIMIT).build());
    }

    private static HttpRequest.Builder everyField() {
        return HttpRequest.builder("get", "/orders/1001?token=abc123&page=2")
                .route("/orders/{id}").status(200).durationNanos(1_234_567).startedAt(STARTED)
                .requestBytes(10).responseBytes(2048).requestId("req-1").traceId("4bf92f3577b34da6a3ce929d0e0e4736")
                .user("alice").clientAddress("203.0.113.7").userAgent("curl/8.5").error("none");
    }

    @Test
    void record_keepsTheRequest_andLeavesOutWhatIsNotIncluded() {
        HttpRequestLogger http = HttpRequestLogger.builder(store).build();
        assertTrue(http.record(everyField().build()));
        http.close();
        HttpRequest stored = all(store).get(0);
        assertEquals(STARTED.toEpochMilli(), stored.timestampMillis());
        assertEquals("GET", stored.method());
        assertEquals("/orders/1001", stored.path());
        assertEquals("/orders/{id}", stored.route());
        assertEquals(200, stored.status());
        assertEquals(1_234_567, stored.durationNanos());
        assertEquals(1.234567, stored.durationMillis());
        assertEquals(10L, stored.requestBytes());
        assertEquals(2048L, stored.responseBytes());
        assertEquals("req-1", stored.requestId());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", stored.traceId());
        assertEquals("none", stored.error());
        assertNull(stored.user());
        assertNull(stored.clientAddress());
        assertNull(stored.userAgent());
        assertNull(stored.query());
    }

    @Test
    void include_storesEachPartAskedFor_andRedactsTheQuery() {
        HttpRequestLogger http = HttpRequestLogger.builder(store)
                .include(HttpInclude.USER, HttpInclude.CLIENT_ADDRESS, HttpInclude.USER_AGENT, HttpInclude.QUERY)
                .build();
        http.record(everyField().build());
        http.record(everyField().query("password=hunter2").build());
        http.close();
        List<HttpRequest> stored = all(store);
        assertEquals("alice", stored.get(0).user());
        assertEquals("203.0.113.7", stored.get(0).clientAddress());
        assertEquals("curl/8.5", stored.get(0).userAgent());
        assertEquals("token=[REDACTED]&page=2", stored.get(0).query());
        assertEquals("password=[REDACTED]", stored.get(1).query());
    }

    @Test
    void routes_comeFromTheFramework_elseFromThePath_and404sCollapse() {
        HttpRequestLogger http = HttpRequestLogger.builder(store).build();
        http.record(HttpRequest.builder("GET", "/orders/42/items/7f1c0a2e-5b7d-4d7e-9a51-0c8c1e3b9f20")
                .status(200).durationNanos(1).build());
        http.record(HttpRequest.builder("GET", "/no/such/page").status(404).durationNanos(1).build());
        http.record(HttpRequest.builder("GET", "/orders/9").route("/orders/{id}").status(404).durationNanos(1)
                .build());
        http.record(HttpRequest.builder("BREW", "/pot").status(418).durationNanos(1).build());
        http.record(HttpRequest.builder("GET", "/orders/3").route(" ").status(200).durationNanos(1).build());
        http.close();
        assertEquals(List.of("/orders/{id}/items/{uuid}", HttpRoutes.NOT_FOUND, "/orders/{id}", "/pot",
                        "/orders/{id}"),
                all(store).stream().map(HttpRequest::route).toList());
        assertEquals(HttpRequestLogger.OTHER_METHOD, all(store).get(3).method());
    }

    @Test
    void routesPastTheCap_goToOther() {
        HttpRequestLogger http = HttpRequestLogger.builder(store).maxRoutes(2).build();
        for (String path : List.of("/a", "/b", "/c", "/a", "/d")) {
            http.record(HttpRequest.builder("GET", path).status(200).durationNanos(1).build());
        }
        http.close();
        assertEquals(List.of("/a", "/b", HttpRoutes.OTHER, "/a", HttpRoutes.OTHER),
                all(store).stream().map(HttpRequest::route).toList());
        assertEquals(2, http.routes().distinctRoutes());
    }

    @Test
    void invalidRequests_areRejectedAndCounted() {
        HttpRequestLogger http = HttpRequestLogger.builder(store).build();
        assertFalse(http.record(null));
        assertFalse(http.record(HttpRequest.builder(" ", "/").status(200).durationNanos(1).build()));
        assertFalse(http.record(HttpRequest.builder("GET", "").status(200).durationNanos(1).build()));
        assertFalse(http.record(HttpRequest.builder("GET", "/").status(99).durationNanos(1).build()));
        assertFalse(http.record(HttpRequest.builder("GET", "/").status(200).build()));
        assertFalse(http.record(HttpRequest.builder("GET", "/").status(200).durationNanos(-5).build()));
        assertFalse(http.record(HttpRequest.builder("GET", "/").status(200).durationNanos(1).responseBytes(-1)
                .build()));
        assertFalse(http.record(HttpRequest.builder("GET", "/").status(200).durationNanos(1)
                .startedAt(Instant.ofEpochSecond(1_700_000_000L / 1000)).build()));
        assertTrue(http.record(HttpRequest.builder("GET", "/").status(200).duration(Duration.ofMillis(3)).build()));
        http.close();
        assertEquals(new RecorderStats(HttpRequestLogger.COMPONENT, 9, 1, 0, 8, 0, 0), http.stats());
    }

    @Test
    void liteObs_recordsThroughTheSharedWriter_withItsOptions() {
        try (LiteObs obs = LiteObs.builder(store)
                .http(HttpLoggingOptions.builder().include(HttpInclude.USER).maxRoutes(5).build()).build()) {
            assertTrue(obs.http().record(HttpRequest.builder("POST", "/login").status(302).durationNanos(5)
                    .user("bob").build()));
            assertTrue(obs.flush(Duration.ofSeconds(10)));
            assertEquals("bob", obs.http().query(HttpRequestQuery.builder().build()).get(0).user());
            assertEquals(5, obs.http().routes().maxRoutes());
            assertTrue(obs.stats().contains(obs.http().stats()));
        }
    }

    @Test
    void options_refuseACapOutOfRange() {
        assertThrows(IllegalArgumentException.class, () -> HttpLoggingOptions.builder().maxRoutes(0).build());
        assertThrows(IllegalArgumentException.class, () -> HttpRequestQuery.builder().status(200).statusClass(2)
                .build());
    }
}
