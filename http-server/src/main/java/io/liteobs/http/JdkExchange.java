package io.liteobs.http;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JDK server's exchange as a {@link HttpExchangeAdapter}. */
final class JdkExchange implements HttpExchangeAdapter {

    private final HttpExchange exchange;

    JdkExchange(HttpExchange exchange) {
        this.exchange = exchange;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod();
    }

    @Override
    public String path() {
        String path = exchange.getRequestURI().getPath();
        return path != null ? path : "/";
    }

    @Override
    public @Nullable String rawQuery() {
        return exchange.getRequestURI().getRawQuery();
    }

    @Override
    public @Nullable String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    @Override
    public long contentLength() {
        String chunked = exchange.getRequestHeaders().getFirst("Transfer-Encoding");
        if (chunked != null && !chunked.isBlank()) {
            return -1;
        }
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        if (length == null) {
            return 0;
        }
        try {
            return Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    @Override
    public void send(int status, Map<String, String> headers, byte[] body) throws IOException {
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        // -1: no body, as for HEAD; the JDK server then sends no Content-Length of its own
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
