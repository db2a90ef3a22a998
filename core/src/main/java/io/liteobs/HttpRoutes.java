package io.liteobs;

import io.liteobs.internal.Checks;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Route templates for HTTP requests, kept few so that per-route statistics stay meaningful and their number bounded
 * (the problem Micrometer's {@code uri} tag and {@code maximumAllowableTags} address). {@link HttpRequestLogger}
 * applies it to every request it records, so filters pass the framework's route when they know one and nothing
 * otherwise.
 *
 * <ol>
 *   <li>A route the framework matched (Spring MVC's best-matching pattern, a JAX-RS {@code @Path}) wins.</li>
 *   <li>Otherwise a request answered {@code 404} goes to the one route {@value #NOT_FOUND}: scanners and typos
 *       cannot make a route each.</li>
 *   <li>Otherwise {@link #template(String)} makes one from the path, with placeholders for the segments that hold
 *       ids.</li>
 *   <li>Once {@link #maxRoutes()} distinct routes have been seen, every new one goes to {@value #OTHER}; routes seen
 *       before stay as they are. {@value #NOT_FOUND} and {@value #OTHER} do not count.</li>
 * </ol>
 *
 * <pre>{@code
 * HttpRoutes.template("/orders/1001/items/7f1c0a2e-5b7d-4d7e-9a51-0c8c1e3b9f20");
 * // "/orders/{id}/items/{uuid}"
 * HttpRoutes routes = HttpRoutes.withMaxRoutes(500);
 * routes.routeOf(null, "/orders/1001", 200);        // "/orders/{id}"
 * routes.routeOf(null, "/wp-admin.php", 404);       // "NOT_FOUND"
 * routes.routeOf("/orders/{id}", "/orders/7", 404); // "/orders/{id}": the framework matched it
 * }</pre>
 *
 * <p>The count of distinct routes is kept in memory, per {@code HttpRoutes}: a restarted service starts it over.
 * Thread-safe.
 */
public final class HttpRoutes {

    /** The route of every request answered 404 that the framework gave no route for. */
    public static final String NOT_FOUND = "NOT_FOUND";
    /** The route of every request whose route came after {@link #maxRoutes()} distinct ones. */
    public static final String OTHER = "OTHER";
    /** The distinct routes kept unless set otherwise. */
    public static final int DEFAULT_MAX_ROUTES = 1_000;
    /** The most distinct routes that can be asked for. */
    public static final int MAX_ROUTES = 100_000;

    /** The placeholder of a segment of digits. */
    public static final String ID = "{id}";
    /** The placeholder of a UUID. */
    public static final String UUID = "{uuid}";
    /** The placeholder of a run of at least {@value #MIN_HEX_LENGTH} hexadecimal digits with at least one digit. */
    public static final String HEX = "{hex}";
    /** The placeholder of an e-mail address. */
    public static final String EMAIL = "{email}";
    /** The shortest run of hexadecimal digits taken for an id: an object id has 24, a SHA-1 40. */
    public static final int MIN_HEX_LENGTH = 16;

    private static final int UUID_LENGTH = 36;

    private final int maxRoutes;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    private HttpRoutes(int maxRoutes) {
        this.maxRoutes = maxRoutes;
    }

    /**
     * Routes capped at {@code maxRoutes} distinct ones.
     *
     * @param maxRoutes 1 to {@value #MAX_ROUTES}
     * @return routes capped at {@code maxRoutes} distinct ones
     * @throws IllegalArgumentException naming {@code maxRoutes} when out of range
     */
    public static HttpRoutes withMaxRoutes(int maxRoutes) {
        return new HttpRoutes(Checks.inRange("maxRoutes", maxRoutes, 1, MAX_ROUTES));
    }

    /**
     * The most distinct routes kept before new ones go to {@value #OTHER}.
     *
     * @return the most distinct routes kept before new ones go to {@value #OTHER}
     */
    public int maxRoutes() {
        return maxRoutes;
    }

    /**
     * How many distinct routes have been seen, {@value #NOT_FOUND} and {@value #OTHER} left out.
     *
     * @return how many distinct routes have been seen, {@value #NOT_FOUND} and {@value #OTHER} left out
     */
    public int distinctRoutes() {
        return seen.size();
    }

    /**
     * The route to store for a request, by the rules of this class.
     *
     * @param frameworkRoute the route template the framework matched, or null when it knows none
     * @param path           the request path; a query string or fragment in it is ignored
     * @param status         the response status
     * @return the route to store for a request, by the rules of this class
     */
    public String routeOf(@Nullable String frameworkRoute, String path, int status) {
        String route;
        if (frameworkRoute != null) {
            route = frameworkRoute;
        } else if (status == 404) {
            return NOT_FOUND;
        } else {
            route = template(path);
        }
        return admitted(route);
    }

    /** The route itself while the cap allows it, {@value #OTHER} after. */
    private String admitted(String route) {
        if (seen.contains(route)) {
            return route;
        }
        if (seen.size() >= maxRoutes) {
            return OTHER;
        }
        // exact under contention: only the first request of each route, up to the cap, takes the lock
        synchronized (seen) {
            if (seen.size() >= maxRoutes) {
                return OTHER;
            }
            seen.add(route);
            return route;
        }
    }

    /**
     * The route template of a path: the path without its query string or fragment, each segment that holds an id
     * replaced by a placeholder: digits by {@value #ID}, a UUID by {@value #UUID}, a run of at least
     * {@value #MIN_HEX_LENGTH} hexadecimal digits with at least one digit by {@value #HEX}, an e-mail address
     * ({@code @} or {@code %40} with text on both sides and a dot after) by {@value #EMAIL}. An empty path is
     * {@code /}.
     *
     * @param path the request path; never null
     * @return the route template of a path
     */
    public static String template(String path) {
        Objects.requireNonNull(path, "path");
        int end = path.length();
        for (int i = 0; i < end; i++) {
            char c = path.charAt(i);
            if (c == '?' || c == '#') {
                end = i;
            }
        }
        if (end == 0) {
            return "/";
        }
        StringBuilder template = new StringBuilder(end);
        int start = 0;
        while (start <= end) {
            int slash = path.indexOf('/', start);
            int segmentEnd = slash < 0 || slash > end ? end : slash;
            String placeholder = placeholder(path, start, segmentEnd);
            if (placeholder == null) {
                template.append(path, start, segmentEnd);
            } else {
                template.append(placeholder);
            }
            if (segmentEnd == end) {
                break;
            }
            template.append('/');
            start = segmentEnd + 1;
        }
        return template.toString();
    }

    private static @Nullable String placeholder(String path, int start, int end) {
        int length = end - start;
        if (length == 0) {
            return null;
        }
        if (allDigits(path, start, end)) {
            return ID;
        }
        if (length == UUID_LENGTH && isUuid(path, start)) {
            return UUID;
        }
        if (length >= MIN_HEX_LENGTH && isHexId(path, start, end)) {
            return HEX;
        }
        if (isEmail(path.substring(start, end))) {
            return EMAIL;
        }
        return null;
    }

    private static boolean allDigits(String path, int start, int end) {
        for (int i = start; i < end; i++) {
            if (!isDigit(path.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isUuid(String path, int start) {
        for (int i = 0; i < UUID_LENGTH; i++) {
            char c = path.charAt(start + i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !isHex(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isHexId(String path, int start, int end) {
        boolean digit = false;
        for (int i = start; i < end; i++) {
            char c = path.charAt(i);
            if (!isHex(c)) {
                return false;
            }
            digit |= isDigit(c);
        }
        return digit;
    }

    private static boolean isEmail(String segment) {
        int at = segment.indexOf('@');
        int atLength = 1;
        if (at < 0) {
            at = segment.toLowerCase(Locale.ROOT).indexOf("%40");
            atLength = 3;
        }
        if (at <= 0) {
            return false;
        }
        int dot = segment.lastIndexOf('.');
        return dot > at + atLength && dot < segment.length() - 1;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isHex(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
