package io.liteobs.instrumentation.servlet;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The route template of a request (for example {@code /orders/{id}}), from the framework that routed it. Asked once
 * per request when it is recorded — after the chain returned, or when an asynchronous request completes — so that
 * what the framework stored on the request while routing it is there to read. Keep it cheap. A route it returns is
 * still subject to the logger's cap on distinct routes.
 *
 * <pre>{@code
 * // Spring MVC stores the pattern of the handler it chose in this attribute
 * RouteResolver spring = RouteResolver.requestAttribute(
 *         "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern");
 * }</pre>
 */
@FunctionalInterface
public interface RouteResolver {

    /** No template: the logger makes the route from the path, turning ids into placeholders. The default. */
    RouteResolver NONE = request -> null;

    /**
     * The route template of this request.
     *
     * @param request the request being served
     * @return the template, or null to let the logger make the route from the path
     */
    @Nullable String route(HttpServletRequest request);

    /**
     * The text of a request attribute that a framework sets to the matched route, such as Spring MVC's
     * {@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}; none when the attribute is missing or is not text.
     *
     * @param name the attribute's name; not null
     * @return the text of a request attribute that a framework sets to the matched route, such as Spring MVC's {@code
     *     HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}
     */
    static RouteResolver requestAttribute(String name) {
        Objects.requireNonNull(name, "name");
        return request -> request.getAttribute(name) instanceof String route ? route : null;
    }
}
