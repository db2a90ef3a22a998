package io.liteobs;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Keeps secrets out of the file: applied on the recording thread, before an entry is queued, to the JSON fields of
 * audit entries and events (parameters, result, metadata, details), to error messages and to the other free text
 * they carry (user, session and request ids, error code, entity, action). On by default ({@link #defaults()}).
 *
 * <ul>
 *   <li>A JSON member whose key is a secret key has its value replaced by {@value #REDACTED}, at any depth. A key
 *       is secret when, lower-cased and stripped of everything but letters and digits, it equals or ends with one
 *       of the policy's keys: {@code password}, {@code db_password}, {@code X-Auth-Token} and {@code idToken} are
 *       secret; {@code max_tokens} and {@code passwordHint} are not.</li>
 *   <li>In text, and in every JSON string value, {@code key=value} and {@code key: value} with a secret key have
 *       the value replaced (quoted values whole), and every match of a value pattern is replaced: by default
 *       {@code Bearer <token>}, {@code Basic <base64>}, JSON web tokens ({@code eyJ...}), AWS access key ids
 *       ({@code AKIA...}) and the password of URL user info ({@code scheme://user:password@host}).</li>
 * </ul>
 *
 * <pre>{@code
 * RedactionPolicy policy = RedactionPolicy.builder()          // the defaults, plus:
 *         .keys("ssn", "card_number")
 *         .valuePattern(Pattern.compile("\\b\\d{4}-\\d{4}-\\d{4}-\\d{4}\\b"))
 *         .build();
 * LiteObs.builder(store).redaction(policy).build();
 * }</pre>
 *
 * <p>Metric names, units and label values are not redacted: they are identifiers, never the place for a secret.
 * Immutable and thread-safe.
 */
public final class RedactionPolicy {

    /** What a secret is replaced with. */
    public static final String REDACTED = "[REDACTED]";

    /** The secret keys of {@link #defaults()}. */
    public static final List<String> DEFAULT_KEYS = List.of("password", "passwd", "pwd", "secret", "token",
            "access_token", "refresh_token", "api_key", "apikey", "authorization", "cookie", "set-cookie",
            "private_key", "client_secret", "credential", "credentials");

    /**
     * The value patterns of {@link #defaults()}: bearer and basic credentials, JSON web tokens, AWS access key ids
     * and the password of URL user info. A pattern with a group named {@code secret} has only that group replaced.
     */
    public static final List<Pattern> DEFAULT_VALUE_PATTERNS = List.of(
            Pattern.compile("(?i)\\bbearer\\s+(?<secret>[A-Za-z0-9\\-._~+/]+=*)"),
            Pattern.compile("(?i)\\bbasic\\s+(?<secret>[A-Za-z0-9+/]{8,}={0,2})"),
            Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{4,}+\\.[A-Za-z0-9_-]{4,}+(?:\\.[A-Za-z0-9_-]*+)?"),
            Pattern.compile("\\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z0-9]{16}\\b"),
            Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]{0,31}://[^\\s/@:]{0,256}:(?<secret>[^\\s/@]{1,256})@"));

    /**
     * What a text must contain for each default pattern to match, checked before the pattern runs: most recorded
     * text (ids, short JSON values) holds none of it, and a regular expression costs far more than these scans.
     */
    private static final Map<Pattern, Predicate<String>> DEFAULT_PATTERN_HINTS = Map.of(
            DEFAULT_VALUE_PATTERNS.get(0), text -> containsIgnoreCase(text, "bearer"),
            DEFAULT_VALUE_PATTERNS.get(1), text -> containsIgnoreCase(text, "basic"),
            DEFAULT_VALUE_PATTERNS.get(2), text -> text.contains("eyJ"),
            DEFAULT_VALUE_PATTERNS.get(3), text -> text.length() >= 20,
            DEFAULT_VALUE_PATTERNS.get(4), text -> text.contains("://"));

    private static final RedactionPolicy DEFAULTS = builder().build();
    private static final RedactionPolicy NONE = builder().withoutDefaults().build();

    private final List<String> keys;
    private final Set<String> normalisedKeys;
    private final List<Pattern> valuePatterns;
    private final Pattern keyValue;

    private RedactionPolicy(Builder builder) {
        this.keys = List.copyOf(builder.keys);
        this.normalisedKeys = builder.keys.stream().map(RedactionPolicy::normalise)
                .filter(key -> !key.isEmpty()).collect(Collectors.toUnmodifiableSet());
        this.valuePatterns = List.copyOf(builder.valuePatterns);
        this.keyValue = keys.isEmpty() ? null : keyValuePattern(keys);
    }

    /** The default policy: {@link #DEFAULT_KEYS} and {@link #DEFAULT_VALUE_PATTERNS}. */
    public static RedactionPolicy defaults() {
        return DEFAULTS;
    }

    /** A policy that redacts nothing. */
    public static RedactionPolicy none() {
        return NONE;
    }

    /** A builder that starts from the defaults; {@link Builder#withoutDefaults()} starts from nothing. */
    public static Builder builder() {
        return new Builder();
    }

    /** The secret keys, as given. */
    public List<String> keys() {
        return keys;
    }

    /** The value patterns. */
    public List<Pattern> valuePatterns() {
        return valuePatterns;
    }

    /** Whether this policy redacts anything at all. */
    public boolean isEnabled() {
        return !normalisedKeys.isEmpty() || !valuePatterns.isEmpty();
    }

    /**
     * Whether a JSON key names a secret: lower-cased and stripped of all but letters and digits, it equals or ends
     * with one of the keys.
     *
     * @param key the key; null is not secret
     */
    public boolean isSecretKey(String key) {
        if (key == null || normalisedKeys.isEmpty()) {
            return false;
        }
        String normalised = normalise(key);
        if (normalisedKeys.contains(normalised)) {
            return true;
        }
        for (String secret : normalisedKeys) {
            if (normalised.endsWith(secret)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The text with every value pattern match and every {@code key=value} or {@code key: value} of a secret key
     * replaced by {@value #REDACTED}.
     *
     * @param text the text; null stays null
     */
    public String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = text;
        for (Pattern pattern : valuePatterns) {
            if (DEFAULT_PATTERN_HINTS.getOrDefault(pattern, always -> true).test(result)) {
                result = replaceSecrets(pattern, result);
            }
        }
        if (keyValue != null && (result.indexOf('=') >= 0 || result.indexOf(':') >= 0)) {
            result = replaceKeyValues(result);
        }
        return result;
    }

    private static boolean containsIgnoreCase(String text, String lowerCaseWord) {
        for (int i = 0; i + lowerCaseWord.length() <= text.length(); i++) {
            if (text.regionMatches(true, i, lowerCaseWord, 0, lowerCaseWord.length())) {
                return true;
            }
        }
        return false;
    }

    private static String replaceSecrets(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        boolean group = pattern.pattern().contains("(?<secret>");
        StringBuilder out = new StringBuilder(text.length() + 16);
        int last = 0;
        do {
            int start = group ? matcher.start("secret") : matcher.start();
            int end = group ? matcher.end("secret") : matcher.end();
            if (start < 0) {
                continue;
            }
            out.append(text, last, start).append(REDACTED);
            last = end;
        } while (matcher.find());
        return out.append(text, last, text.length()).toString();
    }

    private String replaceKeyValues(String text) {
        Matcher matcher = keyValue.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int last = 0;
        do {
            String group = matcher.group("dq") != null ? "dq" : matcher.group("sq") != null ? "sq" : "bare";
            int start = matcher.start(group);
            int end = matcher.end(group);
            if (text.startsWith(REDACTED, start) || text.startsWith(" " + REDACTED, end)) {
                // already redacted, or an auth scheme (Bearer, Basic) whose credential a value pattern took
                continue;
            }
            out.append(text, last, start).append(REDACTED);
            last = end;
        } while (matcher.find());
        return out.append(text, last, text.length()).toString();
    }

    /**
     * {@code key = value} and {@code key: value} for any key ending in a secret key (separators {@code -} and
     * {@code _} in a key match either or none), the value quoted or up to the next space or delimiter. The key is
     * matched where it ends, without scanning back over its prefix, so that the cost stays linear in the text
     * whatever it holds.
     */
    private static Pattern keyValuePattern(List<String> keys) {
        String alternatives = keys.stream()
                .map(key -> key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", " ").strip())
                .filter(key -> !key.isEmpty())
                .distinct()
                .map(key -> String.join("[-_.]?", key.split(" ")))
                .sorted((a, b) -> b.length() - a.length())
                .collect(Collectors.joining("|"));
        return Pattern.compile("(?i)(?:" + alternatives + ")(?![A-Za-z0-9])"
                + "[\"']?\\s*[:=]\\s*(?:\"(?<dq>[^\"]*)\"|'(?<sq>[^']*)'|(?<bare>[^\\s\"'&,;]+))");
    }

    private static String normalise(String key) {
        StringBuilder out = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                out.append(Character.toLowerCase(c));
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "RedactionPolicy[keys=" + keys + ", valuePatterns=" + valuePatterns + "]";
    }

    /** Builds a {@link RedactionPolicy}, starting from the defaults. */
    public static final class Builder {
        private final Set<String> keys = new LinkedHashSet<>(DEFAULT_KEYS);
        private final List<Pattern> valuePatterns = new ArrayList<>(DEFAULT_VALUE_PATTERNS);

        private Builder() {
        }

        /** Starts from nothing: no keys, no value patterns. */
        public Builder withoutDefaults() {
            keys.clear();
            valuePatterns.clear();
            return this;
        }

        /**
         * Adds secret keys, matched as {@link RedactionPolicy#isSecretKey} says.
         *
         * @param secretKeys keys such as {@code ssn}; none null or without a letter or digit
         * @throws IllegalArgumentException for a key without a letter or digit
         */
        public Builder keys(String... secretKeys) {
            for (String key : Objects.requireNonNull(secretKeys, "keys")) {
                if (normalise(Objects.requireNonNull(key, "key")).isEmpty()) {
                    throw new IllegalArgumentException("a secret key needs a letter or digit, got \"" + key + "\"");
                }
                keys.add(key);
            }
            return this;
        }

        /**
         * Adds a pattern whose matches are replaced in text and JSON string values; with a group named
         * {@code secret}, only that group is replaced.
         *
         * @param pattern the pattern; never null
         */
        public Builder valuePattern(Pattern pattern) {
            valuePatterns.add(Objects.requireNonNull(pattern, "pattern"));
            return this;
        }

        /** The policy. */
        public RedactionPolicy build() {
            return new RedactionPolicy(this);
        }
    }
}
