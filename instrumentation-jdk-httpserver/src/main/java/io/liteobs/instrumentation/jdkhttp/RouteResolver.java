package io.liteobs.instrumentation.jdkhttp;

import com.sun.net.httpserver.HttpExchange;
import org.jspecify.annotations.Nullable;

/**
 * The route template of an exchange (for example {@code /orders/{id}}), for applications that know their routes.
 * Asked once per request, after the handler returned, on the request thread: keep it cheap. A route it returns is
 * still subject to the logger's cap on distinct routes.
 *
 * <pre>{@code
 * LiteObsHttpFilter.builder(obs.http())
 *         .routes(exchange -> exchange.getRequestURI().getPath().startsWith("/orders/") ? "/orders/{id}" : null)
 *         .build();
 * }</pre>
 */
@FunctionalInterface
public interface RouteResolver {

    /** No template: the logger makes the route from the path, turning ids into placeholders. The default. */
    RouteResolver NONE = exchange -> null;

    /**
     * The route template of this exchange.
     *
     * @param exchange the exchange being served
     * @return the template, or null to let the logger make the route from the path
     */
    @Nullable String route(HttpExchange exchange);

    /**
     * The path of the exchange's {@code HttpContext} (as given to {@code createContext}): one route per context,
     * for servers whose contexts are their endpoints.
     *
     * @return the path of the exchange's {@code HttpContext} (as given to {@code createContext})
     */
    static RouteResolver contextPath() {
        return exchange -> exchange.getHttpContext().getPath();
    }
}
