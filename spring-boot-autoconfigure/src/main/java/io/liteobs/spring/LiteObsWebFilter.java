package io.liteobs.spring;

import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestLogger;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.common.internal.RequestCorrelation;
import io.liteobs.common.internal.ThrottledLogger;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.ErrorResponse;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import reactor.core.publisher.Mono;

/**
 * Records every request of a WebFlux application into LiteObs, as the servlet filter does for Spring MVC: method,
 * path, query, status, duration (from {@link System#nanoTime()}), request size, response size when declared, client
 * address, user agent, the user, the trace id of a W3C {@code traceparent} header, and WebFlux's best-matching
 * pattern ({@code /orders/{id}}) as the route. Which optional parts reach the file is the logger's choice.
 *
 * <p>It runs first ({@link #ORDER}), before Spring Security, so a refused request is recorded with its 401 or 403.
 * An error that leaves the chain is recorded with the status WebFlux answers it with: that of an
 * {@link ErrorResponse} (a {@code ResponseStatusException}, 404 for no handler), else 500. A request the client
 * gives up on is recorded with status {@value #CANCELLED_STATUS}. The user is the name of the authenticated principal
 * that a filter just behind Spring Security leaves in {@link #USER_ATTRIBUTE} when Spring Security is present.
 *
 * <p>Each request gets a request id: the caller's {@value #REQUEST_ID_HEADER} header when it is usable (1 to
 * 128 visible ASCII characters), else a new UUIDv7; it is recorded, echoed in the response and kept in the exchange
 * attribute {@value #REQUEST_ID_ATTRIBUTE}. Recording never throws into the request.
 */
public final class LiteObsWebFilter implements WebFilter, Ordered {

    /** Before every other filter, Spring Security's included. */
    public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 1;

    /** The request id header. */
    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    /** The exchange attribute that holds the request id, for applications that log it or pass it on. */
    public static final String REQUEST_ID_ATTRIBUTE = "io.liteobs.requestId";

    /** The exchange attribute that holds the authenticated user's name, once known. */
    public static final String USER_ATTRIBUTE = "io.liteobs.user";

    /** The status recorded for a request whose client went away before the answer (nginx's convention). */
    public static final int CANCELLED_STATUS = 499;

    private static final int FAILED_STATUS = 500;

    private static final ThrottledLogger LOG =
            new ThrottledLogger(LoggerFactory.getLogger(LiteObsWebFilter.class), 1, TimeUnit.MINUTES);

    private final HttpRequestLogger requests;

    /**
     * A filter that records into {@code requests}.
     *
     * @param requests the logger, usually {@code obs.http()}; not null
     */
    public LiteObsWebFilter(HttpRequestLogger requests) {
        this.requests = Objects.requireNonNull(requests, "requests");
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        Exchange recording = new Exchange(exchange);
        exchange.getAttributes().put(REQUEST_ID_ATTRIBUTE, recording.requestId);
        exchange.getResponse().getHeaders().set(REQUEST_ID_HEADER, recording.requestId);
        exchange.getResponse().beforeCommit(() -> {
            recording.responseBytes = exchange.getResponse().getHeaders().getContentLength();
            return Mono.empty();
        });
        // before the signal goes on to the server, which may recycle the request and response once it completes
        return chain.filter(exchange)
                .doOnSuccess(done -> recording.record(status(exchange), null))
                .doOnError(failure -> recording.record(status(failure), failure))
                .doOnCancel(() -> recording.record(CANCELLED_STATUS, null));
    }

    private static int status(ServerWebExchange exchange) {
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        return status != null ? status.value() : 200;
    }

    /** WebFlux's exception handlers answer after the filters: the status they will send, as far as it is known. */
    private static int status(Throwable failure) {
        return failure instanceof ErrorResponse error ? error.getStatusCode().value() : FAILED_STATUS;
    }

    /** WebFlux's best-matching pattern; none, so that the logger makes one from the path, when nothing matched. */
    private static @Nullable String route(ServerWebExchange exchange) {
        Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern instanceof PathPattern matched ? matched.getPatternString() : null;
    }

    private static @Nullable String clientAddress(@Nullable InetSocketAddress remote) {
        return remote != null && remote.getAddress() != null ? remote.getAddress().getHostAddress() : null;
    }

    /**
     * One request on its way: what is recorded of the request is read when it arrives, since the server may recycle
     * it once the response is sent.
     */
    private final class Exchange {
        final ServerWebExchange exchange;
        final long startNanos = System.nanoTime();
        final long startMillis = System.currentTimeMillis();
        final String method;
        final String path;
        final @Nullable String query;
        final String requestId;
        final @Nullable String traceId;
        final @Nullable String clientAddress;
        final @Nullable String userAgent;
        final long requestBytes;
        /** The response's declared length, read as it is committed; -1 until then or when it declares none. */
        volatile long responseBytes = -1;

        Exchange(ServerWebExchange exchange) {
            this.exchange = exchange;
            ServerHttpRequest request = exchange.getRequest();
            HttpHeaders headers = request.getHeaders();
            this.method = request.getMethod().name();
            this.path = request.getPath().value();
            this.query = request.getURI().getRawQuery();
            this.requestId = RequestCorrelation.requestId(headers.getFirst(REQUEST_ID_HEADER));
            this.traceId = RequestCorrelation.traceId(headers.getFirst("traceparent"));
            this.clientAddress = clientAddress(request.getRemoteAddress());
            this.userAgent = headers.getFirst(HttpHeaders.USER_AGENT);
            this.requestBytes = headers.getContentLength();
        }

        void record(int status, @Nullable Throwable failure) {
            try {
                HttpRequest.Builder record = HttpRequest.builder(method, path)
                        .route(route(exchange))
                        .status(status)
                        .startedAt(Instant.ofEpochMilli(startMillis))
                        .durationNanos(System.nanoTime() - startNanos)
                        .requestId(requestId)
                        .traceId(traceId)
                        .user(exchange.getAttribute(USER_ATTRIBUTE))
                        .clientAddress(clientAddress)
                        .userAgent(userAgent)
                        .query(query)
                        .error(failure == null ? null : failure.toString());
                if (requestBytes >= 0) {
                    record.requestBytes(requestBytes);
                }
                if (responseBytes >= 0) {
                    record.responseBytes(responseBytes);
                }
                requests.record(record.build());
            } catch (RuntimeException e) {
                LOG.warn("A request to {} {} could not be recorded: {}", LogSafe.text(method), LogSafe.text(path),
                        LogSafe.text(e));
            }
        }
    }
}
