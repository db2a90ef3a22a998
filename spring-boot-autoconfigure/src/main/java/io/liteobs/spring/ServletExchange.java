package io.liteobs.spring;

import io.liteobs.http.HttpExchangeAdapter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A servlet request and response as {@link HttpExchangeAdapter}, the path taken below the servlet's mapping. */
final class ServletExchange implements HttpExchangeAdapter {

    private final HttpServletRequest request;
    private final HttpServletResponse response;

    ServletExchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String path() {
        // decoded by the container, below the servlet's /path/* mapping; its root itself is redirected before this
        String path = request.getPathInfo();
        return path != null ? path : "/";
    }

    @Override
    public @Nullable String rawQuery() {
        return request.getQueryString();
    }

    @Override
    public @Nullable String header(String name) {
        return request.getHeader(name);
    }

    @Override
    public long contentLength() {
        String chunked = request.getHeader("Transfer-Encoding");
        return chunked != null && !chunked.isBlank() ? -1 : Math.max(request.getContentLengthLong(), 0);
    }

    @Override
    public void send(int status, Map<String, String> headers, byte[] body) throws IOException {
        response.setStatus(status);
        headers.forEach(response::setHeader);
        if (body.length > 0) {
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
        }
    }
}
