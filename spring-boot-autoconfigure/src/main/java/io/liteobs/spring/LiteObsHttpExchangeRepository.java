package io.liteobs.spring;

import io.liteobs.HttpRequest;
import io.liteobs.HttpRequestLogger;
import io.liteobs.HttpRequestOrder;
import io.liteobs.HttpRequestQuery;
import io.liteobs.SortDirection;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.web.exchanges.HttpExchange;
import org.springframework.boot.actuate.web.exchanges.HttpExchangeRepository;

/**
 * Actuator's HTTP exchanges read from the LiteObs HTTP request log, so that {@code /actuator/httpexchanges} shows
 * requests from before a restart: the newest {@code capacity} ones, newest first as Boot's in-memory repository
 * returns them.
 *
 * <p>{@link #add} does nothing: LiteObs's servlet filter records every request already, with the route template,
 * the request id and the status of asynchronous requests, and around Spring Security so that refused requests are
 * recorded too. Were both to record, each request would be stored twice. Boot's own recording filter can be turned
 * off with {@code management.httpexchanges.recording.enabled=false}; the endpoint still reads this repository.
 *
 * <p>Of each request, the exchange shows what the log stores: method, path and query (when stored), status, time
 * taken, and, when stored, the user as principal, the client's address and the {@code User-Agent} header. Other
 * headers and the session are never stored.
 */
public class LiteObsHttpExchangeRepository implements HttpExchangeRepository {

    /** How many exchanges {@link #findAll()} returns by default, as Boot's in-memory repository. */
    public static final int DEFAULT_CAPACITY = 100;

    private final HttpRequestLogger requests;
    private final int capacity;

    /** A repository returning the newest {@value #DEFAULT_CAPACITY} requests. */
    public LiteObsHttpExchangeRepository(HttpRequestLogger requests) {
        this(requests, DEFAULT_CAPACITY);
    }

    /** A repository returning the newest {@code capacity} requests. */
    public LiteObsHttpExchangeRepository(HttpRequestLogger requests, int capacity) {
        this.requests = Objects.requireNonNull(requests, "requests");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public List<HttpExchange> findAll() {
        List<HttpRequest> newest = requests.query(HttpRequestQuery.builder()
                .orderBy(HttpRequestOrder.TIME).direction(SortDirection.DESC)
                .limit(capacity)
                .build());
        List<HttpExchange> exchanges = new ArrayList<>(newest.size());
        for (HttpRequest request : newest) {
            exchanges.add(toExchange(request));
        }
        return exchanges;
    }

    /** Does nothing: the servlet filter records each request (see the class comment). */
    @Override
    public void add(HttpExchange exchange) {
    }

    private static HttpExchange toExchange(HttpRequest request) {
        Map<String, List<String>> headers = request.userAgent() == null ? Map.of()
                : Map.of("User-Agent", List.of(request.userAgent()));
        return new HttpExchange(request.startedAt(),
                new HttpExchange.Request(uri(request), request.clientAddress(), request.method(), headers),
                new HttpExchange.Response(request.status(), Map.of()),
                request.user() == null ? null : new HttpExchange.Principal(request.user()),
                null,
                request.duration());
    }

    private static URI uri(HttpRequest request) {
        @Nullable String query = request.query();
        try {
            return URI.create(query == null ? request.path() : request.path() + '?' + query);
        } catch (IllegalArgumentException notEncoded) {
            // stored as a client sent it, unencoded: the multi-argument constructor quotes what needs it
            try {
                return new URI(null, null, request.path(), query, null);
            } catch (URISyntaxException e) {
                return URI.create("");
            }
        }
    }
}
