package io.liteobs.instrumentation.servlet;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.liteobs.Await;
import io.liteobs.HttpInclude;
import io.liteobs.HttpLoggingOptions;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestQuery;
import io.liteobs.LiteObs;
import io.liteobs.sqlite.SqliteStore;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter in a real Jetty 12 (ee10, Servlet 6.0) on an ephemeral port, recording into a real SQLite file. */
class LiteObsServletFilterTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    /** Where the test's servlets put the route they matched, as Spring MVC puts its best-matching pattern. */
    private static final String ROUTE_ATTRIBUTE = "test.matchedRoute";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private Server server;
    private LiteObs obs;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
        if (obs != null) {
            obs.close();
        }
    }

    @Test
    void request_becomesARow_withWhatTheRequestTells() throws Exception {
        open(HttpLoggingOptions.builder().include(HttpInclude.values()).build());
        ServletContextHandler shop = context("/shop");
        shop.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
                request.setAttribute(ROUTE_ATTRIBUTE, "/orders/{orderId}");
                byte[] body = request.getInputStream().readAllBytes();
                byte[] answer = ("created " + body.length + " bytes").getBytes(UTF_8);
                response.setStatus(201);
                response.setContentLength(answer.length);
                response.getOutputStream().write(answer);
            }
        }), "/orders/*");
        // an outer filter authenticates, as a security filter does, by wrapping the request
        addFilter(shop, (request, response, chain) -> chain.doFilter(new HttpServletRequestWrapper(
                (HttpServletRequest) request) {
            @Override
            public String getRemoteUser() {
                return "alice";
            }
        }, response));
        addFilter(shop, LiteObsServletFilter.builder(obs.http())
                .routes(RouteResolver.requestAttribute(ROUTE_ATTRIBUTE)).build());
        start(shop);

        HttpResponse<String> response = client.send(
                java.net.http.HttpRequest.newBuilder(uri("/shop/orders/1001?expand=items"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\"}"))
                .header("User-Agent", "orders-test/1.0")
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode());

        HttpRequest row = onlyRow();
        assertEquals("POST", row.method());
        assertEquals("/shop/orders/1001", row.path());
        assertEquals("/orders/{orderId}", row.route());
        assertEquals(201, row.status());
        assertTrue(row.durationNanos() > 0, "a duration: " + row.durationNanos());
        assertEquals(13L, row.requestBytes());
        assertEquals((long) "created 13 bytes".length(), row.responseBytes());
        assertEquals(response.headers().firstValue(LiteObsServletFilter.DEFAULT_REQUEST_ID_HEADER).orElseThrow(),
                row.requestId());
        assertEquals(TRACE_ID, row.traceId());
        assertEquals("alice", row.user());
        assertEquals(InetAddress.getLoopbackAddress().getHostAddress(), row.clientAddress());
        assertEquals("orders-test/1.0", row.userAgent());
        assertEquals("expand=items", row.query());
        assertNull(row.error());
    }

    @Test
    void requestId_isMadeWhenTheCallerSentNone_andEchoed_andGivenToTheApplication() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        AtomicReference<Object> seenByServlet = new AtomicReference<>();
        ServletContextHandler context = context("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                seenByServlet.set(request.getAttribute(LiteObsServletFilter.REQUEST_ID_ATTRIBUTE));
            }
        }), "/ping");
        addFilter(context, LiteObsServletFilter.create(obs.http()));
        start(context);

        HttpResponse<String> response = get("/ping");

        String echoed = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertEquals(7, UUID.fromString(echoed).version(), echoed);
        assertEquals(echoed, seenByServlet.get());
        assertEquals(echoed, onlyRow().requestId());
    }

    @Test
    void callersRequestId_isKept_inTheHeaderTheFilterIsToldOf() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        okServlet(LiteObsServletFilter.builder(obs.http()).requestIdHeader("X-Correlation-Id").build());

        HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(uri("/ping"))
                .header("X-Correlation-Id", "checkout-7f3a").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals("checkout-7f3a", response.headers().firstValue("X-Correlation-Id").orElseThrow());
        assertFalse(response.headers().firstValue("X-Request-Id").isPresent());
        assertEquals("checkout-7f3a", onlyRow().requestId());
    }

    @Test
    void withoutRequestIds_noneIsMadeEchoedOrRecorded() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        okServlet(LiteObsServletFilter.builder(obs.http()).withoutRequestIds().build());

        HttpResponse<String> response = get("/ping");

        assertFalse(response.headers().firstValue("X-Request-Id").isPresent());
        assertNull(onlyRow().requestId());
    }

    @Test
    void asyncRequest_isRecordedWhenItCompletes_withTheStatusItEndedWith() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch asyncStarted = new CountDownLatch(1);
        ServletContextHandler context = context("/");
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                AsyncContext async = request.startAsync();
                async.start(() -> {
                    asyncStarted.countDown();
                    try {
                        release.await();
                        ((HttpServletResponse) async.getResponse()).setStatus(202);
                        async.getResponse().getWriter().write("accepted");
                    } catch (InterruptedException | IOException e) {
                        throw new IllegalStateException(e);
                    }
                    async.complete();
                });
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/jobs/*");
        addFilter(context, LiteObsServletFilter.create(obs.http()));
        start(context);

        CompletableFuture<HttpResponse<String>> response = client.sendAsync(
                java.net.http.HttpRequest.newBuilder(uri("/jobs/42")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(asyncStarted.await(10, TimeUnit.SECONDS));
        obs.flush(Duration.ofSeconds(5));
        assertTrue(rows().isEmpty(), "nothing is recorded while the request is still going");

        release.countDown();
        assertEquals(202, response.get(10, TimeUnit.SECONDS).statusCode());

        HttpRequest row = onlyRow();
        assertEquals(202, row.status());
        assertEquals("/jobs/42", row.path());
        assertNull(row.error());
    }

    @Test
    void asyncRequest_completedWithinItsDispatch_isRecordedOnce() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        ServletContextHandler context = context("/");
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                AsyncContext async = request.startAsync();
                response.setStatus(204);
                async.complete();
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/quick");
        addFilter(context, LiteObsServletFilter.create(obs.http()));
        start(context);

        assertEquals(204, get("/quick").statusCode());

        assertEquals(204, onlyRow().status());
    }

    @Test
    void asyncRequestDispatchedAgain_isRecordedOnce_withTheStatusOfTheLastDispatch() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        ServletContextHandler context = context("/");
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                if (request.getDispatcherType() == DispatcherType.ASYNC) {
                    response.setStatus(203);
                    response.getWriter().write("from the second dispatch");
                } else {
                    request.startAsync().dispatch();
                }
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/twice");
        addFilter(context, LiteObsServletFilter.create(obs.http()));
        start(context);

        assertEquals(203, get("/twice").statusCode());

        assertEquals(203, onlyRow().status());
    }

    @Test
    void asyncRequestThatTimesOut_isRecordedAsAServerError_saying_so() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        ServletContextHandler context = context("/");
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                // never answered: the container ends it when the time-out fires
                request.startAsync().setTimeout(50);
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/stuck");
        addFilter(context, LiteObsServletFilter.create(obs.http()));
        start(context);

        assertTrue(get("/stuck").statusCode() >= 500);

        HttpRequest row = onlyRow();
        assertTrue(row.status() >= 500, "status " + row.status());
        assertTrue(row.error() != null && row.error().contains("timed out after 50 ms"), row.error());
    }

    @Test
    void servletThatThrows_isRecordedAs500_andTheContainerSeesTheException() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        ServletContextHandler context = context("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                throw new IllegalStateException("payment service unavailable");
            }
        }), "/fail");
        addFilter(context, LiteObsServletFilter.create(obs.http()));
        start(context);

        assertEquals(500, get("/fail").statusCode(), "the container answered the exception it was given");

        HttpRequest row = onlyRow();
        assertEquals(500, row.status());
        assertEquals("java.lang.IllegalStateException: payment service unavailable", row.error());
    }

    @Test
    void routeResolverThatThrows_leavesTheRouteToTheLogger() throws Exception {
        open(HttpLoggingOptions.DEFAULT);
        okServlet(LiteObsServletFilter.builder(obs.http()).routes(request -> {
            throw new IllegalStateException("no route table");
        }).build());

        assertEquals(200, get("/ping").statusCode());

        assertEquals("/ping", onlyRow().route());
    }

    @Test
    void byDefault_noUserQueryUserAgentOrClientAddressReachesTheFile() throws Exception {
        Path file = open(HttpLoggingOptions.DEFAULT);
        ServletContextHandler context = context("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) {
                response.setStatus(200);
            }
        }), "/private/*");
        addFilter(context, (request, response, chain) -> chain.doFilter(new HttpServletRequestWrapper(
                (HttpServletRequest) request) {
            @Override
            public String getRemoteUser() {
                return "user-secret-bob";
            }
        }, response));
        addFilter(context, LiteObsServletFilter.create(obs.http()));
        start(context);

        client.send(java.net.http.HttpRequest.newBuilder(uri("/private/visible-path-marker?card=query-secret-4111"))
                .header("User-Agent", "agent-secret-browser").build(), HttpResponse.BodyHandlers.ofString());
        HttpRequest row = onlyRow();
        assertNull(row.user());
        assertNull(row.query());
        assertNull(row.userAgent());
        assertNull(row.clientAddress());
        obs.close();

        String bytes = fileBytes(file);
        assertTrue(bytes.contains("visible-path-marker"), "the request is in the file");
        for (String secret : new String[] {"query-secret", "user-secret", "agent-secret",
                InetAddress.getLoopbackAddress().getHostAddress()}) {
            assertFalse(bytes.contains(secret), secret + " is in the file");
        }
    }

    private Path open(HttpLoggingOptions http) {
        Path file = dir.resolve("obs.db");
        obs = LiteObs.builder(SqliteStore.open(file)).http(http).build();
        return file;
    }

    private static ServletContextHandler context(String path) {
        return new ServletContextHandler(path);
    }

    /** A context whose servlet at /ping answers 200, behind the filter. */
    private void okServlet(LiteObsServletFilter filter) throws Exception {
        ServletContextHandler context = context("/");
        context.addServlet(new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.getWriter().write("pong");
            }
        }), "/ping");
        addFilter(context, filter);
        start(context);
    }

    /** Adds a filter after those added before it, for every dispatch, as an application would map it. */
    private static void addFilter(ServletContextHandler context, Filter filter) {
        FilterHolder holder = new FilterHolder(filter);
        holder.setAsyncSupported(true);
        context.addFilter(holder, "/*", EnumSet.allOf(DispatcherType.class));
    }

    private void start(ServletContextHandler context) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(context);
        server.start();
    }

    private URI uri(String path) {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(java.net.http.HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<HttpRequest> rows() {
        return obs.http().query(HttpRequestQuery.builder().build());
    }

    /** The one request recorded, once the writer has stored it. */
    private HttpRequest onlyRow() {
        Await.until("one request in the file", () -> {
            obs.flush(Duration.ofSeconds(5));
            return !rows().isEmpty();
        });
        List<HttpRequest> rows = rows();
        assertEquals(1, rows.size(), rows::toString);
        return rows.get(0);
    }

    /** The database and its write-ahead log, as text, for looking for what must not be there. */
    private static String fileBytes(Path file) throws IOException {
        StringBuilder all = new StringBuilder();
        for (String suffix : new String[] {"", "-wal"}) {
            Path part = Path.of(file + suffix);
            if (Files.exists(part)) {
                all.append(new String(Files.readAllBytes(part), ISO_8859_1));
            }
        }
        return all.toString();
    }
}
