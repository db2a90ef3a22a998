package io.liteobs.spring;

import io.liteobs.http.LiteObsHttpHandler;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Objects;

/**
 * {@link LiteObsHttpHandler} as a servlet mapped to {@code <path>/*}. Its root without the slash is redirected to
 * the slash, where the dashboard's page is, so that the page's relative links resolve below it.
 */
final class LiteObsHttpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    /** Servlets are serialisable in name only here: the container never stores this one. */
    private final transient LiteObsHttpHandler handler;

    LiteObsHttpServlet(LiteObsHttpHandler handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getPathInfo() == null) {
            response.setStatus(HttpServletResponse.SC_MOVED_PERMANENTLY);
            // from the normalised paths, never the raw URI, which could make "//host" out of "//liteobs"
            response.setHeader("Location", request.getContextPath() + request.getServletPath() + "/");
            return;
        }
        handler.handle(new ServletExchange(request, response));
    }
}
