package io.liteobs.alerting;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where and how notifications are sent: an http or https URL, the payload's format, an HMAC secret, timeouts,
 * retries and a payload cap. The destination's addresses are checked before every attempt: loopback, link-local
 * (cloud metadata) and private addresses are refused unless {@link Builder#allow allowed}.
 *
 * <pre>{@code
 * Webhook slack = Webhook.to(URI.create("https://hooks.example.com/liteobs"))
 *         .secret("s3cret")                          // X-LiteObs-Signature: sha256=...
 *         .build();
 * Webhook alertmanagerReceiver = Webhook.to(URI.create("http://10.0.4.7:9095/alerts"))
 *         .format(Webhook.Format.ALERTMANAGER)
 *         .allow("10.0.4.0/24")                      // a private address, allowed on purpose
 *         .build();
 * }</pre>
 */
public final class Webhook {

    /** How long connecting may take unless set. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long a request may take, from sending to the response's headers, unless set. */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Attempts at one notification unless set, the first included. */
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    /** The pause after the first failed attempt unless set; it doubles after each, up to the maximum. */
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    /** The longest pause between attempts unless set. */
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofMinutes(1);
    /** The longest {@code Retry-After} honoured; a receiver asking for longer is given up on. */
    public static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);
    /** The largest payload unless set: 256 KiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;
    /** The smallest payload cap accepted. */
    public static final int MIN_PAYLOAD_BYTES = 1024;
    /** The header of the signature, {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}. */
    public static final String SIGNATURE_HEADER = "X-LiteObs-Signature";
    /** The header of the signature's timestamp, epoch seconds. */
    public static final String TIMESTAMP_HEADER = "X-LiteObs-Timestamp";

    /** The payload's format. */
    public enum Format {
        /** LiteObs's own: the alerts with their values and details, the rule, how to ask for an explanation. */
        LITEOBS,
        /** Alertmanager's webhook payload (version 4), so that receivers written for Alertmanager work as they are. */
        ALERTMANAGER
    }

    private final URI uri;
    private final Format format;
    private final byte @Nullable [] secret;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxPayloadBytes;
    private final AddressPolicy addresses;

    private Webhook(Builder builder) {
        this.uri = builder.uri;
        this.format = builder.format;
        this.secret = builder.secret;
        this.connectTimeout = builder.connectTimeout;
        this.requestTimeout = builder.requestTimeout;
        this.maxAttempts = builder.maxAttempts;
        this.initialBackoff = builder.initialBackoff;
        this.maxBackoff = builder.maxBackoff;
        this.maxPayloadBytes = builder.maxPayloadBytes;
        this.addresses = new AddressPolicy(builder.allowed);
    }

    /**
     * A webhook to {@code uri}.
     *
     * @param uri an absolute http or https URL; never null
     * @return a webhook to {@code uri}
     */
    public static Builder to(URI uri) {
        return new Builder(uri);
    }

    /**
     * The URL.
     *
     * @return the URL
     */
    public URI uri() {
        return uri;
    }

    /**
     * The payload's format.
     *
     * @return the payload's format
     */
    public Format format() {
        return format;
    }

    byte @Nullable [] secret() {
        return secret;
    }

    Duration connectTimeout() {
        return connectTimeout;
    }

    Duration requestTimeout() {
        return requestTimeout;
    }

    int maxAttempts() {
        return maxAttempts;
    }

    Duration initialBackoff() {
        return initialBackoff;
    }

    Duration maxBackoff() {
        return maxBackoff;
    }

    int maxPayloadBytes() {
        return maxPayloadBytes;
    }

    AddressPolicy addresses() {
        return addresses;
    }

    /** The URL without user information, query or fragment, which may hold a token: what attempts record. */
    String destination() {
        return redacted(uri);
    }

    static String redacted(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
                + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    /**
     * Why a URL cannot be a webhook's (not absolute, not http or https, no host), or null when it can.
     */
    static @Nullable String unusable(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return "its scheme is '" + scheme + "': a webhook is http or https";
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return "it has no host";
        }
        return null;
    }

    @Override
    public String toString() {
        return "Webhook[" + destination() + ", " + format + "]";
    }

    /** Settings of a {@link Webhook}; each has a default. */
    public static final class Builder {
        private final URI uri;
        private Format format = Format.LITEOBS;
        private byte @Nullable [] secret;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private int maxAttempts = DEFAULT_MAX_ATTEMPTS;
        private Duration initialBackoff = DEFAULT_INITIAL_BACKOFF;
        private Duration maxBackoff = DEFAULT_MAX_BACKOFF;
        private int maxPayloadBytes = DEFAULT_MAX_PAYLOAD_BYTES;
        private final List<String> allowed = new ArrayList<>();

        private Builder(URI uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            String problem = unusable(uri);
            if (problem != null) {
                throw new IllegalArgumentException("webhook URL " + redacted(uri) + " cannot be used: " + problem);
            }
        }

        /**
         * The payload's format; {@link Format#LITEOBS} unless set.
         *
         * @param payloadFormat the payload's format
         * @return this builder
         */
        public Builder format(Format payloadFormat) {
            this.format = Objects.requireNonNull(payloadFormat, "format");
            return this;
        }

        /**
         * Signs every request with HMAC-SHA256 of this secret (UTF-8), in {@link #SIGNATURE_HEADER}.
         *
         * @param key the shared secret the receiver verifies signatures with
         * @return this builder
         */
        public Builder secret(String key) {
            Objects.requireNonNull(key, "secret");
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a webhook secret must not be empty");
            }
            this.secret = key.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /**
         * How long connecting may take; {@link #DEFAULT_CONNECT_TIMEOUT} unless set.
         *
         * @param timeout how long connecting may take
         * @return this builder
         */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive("connectTimeout", timeout);
            return this;
        }

        /**
         * How long a request may take until the response's headers; {@link #DEFAULT_REQUEST_TIMEOUT} unless set.
         *
         * @param timeout how long a request may take until the response's headers
         * @return this builder
         */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive("requestTimeout", timeout);
            return this;
        }

        /**
         * Attempts at one notification, the first included; {@value #DEFAULT_MAX_ATTEMPTS} unless set.
         *
         * @param attempts the most attempts at one notification; at least 1
         * @return this builder
         */
        public Builder maxAttempts(int attempts) {
            if (attempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be 1 or more, got " + attempts);
            }
            this.maxAttempts = attempts;
            return this;
        }

        /**
         * The pause after the first failed attempt, doubled after each, at most {@code max}; each pause is then
         * shortened at random by up to half, so that many senders do not retry in step.
         *
         * @param initial the pause after the first failed attempt
         * @param max the longest pause, at least {@code initial}
         * @return this builder
         */
        public Builder backoff(Duration initial, Duration max) {
            this.initialBackoff = positive("initial backoff", initial);
            this.maxBackoff = positive("max backoff", max);
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("the max backoff (" + max + ") must not be below the initial one ("
                        + initial + ")");
            }
            return this;
        }

        /**
         * The largest payload, in bytes; {@value #DEFAULT_MAX_PAYLOAD_BYTES} unless set. A larger notification loses
         * alerts from its end, then text, and says so ({@code truncated}, {@code truncatedAlerts}).
         *
         * @param bytes the largest payload, in bytes
         * @return this builder
         */
        public Builder maxPayloadBytes(int bytes) {
            if (bytes < MIN_PAYLOAD_BYTES) {
                throw new IllegalArgumentException("maxPayloadBytes must be at least " + MIN_PAYLOAD_BYTES + ", got "
                        + bytes);
            }
            this.maxPayloadBytes = bytes;
            return this;
        }

        /**
         * Allows addresses that are refused by default: {@code loopback}, {@code private}, {@code link-local}, or a
         * CIDR range ({@code 10.0.4.0/24}, {@code fd00::/8}).
         *
         * @param addresses {@code loopback}, {@code private}, {@code link-local} or a CIDR range
         * @return this builder
         * @throws IllegalArgumentException naming the entry when it is none of these
         */
        public Builder allow(String addresses) {
            AddressPolicy.ranges(Objects.requireNonNull(addresses, "allow"));
            allowed.add(addresses);
            return this;
        }

        /**
         * The webhook.
         *
         * @return the webhook
         */
        public Webhook build() {
            return new Webhook(this);
        }

        private static Duration positive(String setting, Duration duration) {
            Objects.requireNonNull(duration, setting);
            if (duration.toMillis() < 1) {
                throw new IllegalArgumentException(setting + " must be at least 1 ms, got " + duration);
            }
            return duration;
        }
    }
}
