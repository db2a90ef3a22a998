package io.liteobs.instrumentation.servlet;

import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestLogger;
import io.liteobs.common.internal.LogSafe;
import io.liteobs.common.internal.RequestCorrelation;
import io.liteobs.common.internal.ThrottledLogger;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.LoggerFactory;

/**
 * Records every request of a Jakarta Servlet (6.0 or later) application into LiteObs: method, path, query, status,
 * duration (from {@link System#nanoTime()}, to the nanosecond), request size, response size when the response
 * declares it, client address, user agent, the authenticated user, and the trace id of a W3C {@code traceparent}
 * header. Which of the optional parts (user, client address, user agent, query) reach the file is the
 * {@link HttpRequestLogger}'s choice, none by default; the filter hands over what it knows.
 *
 * <pre>{@code
 * FilterRegistration.Dynamic registration = servletContext.addFilter("liteobs",
 *         LiteObsServletFilter.builder(obs.http())
 *                 .routes(RouteResolver.requestAttribute(
 *                         "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern"))
 *                 .build());
 * registration.setAsyncSupported(true);
 * registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * <p>A request that goes asynchronous ({@code startAsync}) is recorded when it completes, with its duration up to
 * then and the status it ended with; one that fails or times out and is not answered otherwise is recorded with the
 * status the container sent, and at least 500. The filter records on the request's first dispatch only: it may be
 * mapped to other dispatcher types, which it passes through. Register it with {@code asyncSupported} true, or the
 * container refuses {@code startAsync} behind it.
 *
 * <p>Each request gets a request id: the caller's {@value #DEFAULT_REQUEST_ID_HEADER} header when it is usable (1 to
 * 128 visible ASCII characters), else a new UUIDv7. The id is recorded, echoed in the response header of the same
 * name, and given to the application as the request attribute {@value #REQUEST_ID_ATTRIBUTE}; the header's name can
 * be changed, or request ids switched off, in the {@link Builder}.
 *
 * <p>On the request thread the filter reads the clock at the start and the end, builds the record and offers it to
 * the logger's queue; the writer thread does the rest. An exception from the chain is recorded with status 500 and
 * goes on to the container unchanged. Recording never throws into the request.
 */
public final class LiteObsServletFilter implements Filter {

    /** The request id header unless the builder names another. */
    public static final String DEFAULT_REQUEST_ID_HEADER = "X-Request-Id";

    /** The request attribute that holds the request id, for applications that log it or pass it on. */
    public static final String REQUEST_ID_ATTRIBUTE = "io.liteobs.requestId";

    /** The status recorded for a request whose chain threw, or that failed without an error status. */
    static final int FAILED_STATUS = 500;

    private static final ThrottledLogger LOG =
            new ThrottledLogger(LoggerFactory.getLogger(LiteObsServletFilter.class), 1, TimeUnit.MINUTES);

    private final HttpRequestLogger requests;
    private final @Nullable String requestIdHeader;
    private final RouteResolver routes;

    private LiteObsServletFilter(Builder builder) {
        this.requests = builder.requests;
        this.requestIdHeader = builder.requestIdHeader;
        this.routes = builder.routes;
    }

    /**
     * A filter with the defaults: request ids in {@value #DEFAULT_REQUEST_ID_HEADER}, no route templates.
     *
     * @param requests the logger, usually {@code obs.http()}; not null
     * @return a filter with the defaults
     */
    public static LiteObsServletFilter create(HttpRequestLogger requests) {
        return builder(requests).build();
    }

    /**
     * A builder of a filter that records into {@code requests}.
     *
     * @param requests the logger, usually {@code obs.http()}; not null
     * @return a builder of a filter that records into {@code requests}
     */
    public static Builder builder(HttpRequestLogger requests) {
        return new Builder(requests);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!(request instanceof HttpServletRequest httpRequest)
                || !(response instanceof HttpServletResponse httpResponse)
                || request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(request, response);
            return;
        }
        Exchange exchange = new Exchange(httpRequest, httpResponse, System.nanoTime(), System.currentTimeMillis());
        if (requestIdHeader != null) {
            exchange.requestId = RequestCorrelation.requestId(httpRequest.getHeader(requestIdHeader));
            httpRequest.setAttribute(REQUEST_ID_ATTRIBUTE, exchange.requestId);
            httpResponse.setHeader(requestIdHeader, exchange.requestId);
        }
        Throwable failure = null;
        try {
            chain.doFilter(request, response);
        } catch (Throwable e) {
            failure = e;
            throw e;
        } finally {
            if (failure == null && httpRequest.isAsyncStarted()) {
                // recorded when the asynchronous cycle ends; the container calls listeners only after this dispatch
                httpRequest.getAsyncContext().addListener(exchange);
            } else {
                exchange.record(failure == null ? httpResponse.getStatus() : FAILED_STATUS, failure);
            }
        }
    }

    private void record(Exchange exchange, int status, @Nullable Throwable failure) {
        HttpServletRequest request = exchange.request;
        HttpRequest.Builder record = HttpRequest.builder(request.getMethod(), request.getRequestURI())
                .route(routeOf(request))
                .status(status)
                .startedAt(Instant.ofEpochMilli(exchange.startMillis))
                .durationNanos(System.nanoTime() - exchange.startNanos)
                .requestId(exchange.requestId)
                .traceId(RequestCorrelation.traceId(request.getHeader("traceparent")))
                .user(request.getRemoteUser())
                .clientAddress(request.getRemoteAddr())
                .userAgent(request.getHeader("User-Agent"))
                .query(request.getQueryString())
                .error(failure == null ? null : failure.toString());
        long requestBytes = request.getContentLengthLong();
        if (requestBytes >= 0) {
            record.requestBytes(requestBytes);
        }
        long responseBytes = contentLength(exchange.response.getHeader("Content-Length"));
        if (responseBytes >= 0) {
            record.responseBytes(responseBytes);
        }
        requests.record(record.build());
    }

    /** The resolver's route; none, so that the logger makes one from the path, when the resolver throws. */
    private @Nullable String routeOf(HttpServletRequest request) {
        try {
            return routes.route(request);
        } catch (RuntimeException e) {
            LOG.warn("The route resolver {} failed on {} {}, the path stands for the route: {}", LogSafe.text(routes),
                    LogSafe.text(request.getMethod()), LogSafe.text(request.getRequestURI()), LogSafe.text(e));
            return null;
        }
    }

    /** The size a response declared in its Content-Length header; -1 when it declared none. */
    private static long contentLength(@Nullable String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** One request on its way, and the listener that records it when it goes asynchronous. */
    private final class Exchange implements AsyncListener {
        final HttpServletRequest request;
        final HttpServletResponse response;
        final long startNanos;
        final long startMillis;
        @Nullable String requestId;
        /**
         * The error or time-out the container reported, if any: set by the thread that reports it, read by the one
         * that completes.
         */
        private volatile @Nullable Throwable failure;

        Exchange(HttpServletRequest request, HttpServletResponse response, long startNanos, long startMillis) {
            this.request = request;
            this.response = response;
            this.startNanos = startNanos;
            this.startMillis = startMillis;
        }

        void record(int status, @Nullable Throwable failed) {
            LiteObsServletFilter.this.record(this, status, failed);
        }

        @Override
        public void onComplete(AsyncEvent event) {
            Throwable failed = failure;
            int status = response.getStatus();
            record(failed != null && status < FAILED_STATUS ? FAILED_STATUS : status, failed);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            failure = new TimeoutException("the asynchronous request timed out after "
                    + event.getAsyncContext().getTimeout() + " ms");
        }

        @Override
        public void onError(AsyncEvent event) {
            Throwable error = event.getThrowable();
            failure = error != null ? error : new IllegalStateException("the container reported an error");
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            // a new asynchronous cycle of the same request: the container calls onComplete once, at the very end
            event.getAsyncContext().addListener(this);
        }
    }

    /** Builds a {@link LiteObsServletFilter}. */
    public static final class Builder {
        private final HttpRequestLogger requests;
        private @Nullable String requestIdHeader = DEFAULT_REQUEST_ID_HEADER;
        private RouteResolver routes = RouteResolver.NONE;

        private Builder(HttpRequestLogger requests) {
            this.requests = Objects.requireNonNull(requests, "requests");
        }

        /**
         * The header that carries the request id in and out; {@value LiteObsServletFilter#DEFAULT_REQUEST_ID_HEADER}
         * by default.
         *
         * @param name an HTTP header name; not null
         * @return this builder
         * @throws IllegalArgumentException when the name is not an HTTP header name
         */
        public Builder requestIdHeader(String name) {
            this.requestIdHeader = RequestCorrelation.checkHeaderName("requestIdHeader", name);
            return this;
        }

        /**
         * No request ids: none is read, made up, echoed or recorded.
         *
         * @return this builder
         */
        public Builder withoutRequestIds() {
            this.requestIdHeader = null;
            return this;
        }

        /**
         * Where the route template of a request comes from, for frameworks that know their routes; by default none,
         * and the logger turns the path into a route itself (ids become placeholders).
         *
         * @param resolver not null; see {@link RouteResolver#requestAttribute(String)}
         * @return this builder
         */
        public Builder routes(RouteResolver resolver) {
            this.routes = Objects.requireNonNull(resolver, "routes");
            return this;
        }

        /**
         * Builds the filter.
         *
         * @return the filter, to register with the servlet container
         */
        public LiteObsServletFilter build() {
            return new LiteObsServletFilter(this);
        }
    }
}
