package io.liteobs.common.internal;

import io.liteobs.IdGenerator;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the HTTP filters of every server share about tying a request to others: the request id they accept from a
 * caller or make up, the trace id they read from a W3C {@code traceparent} header, and the header names they accept
 * in their configuration. Plain text in, plain text out: core sees no HTTP API.
 *
 * <p>Internal: it may change in any release. For LiteObs's own modules only, never for applications.
 */
public final class RequestCorrelation {

    /** The longest request id taken from a caller; a longer one is replaced, so that it cannot bloat rows or logs. */
    public static final int MAX_REQUEST_ID_LENGTH = 128;

    private static final IdGenerator REQUEST_IDS = IdGenerator.uuidV7();

    /** {@code version "-" trace-id "-" parent-id "-" flags}: 2 + 1 + 32 + 1 + 16 + 1 + 2 characters. */
    private static final int TRACEPARENT_LENGTH = 55;
    private static final int TRACE_ID_START = 3;
    private static final int TRACE_ID_END = TRACE_ID_START + 32;

    private RequestCorrelation() {
    }

    /**
     * The caller's request id when it is usable — 1 to {@value #MAX_REQUEST_ID_LENGTH} visible ASCII characters, so
     * that echoing it back can neither split a header nor smuggle text into a log — else a new one (a UUIDv7, so
     * that ids sort by time).
     */
    public static String requestId(@Nullable String sent) {
        return sent != null && isUsableRequestId(sent) ? sent : REQUEST_IDS.nextId(System.currentTimeMillis());
    }

    /** Whether the filters can take this request id from a caller as it is. */
    public static boolean isUsableRequestId(@Nullable String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_REQUEST_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return true;
    }

    /**
     * The trace id of a W3C Trace Context {@code traceparent} header value ({@code 00-<32 hex>-<16 hex>-<2 hex>}),
     * in lower-case hex; null when there is no header, or it is malformed, or the trace id is all zeros (which the
     * specification calls invalid). Versions above 00 are read as 00 is, as the specification asks.
     */
    public static @Nullable String traceId(@Nullable String traceparent) {
        if (traceparent == null || !isTraceparent(traceparent)) {
            return null;
        }
        String traceId = traceparent.substring(TRACE_ID_START, TRACE_ID_END);
        return traceId.chars().allMatch(c -> c == '0') ? null : traceId;
    }

    private static boolean isTraceparent(String value) {
        if (value.length() < TRACEPARENT_LENGTH || !isLowerHex(value, 0, 2) || value.startsWith("ff")) {
            return false;
        }
        // version 00 is exactly 55 characters; a later version may append fields after a dash
        boolean lengthFits = value.startsWith("00") ? value.length() == TRACEPARENT_LENGTH
                : value.length() == TRACEPARENT_LENGTH || value.charAt(TRACEPARENT_LENGTH) == '-';
        int parentIdEnd = TRACE_ID_END + 17;
        return lengthFits && value.charAt(2) == '-' && value.charAt(TRACE_ID_END) == '-'
                && value.charAt(parentIdEnd) == '-'
                && isLowerHex(value, TRACE_ID_START, TRACE_ID_END)
                && isLowerHex(value, TRACE_ID_END + 1, parentIdEnd)
                && isLowerHex(value, parentIdEnd + 1, TRACEPARENT_LENGTH);
    }

    /**
     * Checks a header name given in a filter's configuration: an HTTP token (RFC 9110), so that the server accepts
     * it.
     *
     * @param setting the name of the setting, for the message
     * @return the name
     * @throws IllegalArgumentException naming the setting when the name is empty or not a token
     */
    public static String checkHeaderName(String setting, String name) {
        Objects.requireNonNull(name, setting);
        if (name.isEmpty() || !name.chars().allMatch(RequestCorrelation::isTokenChar)) {
            throw new IllegalArgumentException(setting + " must be an HTTP header name (letters, digits and "
                    + "!#$%&'*+-.^_`|~), got \"" + LogSafe.text(name) + "\"");
        }
        return name;
    }

    private static boolean isLowerHex(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isTokenChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
