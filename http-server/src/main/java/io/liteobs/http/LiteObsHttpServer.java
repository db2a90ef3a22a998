package io.liteobs.http;

import com.sun.net.httpserver.HttpServer;
import io.liteobs.LiteObs;
import io.liteobs.alerting.Objective;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.spi.StoreReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dashboard, the JSON API, {@code /metrics} and the probes of {@link LiteObsHttpHandler}, served by the JDK's
 * built-in HTTP server on a few daemon threads.
 *
 * <pre>{@code
 * try (LiteObs obs = LiteObs.builder(SqliteStore.open(Path.of("service-obs.db"))).build();
 *      LiteObsHttpServer http = LiteObsHttpServer.builder(obs).port(9464).start()) {
 *     System.out.println("dashboard at " + http.url());      // http://127.0.0.1:9464/
 *     ...
 * }
 * }</pre>
 *
 * <p>It listens on the loopback address unless told otherwise; any other address requires an access token, so that
 * stored data never reaches the network unguarded:
 *
 * <pre>{@code
 * LiteObsHttpServer.builder(obs).bindAddress("0.0.0.0").accessToken(System.getenv("LITEOBS_TOKEN")).start();
 * }</pre>
 *
 * <p>Over a file that another process writes, give it a reader: {@code LiteObsHttpServer.builder(
 * SqliteReader.open(path)).start()} serves the file without ever writing to it. {@link #close()} stops the server;
 * the LiteObs or reader it serves stays open.
 */
public final class LiteObsHttpServer implements AutoCloseable {

    /** The port unless set: 9464, which Prometheus's list of default exporter ports gives OpenTelemetry's. */
    public static final int DEFAULT_PORT = 9464;
    /** The threads that answer requests, unless set. */
    public static final int DEFAULT_THREADS = 2;
    /** How long {@link #close()} lets requests in progress finish. */
    public static final Duration STOP_GRACE = Duration.ofSeconds(1);
    /**
     * Requests waiting for a thread; beyond this many the server's accepting thread answers the next one itself,
     * which holds back new requests until the threads catch up.
     */
    static final int MAX_WAITING_REQUESTS = 64;

    private static final Logger LOG = LoggerFactory.getLogger(LiteObsHttpServer.class);
    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpServer server;
    private final ExecutorService threads;
    private final LiteObsHttpHandler handler;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LiteObsHttpServer(HttpServer server, ExecutorService threads, LiteObsHttpHandler handler) {
        this.server = server;
        this.threads = threads;
        this.handler = handler;
    }

    /**
     * A builder serving a running LiteObs.
     *
     * @param obs the running {@code LiteObs} whose store, recorders and counters are served
     * @return a builder serving a running LiteObs
     */
    public static Builder builder(LiteObs obs) {
        return new Builder(LiteObsHttpHandler.builder(obs));
    }

    /**
     * A builder serving a store read by itself, such as a file opened with {@code SqliteReader.open}.
     *
     * @param reader the store to serve, read only; it stays the caller's to close
     * @return a builder serving a store read by itself, such as a file opened with {@code SqliteReader.open}
     */
    public static Builder builder(StoreReader reader) {
        return new Builder(LiteObsHttpHandler.builder(reader));
    }

    /**
     * The address and port it listens on; the port is the one chosen when the builder asked for port 0.
     *
     * @return the address and port it listens on
     */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /**
     * The address of the dashboard, such as {@code http://127.0.0.1:9464/}.
     *
     * @return the address of the dashboard, such as {@code http://127.0.0.1:9464/}
     */
    public URI url() {
        InetSocketAddress address = address();
        String host = address.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + "/");
    }

    /**
     * The handler it serves, which another server can mount too.
     *
     * @return the handler it serves, which another server can mount too
     */
    public LiteObsHttpHandler handler() {
        return handler;
    }

    /** Stops listening, lets requests in progress finish for up to {@link #STOP_GRACE}; idempotent. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        server.stop((int) STOP_GRACE.toSeconds());
        threads.shutdown();
        try {
            if (!threads.awaitTermination(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** Builds and starts a {@link LiteObsHttpServer}. */
    public static final class Builder {
        private final LiteObsHttpHandler.Builder handler;
        private InetAddress bindAddress = InetAddress.getLoopbackAddress();
        private int port = DEFAULT_PORT;
        private int threads = DEFAULT_THREADS;

        private Builder(LiteObsHttpHandler.Builder handler) {
            this.handler = handler;
        }

        /**
         * The port, 0 for any free one; {@value #DEFAULT_PORT} unless set.
         *
         * @param listenPort the port, 0 for any free one
         * @return this builder
         */
        public Builder port(int listenPort) {
            if (listenPort < 0 || listenPort > 65_535) {
                throw new IllegalArgumentException("port must be from 0 to 65535, got " + listenPort);
            }
            this.port = listenPort;
            return this;
        }

        /**
         * The address to listen on; the loopback address unless set. Any other requires an access token.
         *
         * @param address the address to listen on
         * @return this builder
         */
        public Builder bindAddress(InetAddress address) {
            this.bindAddress = Objects.requireNonNull(address, "bindAddress");
            return this;
        }

        /**
         * The address to listen on, by name or literal, such as {@code 0.0.0.0} or {@code ::1}.
         *
         * @param host the address to listen on, by name or literal, such as {@code 0.0.0.0} or {@code ::1}
         * @return the address to listen on, by name or literal, such as {@code 0.0.0.0} or {@code ::1}
         */
        public Builder bindAddress(String host) {
            Objects.requireNonNull(host, "bindAddress");
            try {
                return bindAddress(InetAddress.getByName(host));
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("bindAddress '" + host + "' is not an address of this host", e);
            }
        }

        /**
         * The threads that answer requests; {@value #DEFAULT_THREADS} unless set.
         *
         * @param count the threads that answer requests
         * @return this builder
         */
        public Builder threads(int count) {
            if (count < 1 || count > 64) {
                throw new IllegalArgumentException("threads must be from 1 to 64, got " + count);
            }
            this.threads = count;
            return this;
        }

        /**
         * See {@link LiteObsHttpHandler.Builder#runtime}.
         *
         * @param runtime see {@link LiteObsHttpHandler.Builder#runtime}
         * @return this builder
         */
        public Builder runtime(LiteObsRuntime runtime) {
            handler.runtime(runtime);
            return this;
        }

        /**
         * See {@link LiteObsHttpHandler.Builder#accessToken}; required to listen on a non-loopback address.
         *
         * @param token see {@link LiteObsHttpHandler.Builder#accessToken}
         * @return this builder
         */
        public Builder accessToken(@Nullable String token) {
            handler.accessToken(token);
            return this;
        }

        /**
         * See {@link LiteObsHttpHandler.Builder#objectives}.
         *
         * @param objectives the objectives {@code /api/slo} reports
         * @return this builder
         */
        public Builder objectives(List<Objective> objectives) {
            handler.objectives(objectives);
            return this;
        }

        /**
         * See {@link LiteObsHttpHandler.Builder#maxScrapeSeries}.
         *
         * @param series see {@link LiteObsHttpHandler.Builder#maxScrapeSeries}
         * @return this builder
         */
        public Builder maxScrapeSeries(int series) {
            handler.maxScrapeSeries(series);
            return this;
        }

        /**
         * See {@link LiteObsHttpHandler.Builder#scrapeMaxAge}.
         *
         * @param age see {@link LiteObsHttpHandler.Builder#scrapeMaxAge}
         * @return this builder
         */
        public Builder scrapeMaxAge(Duration age) {
            handler.scrapeMaxAge(age);
            return this;
        }

        /**
         * Binds and starts serving.
         *
         * @return this server, listening
         * @throws IllegalArgumentException when the address is not loopback and there is no access token
         * @throws UncheckedIOException     when the address cannot be bound, such as a port in use
         */
        public LiteObsHttpServer start() {
            if (!bindAddress.isLoopbackAddress() && handler.accessToken() == null) {
                throw new IllegalArgumentException("bindAddress " + bindAddress.getHostAddress() + " is reachable"
                        + " from other hosts: set accessToken too, or listen on 127.0.0.1");
            }
            LiteObsHttpHandler built = handler.build();
            HttpServer server;
            try {
                server = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on " + bindAddress.getHostAddress() + ":" + port
                        + " (" + e.getMessage() + "): choose another port, or 0 for any free one", e);
            }
            ExecutorService pool = threadPool(threads);
            server.setExecutor(pool);
            server.createContext("/", exchange -> {
                try {
                    built.handle(new JdkExchange(exchange));
                } catch (IOException e) {
                    LOG.debug("Could not answer {} {}: {}", exchange.getRequestMethod(), exchange.getRequestURI(),
                            e.getMessage());
                } finally {
                    exchange.close();
                }
            });
            server.start();
            LiteObsHttpServer started = new LiteObsHttpServer(server, pool, built);
            LOG.info("LiteObs HTTP server listening at {}", started.url());
            return started;
        }

        private static ExecutorService threadPool(int count) {
            int server = SERVERS.incrementAndGet();
            AtomicInteger thread = new AtomicInteger();
            return new ThreadPoolExecutor(count, count, 0, TimeUnit.MILLISECONDS,
                    new LinkedBlockingQueue<>(MAX_WAITING_REQUESTS), runnable -> {
                        Thread t = new Thread(runnable, "liteobs-http-" + server + "-" + thread.incrementAndGet());
                        t.setDaemon(true);
                        t.setUncaughtExceptionHandler((failed, e) ->
                                LOG.error("LiteObs HTTP thread {} failed", failed.getName(), e));
                        return t;
                    }, new ThreadPoolExecutor.CallerRunsPolicy());
        }
    }
}
