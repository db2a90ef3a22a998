package io.liteobs.examples;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.liteobs.HttpRequestLogger;
import io.liteobs.instrumentation.jdkhttp.LiteObsHttpFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The order service's HTTP API on the JDK's own server, every context behind {@link LiteObsHttpFilter}, and a client
 * that calls it as the service's users would: orders are listed, read and placed, the catalogue browsed, the daily
 * report fetched. Some calls are slow (the report), some fail: a payment outage throws out of the handler (recorded
 * as 500), an unknown order is a 404, a report not ready yet a 503.
 */
final class OrderApi implements AutoCloseable {

    /** The highest order id that exists; the client asks for some above it. */
    private static final int LAST_ORDER = 900;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final HttpClient client = HttpClient.newHttpClient();

    private OrderApi(HttpServer server, ExecutorService handlers) {
        this.server = server;
        this.handlers = handlers;
    }

    /** Serves the API on an ephemeral loopback port, recording each request through {@code requests}. */
    static OrderApi start(HttpRequestLogger requests) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        LiteObsHttpFilter filter = LiteObsHttpFilter.create(requests);
        server.createContext("/orders", OrderApi::orders).getFilters().add(filter);
        server.createContext("/catalogue", OrderApi::catalogue).getFilters().add(filter);
        server.createContext("/reports/daily", OrderApi::dailyReport).getFilters().add(filter);
        ExecutorService handlers = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "order-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(handlers);
        server.start();
        return new OrderApi(server, handlers);
    }

    /** Where the API listens. */
    URI address() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort());
    }

    /** Calls the API until the deadline ({@link System#nanoTime()}), one request after the other. */
    void sendTrafficUntil(long deadlineNanos) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (System.nanoTime() - deadlineNanos < 0) {
            int pick = random.nextInt(100);
            HttpRequest.Builder request;
            if (pick < 45) {
                request = HttpRequest.newBuilder(address().resolve("/orders/" + random.nextInt(1, LAST_ORDER + 60)));
            } else if (pick < 70) {
                request = HttpRequest.newBuilder(address().resolve("/orders"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"tea\",\"quantity\":2}"));
            } else if (pick < 95) {
                request = HttpRequest.newBuilder(address().resolve("/catalogue?page=" + random.nextInt(1, 5)));
            } else {
                request = HttpRequest.newBuilder(address().resolve("/reports/daily"));
            }
            try {
                client.send(request.build(), HttpResponse.BodyHandlers.discarding());
            } catch (IOException e) {
                // a handler that throws closes the connection: the filter recorded it as a 500
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        handlers.shutdown();
    }

    /** {@code GET /orders/{id}} reads an order; {@code POST /orders} places one, unless payments are down. */
    private static void orders(HttpExchange exchange) throws IOException {
        if ("POST".equals(exchange.getRequestMethod())) {
            exchange.getRequestBody().readAllBytes();
            pause(5, 30);
            if (ThreadLocalRandom.current().nextInt(25) == 0) {
                throw new IllegalStateException("payment service unavailable");
            }
            respond(exchange, 201, "{\"status\":\"accepted\"}");
            return;
        }
        String path = exchange.getRequestURI().getPath();
        int id = Integer.parseInt(path.substring(path.lastIndexOf('/') + 1));
        pause(1, 10);
        if (id > LAST_ORDER) {
            respond(exchange, 404, "{\"error\":\"no order " + id + "\"}");
        } else {
            respond(exchange, 200, "{\"id\":" + id + ",\"status\":\"paid\"}");
        }
    }

    /** {@code GET /catalogue}: quick. */
    private static void catalogue(HttpExchange exchange) throws IOException {
        pause(1, 4);
        respond(exchange, 200, "[\"tea\",\"coffee\"]");
    }

    /** {@code GET /reports/daily}: slow, and now and then not ready. */
    private static void dailyReport(HttpExchange exchange) throws IOException {
        pause(80, 200);
        boolean ready = ThreadLocalRandom.current().nextInt(8) != 0;
        respond(exchange, ready ? 200 : 503, ready ? "{\"orders\":1234}" : "{\"error\":\"not ready\"}");
    }

    /** Takes between the bounds, in milliseconds, as a handler that does real work would. */
    private static void pause(int fromMillis, int toMillis) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(fromMillis, toMillis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
