package io.liteobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HttpRoutesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/orders/1001                                              | /orders/{id}",
            "/orders/1001/items/7                                      | /orders/{id}/items/{id}",
            "/carts/7f1c0a2e-5b7d-4d7e-9a51-0c8c1e3b9f20               | /carts/{uuid}",
            "/carts/7F1C0A2E-5B7D-4D7E-9A51-0C8C1E3B9F20/checkout      | /carts/{uuid}/checkout",
            "/objects/65a1f0c2e4b0d5a3c2f19e77                         | /objects/{hex}",
            "/blobs/da39a3ee5e6b4b0d3255bfef95601890afd80709           | /blobs/{hex}",
            "/users/alice@example.com/orders                           | /users/{email}/orders",
            "/users/alice%40example.com                                | /users/{email}",
            "/orders?page=2&sort=date                                  | /orders",
            "/orders/42#top                                            | /orders/{id}",
            "/api/v1/orders                                            | /api/v1/orders",
            "/api/v2/deadbeefcafebabe                                  | /api/v2/deadbeefcafebabe",
            "/reports/2024-q1                                          | /reports/2024-q1",
            "/a//b/                                                    | /a//b/",
            "/                                                         | /",
            "?only=query                                               | /",
            "*                                                         | *",
            "/@handle                                                  | /@handle",
            "/v1.2/users/bob@host                                      | /v1.2/users/bob@host"})
    void template_replacesSegmentsThatHoldIds(String path, String template) {
        assertEquals(template, HttpRoutes.template(path));
    }

    @Test
    void frameworkRoute_wins_evenForA404() {
        HttpRoutes routes = HttpRoutes.withMaxRoutes(10);

        assertEquals("/orders/{orderId}", routes.routeOf("/orders/{orderId}", "/orders/7", 200));
        assertEquals("/orders/{orderId}", routes.routeOf("/orders/{orderId}", "/orders/8", 404));
        assertEquals(HttpRoutes.NOT_FOUND, routes.routeOf(null, "/wp-login.php", 404));
        assertEquals(1, routes.distinctRoutes(), "NOT_FOUND does not count");
    }

    @Test
    void cap_keepsTheRoutesSeenFirst_andSendsTheRestToOther() {
        HttpRoutes routes = HttpRoutes.withMaxRoutes(3);
        List<String> stored = new ArrayList<>();
        for (String path : List.of("/a", "/b/1", "/b/2", "/c", "/d", "/a", "/e", "/b/3")) {
            stored.add(routes.routeOf(null, path, 200));
        }

        assertEquals(List.of("/a", "/b/{id}", "/b/{id}", "/c", HttpRoutes.OTHER, "/a", HttpRoutes.OTHER, "/b/{id}"),
                stored);
        assertEquals(3, routes.distinctRoutes());
    }

    @Test
    void cap_isExact_whenManyThreadsBringNewRoutesAtOnce() throws Exception {
        HttpRoutes routes = HttpRoutes.withMaxRoutes(100);
        Set<String> admitted = ConcurrentHashMap.newKeySet();
        ExecutorService threads = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 1_000; i++) {
                        admitted.add(routes.routeOf(null, "/route-" + thread + "-" + i + "/x", 200));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        assertEquals(100, routes.distinctRoutes());
        assertEquals(101, admitted.size(), "the first hundred routes and OTHER");
    }

    @Test
    void maxRoutes_outOfRange_isRefusedNamingTheParameter() {
        assertEquals("maxRoutes must be between 1 and 100000, got 0",
                assertThrows(IllegalArgumentException.class, () -> HttpRoutes.withMaxRoutes(0)).getMessage());
    }
}
