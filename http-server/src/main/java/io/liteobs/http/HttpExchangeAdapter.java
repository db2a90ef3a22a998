package io.liteobs.http;

import java.io.IOException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP request and its response, as {@link LiteObsHttpHandler} sees them: the little it needs of a server, so
 * that the same handler runs in the JDK's built-in server ({@link LiteObsHttpServer}), a servlet container or a
 * Spring application. An adapter for another server is a few lines:
 *
 * <pre>{@code
 * handler.handle(new HttpExchangeAdapter() {
 *     public String method() { return request.getMethod(); }
 *     public String path() { return request.getRequestURI(); }          // without the context path
 *     public @Nullable String rawQuery() { return request.getQueryString(); }
 *     public @Nullable String header(String name) { return request.getHeader(name); }
 *     public long contentLength() { return request.getContentLengthLong(); }
 *     public void send(int status, Map<String, String> headers, byte[] body) throws IOException {
 *         response.setStatus(status);
 *         headers.forEach(response::setHeader);
 *         response.getOutputStream().write(body);
 *     }
 * });
 * }</pre>
 */
public interface HttpExchangeAdapter {

    /**
     * The request method, such as {@code GET}.
     *
     * @return the request method, such as {@code GET}
     */
    String method();

    /**
     * The request path, percent-decoded, starting with {@code /}, without the query string.
     *
     * @return the request path, percent-decoded, starting with {@code /}, without the query string
     */
    String path();

    /**
     * The query string as sent (still percent-encoded), without the {@code ?}; null when there is none.
     *
     * @return the query string as sent (still percent-encoded), without the {@code ?}
     */
    @Nullable String rawQuery();

    /**
     * The first value of a request header, the name matched without regard to case; null when absent.
     *
     * @param name the header's name, in any case
     * @return the first value of a request header, the name matched without regard to case
     */
    @Nullable String header(String name);

    /**
     * The length of the request body the client announced; 0 for none, -1 when unknown (chunked).
     *
     * @return the length of the request body the client announced
     */
    long contentLength();

    /**
     * Sends the response: the status, the headers (Content-Type among them), and the body, which is empty for a
     * {@code HEAD} request. Called once per exchange.
     *
     * @param status the HTTP status code
     * @param headers the response headers, by name
     * @param body the response body; empty for {@code HEAD}
     * @throws IOException when the response cannot be written, for example because the client has gone
     */
    void send(int status, Map<String, String> headers, byte[] body) throws IOException;
}
