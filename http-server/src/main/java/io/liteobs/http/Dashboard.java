package io.liteobs.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The dashboard's files, read once from the jar: the page, its script and style, and uPlot, so that it works with
 * no network. They hold no data (the script fetches it from the API), so they are served without a token. The page
 * runs only the scripts and styles of this server, and nothing may frame it.
 */
final class Dashboard {

    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private static final String RESOURCES = "/io/liteobs/http/dashboard/";

    /** Each path served, and the resource and content type behind it. */
    private static final Map<String, String[]> FILES = Map.of(
            "/", new String[] {"index.html", "text/html; charset=utf-8"},
            "/dashboard/app.js", new String[] {"app.js", "text/javascript; charset=utf-8"},
            "/dashboard/app.css", new String[] {"app.css", "text/css; charset=utf-8"},
            "/dashboard/uPlot.iife.min.js", new String[] {"uPlot.iife.min.js", "text/javascript; charset=utf-8"},
            "/dashboard/uPlot.min.css", new String[] {"uPlot.min.css", "text/css; charset=utf-8"});

    private final Map<String, LiteObsHttpHandler.Response> responses;

    Dashboard() {
        this.responses = Map.copyOf(FILES.entrySet().stream().collect(java.util.stream.Collectors.toMap(
                Map.Entry::getKey, file -> new LiteObsHttpHandler.Response(200, file.getValue()[1],
                        read(file.getValue()[0]), Map.of("Content-Security-Policy", PAGE_POLICY,
                                "Cache-Control", "no-cache")))));
    }

    /** The file at this path; null when the path is not one of the dashboard's. */
    LiteObsHttpHandler.@Nullable Response asset(String path) {
        return responses.get(path);
    }

    private static byte[] read(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream(RESOURCES + name)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard file " + RESOURCES + name
                        + " is missing from the class path: the liteobs-http-server jar is incomplete");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard file " + RESOURCES + name, e);
        }
    }
}
