package io.liteobs;

/**
 * The optional parts of an HTTP request that {@link HttpRequestLogger} stores, each only when asked for, as Spring
 * Boot Actuator's {@code Include} does: none by default. Headers such as {@code Authorization} and
 * {@code Cookie} are never stored, whatever is included.
 */
public enum HttpInclude {
    /** The user who made the request ({@code user_id}). */
    USER,
    /** The client's address ({@code client_ip}). */
    CLIENT_ADDRESS,
    /** The {@code User-Agent} header ({@code user_agent}). */
    USER_AGENT,
    /** The query string, redacted by the {@link RedactionPolicy} ({@code query}). */
    QUERY
}
