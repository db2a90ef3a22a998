package io.liteobs.benchmarks;

import static java.nio.charset.StandardCharsets.US_ASCII;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.liteobs.HttpRequest;
import io.liteobs.LiteObs;
import io.liteobs.RedactionPolicy;
import io.liteobs.instrumentation.jdkhttp.LiteObsHttpFilter;
import io.liteobs.memory.InMemoryStore;
import io.liteobs.sqlite.SqliteStore;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What {@link LiteObsHttpFilter} adds to a request: one JDK {@code HttpServer} on a loopback port answers the same
 * handler at {@code /plain} and, behind the filter, at {@code /filtered}; a keep-alive client on a raw socket sends
 * one request after the other and reads each whole response. The difference between the two is the filter's cost,
 * and the writer's that it competes with for the cores: {@code store=discarding} records into an in-memory store
 * that keeps nothing, {@code store=sqlite} into a SQLite file as a service would. Loopback requests on a shared
 * machine vary by more than the filter costs, so {@link #filterAlone} and {@link #handlerAlone} measure the filter
 * without the network: the same handler called through a {@code Filter.Chain} with and without the filter, on an
 * {@link InMemoryExchange}; {@link #recordAlone} is the part of it that is the logger's: building the request the
 * filter builds for that exchange and recording it; {@link #redactRequestId} is the part of that which redacts the
 * request id.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar HttpFilterBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
// Without TCP_NODELAY the server's separate writes of headers and body meet the client's delayed ACK: 40 ms a request
@Fork(value = 3, jvmArgsAppend = "-Dsun.net.httpserver.nodelay=true")
public class HttpFilterBenchmark {

    /** A request id as the filter makes them: a UUIDv7. */
    private static final String REQUEST_ID = "01a239cf-bb39-746c-8108-095d72f59515";
    private static final RedactionPolicy REDACTION = RedactionPolicy.defaults();
    private static final byte[] BODY = "{\"status\":\"ok\"}".getBytes(US_ASCII);

    /** The server, its two contexts, and the LiteObs the filter records into. */
    @State(Scope.Benchmark)
    public static class Server {
        @Param({"discarding", "sqlite"})
        public String store;

        HttpServer server;
        LiteObs obs;
        BenchFiles files;

        @Setup(Level.Trial)
        public void start() throws IOException {
            files = BenchFiles.temporary(BenchFiles.SYSTEM_TEMP);
            obs = LiteObs.builder(switch (store) {
                case "discarding" -> InMemoryStore.builder().name("discarding").maxRowsPerKind(0).build();
                case "sqlite" -> SqliteStore.open(files.newFile("http", false));
                default -> throw new IllegalArgumentException("store is discarding or sqlite, got " + store);
            }).build();
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/plain", Server::answer);
            server.createContext("/filtered", Server::answer).getFilters().add(LiteObsHttpFilter.create(obs.http()));
            server.start();
        }

        @TearDown(Level.Trial)
        public void stop() {
            server.stop(0);
            obs.close();
            files.close();
        }

        private static void answer(HttpExchange exchange) throws IOException {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, BODY.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(BODY);
            }
        }
    }

    /** One keep-alive connection per benchmark thread. */
    @State(Scope.Thread)
    public static class Client {
        private Socket socket;
        private OutputStream out;
        private InputStream in;
        private byte[] plain;
        private byte[] filtered;

        @Setup(Level.Trial)
        public void connect(Server server) throws IOException {
            InetSocketAddress address = server.server.getAddress();
            socket = new Socket(address.getAddress(), address.getPort());
            socket.setTcpNoDelay(true);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
            String host = address.getAddress().getHostAddress() + ":" + address.getPort();
            plain = request("/plain/orders/1001", host);
            filtered = request("/filtered/orders/1001", host);
        }

        @TearDown(Level.Trial)
        public void close() throws IOException {
            socket.close();
        }

        private static byte[] request(String path, String host) {
            return ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nUser-Agent: bench/1.0\r\n\r\n")
                    .getBytes(US_ASCII);
        }

        /** Sends the request and reads its response to the last byte of the body; returns the status. */
        int exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String statusLine = line();
            int contentLength = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    contentLength = Integer.parseInt(header.substring("content-length:".length()).trim());
                }
            }
            if (in.readNBytes(contentLength).length != contentLength) {
                throw new IOException("the server closed the connection within a response");
            }
            return Integer.parseInt(statusLine.substring(9, 12));
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder(64);
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the server closed the connection");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }
    }

    /** The filter, and a handler that answers 200 with an empty body. */
    @State(Scope.Thread)
    public static class Chains {
        final HttpHandler handler = exchange -> exchange.sendResponseHeaders(200, -1);
        List<Filter> filtered;
        List<Filter> filteredWithoutRequestIds;

        @Setup(Level.Trial)
        public void build(Server server) {
            filtered = List.of(LiteObsHttpFilter.create(server.obs.http()));
            filteredWithoutRequestIds =
                    List.of(LiteObsHttpFilter.builder(server.obs.http()).withoutRequestIds().build());
        }
    }

    // a Filter.Chain walks its filters with one iterator: one chain per call
    @Benchmark
    public int handlerAlone(Chains chains) throws IOException {
        InMemoryExchange exchange = new InMemoryExchange("/orders/1001");
        new Filter.Chain(List.of(), chains.handler).doFilter(exchange);
        return exchange.getResponseCode();
    }

    @Benchmark
    public int filterAlone(Chains chains) throws IOException {
        InMemoryExchange exchange = new InMemoryExchange("/orders/1001");
        new Filter.Chain(chains.filtered, chains.handler).doFilter(exchange);
        return exchange.getResponseCode();
    }

    @Benchmark
    public int filterAloneWithoutRequestIds(Chains chains) throws IOException {
        InMemoryExchange exchange = new InMemoryExchange("/orders/1001");
        new Filter.Chain(chains.filteredWithoutRequestIds, chains.handler).doFilter(exchange);
        return exchange.getResponseCode();
    }

    /** What the logger's redaction costs for a request id of the filter's making, which {@link #recordAlone} pays. */
    @Benchmark
    public String redactRequestId() {
        return REDACTION.redactText(REQUEST_ID);
    }

    @Benchmark
    public boolean recordAlone(Server server) {
        return server.obs.http().record(HttpRequest.builder("GET", "/orders/1001")
                .status(200)
                .startedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
                .durationNanos(1_000)
                .responseBytes(0)
                .requestId(REQUEST_ID)
                .clientAddress("127.0.0.1")
                .userAgent(InMemoryExchange.USER_AGENT)
                .build());
    }

    @Benchmark
    public int withoutFilter(Client client) throws IOException {
        return client.exchange(client.plain);
    }

    @Benchmark
    public int withFilter(Client client) throws IOException {
        return client.exchange(client.filtered);
    }
}
