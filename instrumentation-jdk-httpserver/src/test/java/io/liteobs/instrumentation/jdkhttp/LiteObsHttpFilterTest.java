package io.liteobs.instrumentation.jdkhttp;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.liteobs.Await;
import io.liteobs.HttpInclude;
import io.liteobs.HttpLoggingOptions;
import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestQuery;
import io.liteobs.LiteObs;
import io.liteobs.sqlite.SqliteStore;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The filter in a real JDK server on an ephemeral port, recording into a real SQLite file. */
class LiteObsHttpFilterTest {

    private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

    @TempDir
    Path dir;

    private final HttpClient client = HttpClient.newHttpClient();
    private final ExecutorService serverThreads = Executors.newFixedThreadPool(2);
    private HttpServer server;
    private LiteObs obs;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        serverThreads.shutdownNow();
        if (obs != null) {
            obs.close();
        }
    }

    @Test
    void request_becomesARow_withWhatTheExchangeTells() throws Exception {
        start(HttpLoggingOptions.builder().include(HttpInclude.values()).build());
        HttpContext orders = context("/orders/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            respond(exchange, 201, "created " + body.length + " bytes");
        }, LiteObsHttpFilter.create(obs.http()));
        orders.setAuthenticator(new BasicAuthenticator("shop") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return "alice".equals(user) && "secret".equals(password);
            }
        });

        HttpResponse<String> response = client.send(
                java.net.http.HttpRequest.newBuilder(uri("/orders/1001?expand=items"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"sku\":\"A-1\"}"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(UTF_8)))
                .header("User-Agent", "orders-test/1.0")
                .header("traceparent", "00-" + TRACE_ID + "-00f067aa0ba902b7-01")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, response.statusCode());

        HttpRequest row = onlyRow();
        assertEquals("POST", row.method());
        assertEquals("/orders/1001", row.path());
        assertEquals("/orders/{id}", row.route(), "no resolver: the logger makes the route from the path");
        assertEquals(201, row.status());
        assertTrue(row.durationNanos() > 0, "a duration: " + row.durationNanos());
        assertEquals(13L, row.requestBytes());
        assertEquals((long) "created 13 bytes".length(), row.responseBytes());
        assertEquals(response.headers().firstValue(LiteObsHttpFilter.DEFAULT_REQUEST_ID_HEADER).orElseThrow(),
                row.requestId());
        assertEquals(TRACE_ID, row.traceId());
        assertEquals("alice", row.user());
        assertEquals(InetAddress.getLoopbackAddress().getHostAddress(), row.clientAddress());
        assertEquals("orders-test/1.0", row.userAgent());
        assertEquals("expand=items", row.query());
        assertNull(row.error());
    }

    @Test
    void chunkedResponse_isCountedAsWritten() throws Exception {
        start(HttpLoggingOptions.DEFAULT);
        context("/report", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                for (int i = 0; i < 100; i++) {
                    body.write("line of the report\n".getBytes(UTF_8));
                }
            }
        }, LiteObsHttpFilter.create(obs.http()));

        assertEquals(200, get("/report").statusCode());

        HttpRequest row = onlyRow();
        assertEquals(100L * "line of the report\n".length(), row.responseBytes());
    }

    @Test
    void requestId_isMadeWhenTheCallerSentNone_andEchoed() throws Exception {
        start(HttpLoggingOptions.DEFAULT);
        AtomicReference<Object> seenByHandler = new AtomicReference<>();
        context("/ping", exchange -> {
            seenByHandler.set(exchange.getAttribute(LiteObsHttpFilter.REQUEST_ID_ATTRIBUTE));
            respond(exchange, 200, "pong");
        }, LiteObsHttpFilter.create(obs.http()));

        HttpResponse<String> response = get("/ping");

        String echoed = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertEquals(7, UUID.fromString(echoed).version(), echoed);
        assertEquals(echoed, seenByHandler.get());
        assertEquals(echoed, onlyRow().requestId());
    }

    @Test
    void callersRequestId_isKept_inTheHeaderTheFilterIsToldOf() throws Exception {
        start(HttpLoggingOptions.DEFAULT);
        context("/ping", exchange -> respond(exchange, 200, "pong"),
                LiteObsHttpFilter.builder(obs.http()).requestIdHeader("X-Correlation-Id").build());

        HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(uri("/ping"))
                .header("X-Correlation-Id", "checkout-7f3a").build(), HttpResponse.BodyHandlers.ofString());

        assertEquals("checkout-7f3a", response.headers().firstValue("X-Correlation-Id").orElseThrow());
        assertFalse(response.headers().firstValue("X-Request-Id").isPresent());
        assertEquals("checkout-7f3a", onlyRow().requestId());
    }

    @Test
    void withoutRequestIds_noneIsMadeEchoedOrRecorded() throws Exception {
        start(HttpLoggingOptions.DEFAULT);
        context("/ping", exchange -> respond(exchange, 200, "pong"),
                LiteObsHttpFilter.builder(obs.http()).withoutRequestIds().build());

        HttpResponse<String> response = client.send(java.net.http.HttpRequest.newBuilder(uri("/ping"))
                .header("X-Request-Id", "from-the-caller").build(), HttpResponse.BodyHandlers.ofString());

        assertFalse(response.headers().firstValue("X-Request-Id").isPresent());
        assertNull(onlyRow().requestId());
    }

    @Test
    void handlerThatThrows_isRecordedAs500_andTheExceptionGoesOnToTheServer() throws Exception {
        start(HttpLoggingOptions.DEFAULT);
        AtomicReference<Throwable> reachedTheServer = new AtomicReference<>();
        HttpContext context = server.createContext("/fail", exchange -> {
            throw new IllegalStateException("payment service unavailable");
        });
        // an outer filter stands where the server is: it sees what the LiteObs filter lets through
        context.getFilters().add(new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                try {
                    chain.doFilter(exchange);
                } catch (RuntimeException e) {
                    reachedTheServer.set(e);
                    throw e;
                }
            }

            @Override
            public String description() {
                return "what the server sees";
            }
        });
        context.getFilters().add(LiteObsHttpFilter.create(obs.http()));

        assertThrows(IOException.class, () -> post("/fail"), "the server closes the connection");

        Await.until("the exception reaches the server", () -> reachedTheServer.get() != null);
        assertInstanceOf(IllegalStateException.class, reachedTheServer.get());
        HttpRequest row = onlyRow();
        assertEquals(500, row.status());
        assertEquals("java.lang.IllegalStateException: payment service unavailable", row.error());
    }

    @Test
    void handlerThatSendsNoResponse_isRecordedAs500() throws Exception {
        start(HttpLoggingOptions.DEFAULT);
        context("/silent", exchange -> exchange.close(), LiteObsHttpFilter.create(obs.http()));

        assertThrows(IOException.class, () -> post("/silent"));

        assertEquals(500, onlyRow().status());
    }

    @Test
    void routeResolver_suppliesTheTemplate() throws Exception {
        start(HttpLoggingOptions.DEFAULT);
        context("/catalogue/", exchange -> respond(exchange, 200, "[]"),
                LiteObsHttpFilter.builder(obs.http()).routes(RouteResolver.contextPath()).build());

        get("/catalogue/shoes/red");

        HttpRequest row = onlyRow();
        assertEquals("/catalogue/", row.route());
        assertEquals("/catalogue/shoes/red", row.path());
    }

    @Test
    void routeResolverThatThrows_leavesTheRouteToTheLogger() throws Exception {
        start(HttpLoggingOptions.DEFAULT);
        context("/ping", exchange -> respond(exchange, 200, "pong"),
                LiteObsHttpFilter.builder(obs.http()).routes(exchange -> {
                    throw new IllegalStateException("no route table");
                }).build());

        assertEquals(200, get("/ping").statusCode());

        assertEquals("/ping", onlyRow().route());
    }

    @Test
    void byDefault_noUserQueryUserAgentOrClientAddressReachesTheFile() throws Exception {
        Path file = start(HttpLoggingOptions.DEFAULT);
        HttpContext context = context("/private", exchange -> respond(exchange, 200, "ok"),
                LiteObsHttpFilter.create(obs.http()));
        context.setAuthenticator(new BasicAuthenticator("shop") {
            @Override
            public boolean checkCredentials(String user, String password) {
                return true;
            }
        });

        client.send(java.net.http.HttpRequest.newBuilder(uri("/private/visible-path-marker?card=query-secret-4111"))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("user-secret-bob:password-secret".getBytes(UTF_8)))
                .header("User-Agent", "agent-secret-browser")
                .build(), HttpResponse.BodyHandlers.ofString());
        HttpRequest row = onlyRow();
        assertNull(row.user());
        assertNull(row.query());
        assertNull(row.userAgent());
        assertNull(row.clientAddress());
        obs.close();

        String bytes = fileBytes(file);
        assertTrue(bytes.contains("visible-path-marker"), "the request is in the file");
        for (String secret : new String[] {"query-secret", "user-secret", "password-secret", "agent-secret",
                InetAddress.getLoopbackAddress().getHostAddress()}) {
            assertFalse(bytes.contains(secret), secret + " is in the file");
        }
    }

    private Path start(HttpLoggingOptions http) throws IOException {
        Path file = dir.resolve("obs.db");
        obs = LiteObs.builder(SqliteStore.open(file)).http(http).build();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(serverThreads);
        server.start();
        return file;
    }

    private HttpContext context(String path, HttpHandler handler, LiteObsHttpFilter filter) {
        HttpContext context = server.createContext(path, handler);
        context.getFilters().add(filter);
        return context;
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private URI uri(String path) {
        return URI.create("http://" + InetAddress.getLoopbackAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(java.net.http.HttpRequest.newBuilder(uri(path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A POST, which the client does not send again when the connection closes, as it does a GET. */
    private HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return client.send(java.net.http.HttpRequest.newBuilder(uri(path))
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
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
