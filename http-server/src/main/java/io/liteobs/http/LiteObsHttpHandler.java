package io.liteobs.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.liteobs.Labels;
import io.liteobs.LiteObs;
import io.liteobs.alerting.Objective;
import io.liteobs.runtime.LiteObsRuntime;
import io.liteobs.spi.StoreException;
import io.liteobs.spi.StoreReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the HTTP side serves, behind one server-neutral entry point: {@link #handle(HttpExchangeAdapter)}.
 * {@link LiteObsHttpServer} mounts it in the JDK's built-in server; another server (a servlet, a Spring controller)
 * mounts it with an adapter of a few lines.
 *
 * <pre>{@code
 * LiteObsHttpHandler handler = LiteObsHttpHandler.builder(obs)
 *         .runtime(runtime)                         // the health score and explain mode
 *         .accessToken(System.getenv("LITEOBS_TOKEN"))
 *         .build();
 * }</pre>
 *
 * <p>What it serves: {@code /healthz} and {@code /readyz}; {@code /metrics} in the Prometheus text format or
 * OpenMetrics; the JSON API under {@code /api} ({@code GET /api} lists it); the dashboard at {@code /}. Rules that
 * hold for every request: only {@code GET} and {@code HEAD} (405 otherwise); no request body (413); a path and
 * query of at most {@value #MAX_URI_LENGTH} characters (414); parameters checked, 400 with a JSON message naming
 * the parameter otherwise. With an access token, the data ({@code /api}, {@code /metrics}) requires
 * {@code Authorization: Bearer <token>} (401 otherwise); the probes and the dashboard's own files do not, since
 * they hold no data.
 */
public final class LiteObsHttpHandler {

    /** The longest path and query string taken, in characters. */
    public static final int MAX_URI_LENGTH = 4_096;
    /** The most stored series a scrape of {@code /metrics} exposes, unless set. */
    public static final int DEFAULT_MAX_SCRAPE_SERIES = 10_000;
    /** A stored series whose latest point is older than this is left out of {@code /metrics}, unless set. */
    public static final Duration DEFAULT_SCRAPE_MAX_AGE = Duration.ofHours(1);
    /** The shortest access token taken, in characters. */
    public static final int MIN_TOKEN_LENGTH = 16;

    private static final Logger LOG = LoggerFactory.getLogger(LiteObsHttpHandler.class);

    private static final String JSON = "application/json; charset=utf-8";
    private static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(MapperFeature.AUTO_DETECT_IS_GETTERS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .addModule(new SimpleModule("liteobs-values")
                    .addSerializer(Labels.class, new StdSerializer<>(Labels.class) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public void serialize(Labels labels, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            provider.defaultSerializeValue(labels.asMap(), out);
                        }
                    })
                    .addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public void serialize(Instant instant, JsonGenerator out, SerializerProvider provider)
                                throws IOException {
                            out.writeString(instant.toString());
                        }
                    }))
            .build();

    private final StoreReader reader;
    private final JsonApi api;
    private final PrometheusScrape scrape;
    private final Probes probes;
    private final Dashboard dashboard;
    private final byte @Nullable [] tokenDigest;

    private LiteObsHttpHandler(Builder builder) {
        this.reader = builder.reader;
        this.api = new JsonApi(builder.reader, builder.obs, builder.runtime, builder.clock, builder.objectives);
        this.scrape = new PrometheusScrape(builder.reader, builder.obs, builder.runtime, builder.clock,
                builder.maxScrapeSeries, builder.scrapeMaxAge);
        this.probes = new Probes(builder.reader, builder.obs);
        this.dashboard = new Dashboard();
        this.tokenDigest = builder.accessToken != null ? sha256(builder.accessToken) : null;
    }

    /**
     * A builder serving a running LiteObs: its store, its recorders' counters, its store's state.
     *
     * @param obs the running {@code LiteObs} whose store, recorders and counters are served
     * @return a builder serving a running LiteObs
     */
    public static Builder builder(LiteObs obs) {
        Objects.requireNonNull(obs, "obs");
        return new Builder(obs.store(), obs);
    }

    /**
     * A builder serving a store read by itself, such as a file opened with {@code SqliteReader.open}.
     *
     * @param reader the store to serve, read only; it stays the caller's to close
     * @return a builder serving a store read by itself, such as a file opened with {@code SqliteReader.open}
     */
    public static Builder builder(StoreReader reader) {
        return new Builder(Objects.requireNonNull(reader, "reader"), null);
    }

    /**
     * Whether requests for data need a bearer token.
     *
     * @return whether requests for data need a bearer token
     */
    public boolean requiresToken() {
        return tokenDigest != null;
    }

    /**
     * Answers one request. Never throws for a failure of the store or of the request: those are answered with a
     * status and a JSON message; only a failure to write the response is thrown.
     *
     * @param exchange the request, and the means to answer it
     * @throws IOException when the response cannot be written, for example because the client has gone
     */
    public void handle(HttpExchangeAdapter exchange) throws IOException {
        Response response;
        try {
            response = respond(exchange);
        } catch (BadRequestException e) {
            response = error(e.status(), e.getMessage());
        } catch (StoreException e) {
            LOG.warn("A request to {} failed reading {}: {}", exchange.path(), reader.name(), e.getMessage());
            response = error(503, "the store could not be read: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("A request to {} over {} failed", exchange.path(), reader.name(), e);
            response = error(500, "internal error; the server's log has the details");
        }
        Map<String, String> headers = new LinkedHashMap<>(response.headers());
        headers.put("Content-Type", response.contentType());
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Cross-Origin-Resource-Policy", "same-origin");
        headers.putIfAbsent("Content-Security-Policy", API_POLICY);
        headers.putIfAbsent("Cache-Control", "no-store");
        boolean head = "HEAD".equalsIgnoreCase(exchange.method());
        exchange.send(response.status(), headers, head ? new byte[0] : response.body());
    }

    private Response respond(HttpExchangeAdapter exchange) throws JsonProcessingException {
        String method = exchange.method().toUpperCase(Locale.ROOT);
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return error(405, "read-only: only GET and HEAD are served").withHeader("Allow", "GET, HEAD");
        }
        String path = exchange.path();
        String query = exchange.rawQuery();
        if (path.length() + (query != null ? query.length() + 1 : 0) > MAX_URI_LENGTH) {
            return error(414, "the path and query are longer than " + MAX_URI_LENGTH + " characters");
        }
        if (exchange.contentLength() != 0) {
            return error(413, "requests carry no body here");
        }
        switch (path) {
            case "/healthz":
                QueryParameters.parse(query, Set.of());
                return probe(probes.live());
            case "/readyz":
                QueryParameters.parse(query, Set.of());
                return probe(probes.ready());
            default:
                break;
        }
        Response asset = dashboard.asset(path);
        if (asset != null) {
            return asset;
        }
        boolean data = path.equals("/metrics") || path.equals("/api") || path.startsWith("/api/");
        if (!data) {
            return error(404, "nothing at " + path + "; GET /api lists the endpoints");
        }
        if (!authorized(exchange.header("Authorization"))) {
            return error(401, "this server requires an access token: send Authorization: Bearer <token>")
                    .withHeader("WWW-Authenticate", "Bearer realm=\"liteobs\"");
        }
        if (path.equals("/metrics")) {
            QueryParameters.parse(query, Set.of());
            PrometheusScrape.Scrape result = scrape.scrape(exchange.header("Accept"));
            return new Response(200, result.contentType(), result.body(), Map.of());
        }
        JsonApi.Endpoint endpoint = api.endpoint(path);
        if (endpoint == null) {
            return error(404, "no endpoint " + path + "; GET /api lists them");
        }
        Object answer = endpoint.answer().apply(QueryParameters.parse(query, endpoint.parameters()));
        return new Response(200, JSON, MAPPER.writeValueAsBytes(answer), Map.of());
    }

    private boolean authorized(@Nullable String authorization) {
        if (tokenDigest == null) {
            return true;
        }
        String prefix = "Bearer ";
        if (authorization == null || !authorization.regionMatches(true, 0, prefix, 0, prefix.length())) {
            return false;
        }
        // digests of equal length, compared in constant time: neither the token nor its length leaks by timing
        return MessageDigest.isEqual(tokenDigest, sha256(authorization.substring(prefix.length()).trim()));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    private static Response probe(Probes.Result result) throws JsonProcessingException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", result.passed() ? "ok" : "failing");
        if (!result.passed()) {
            body.put("problems", result.problems());
        }
        return new Response(result.passed() ? 200 : 503, JSON, MAPPER.writeValueAsBytes(body), Map.of());
    }

    private static Response error(int status, String message) {
        try {
            return new Response(status, JSON, MAPPER.writeValueAsBytes(Map.of("status", status, "error", message)),
                    Map.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of a number and a string is always written", e);
        }
    }

    /** A response before the headers every response carries are added. */
    record Response(int status, String contentType, byte[] body, Map<String, String> headers) {
        Response withHeader(String name, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(name, value);
            return new Response(status, contentType, body, more);
        }
    }

    /** Builds a {@link LiteObsHttpHandler}. */
    public static final class Builder {
        private final StoreReader reader;
        private final @Nullable LiteObs obs;
        private @Nullable LiteObsRuntime runtime;
        private @Nullable String accessToken;
        private int maxScrapeSeries = DEFAULT_MAX_SCRAPE_SERIES;
        private Duration scrapeMaxAge = DEFAULT_SCRAPE_MAX_AGE;
        private Clock clock = Clock.systemUTC();
        private List<Objective> objectives = List.of();

        private Builder(StoreReader reader, @Nullable LiteObs obs) {
            this.reader = reader;
            this.obs = obs;
        }

        /**
         * Serves the health score ({@code /api/health}, {@code liteobs_health_score}) and explain mode from it.
         *
         * @param healthSource the runtime whose health score and explain mode are served
         * @return this builder
         */
        public Builder runtime(LiteObsRuntime healthSource) {
            this.runtime = Objects.requireNonNull(healthSource, "runtime");
            return this;
        }

        /**
         * Requires {@code Authorization: Bearer <token>} on every request for data.
         *
         * @param token at least {@value #MIN_TOKEN_LENGTH} characters; null for none
         * @return this builder
         */
        public Builder accessToken(@Nullable String token) {
            if (token != null && token.strip().length() < MIN_TOKEN_LENGTH) {
                throw new IllegalArgumentException("accessToken must have at least " + MIN_TOKEN_LENGTH
                        + " characters: generate one, for example with `openssl rand -hex 24`");
            }
            this.accessToken = token != null ? token.strip() : null;
            return this;
        }

        /**
         * The most stored series one scrape exposes; {@value #DEFAULT_MAX_SCRAPE_SERIES} unless set.
         *
         * @param series the most stored series one scrape exposes
         * @return this builder
         */
        public Builder maxScrapeSeries(int series) {
            if (series < 0) {
                throw new IllegalArgumentException("maxScrapeSeries must be 0 or more, got " + series);
            }
            this.maxScrapeSeries = series;
            return this;
        }

        /**
         * Stored series not written to for this long are left out of a scrape; one hour unless set.
         *
         * @param age stored series not written to for this long are left out of a scrape
         * @return this builder
         */
        public Builder scrapeMaxAge(Duration age) {
            if (age.isNegative() || age.isZero()) {
                throw new IllegalArgumentException("scrapeMaxAge must be positive, got " + age);
            }
            this.scrapeMaxAge = age;
            return this;
        }

        /**
         * The clock that relative ranges ({@code range=1h}) and liveness are measured by; the system's unless set.
         *
         * @param now the clock that relative ranges ({@code range=1h}) and liveness are measured by
         * @return this builder
         */
        public Builder clock(Clock now) {
            this.clock = Objects.requireNonNull(now, "clock");
            return this;
        }

        /**
         * Serves the error budgets of these service level objectives at {@code /api/slo}, and the dashboard's
         * objectives panel; none unless set.
         *
         * @param served the objectives, replacing those set before
         * @return this builder
         */
        public Builder objectives(List<Objective> served) {
            this.objectives = List.copyOf(served);
            return this;
        }

        @Nullable String accessToken() {
            return accessToken;
        }

        /**
         * Builds the handler, which serves from now on.
         *
         * @return the handler, to mount on a server with {@link HttpExchangeAdapter}
         */
        public LiteObsHttpHandler build() {
            return new LiteObsHttpHandler(this);
        }
    }
}
