package io.liteobs;

import io.liteobs.internal.CardNumbers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Keeps secrets out of the file: applied on the recording thread, before an entry is queued, to the JSON fields of
 * audit entries and events (parameters, result, metadata, details), to error messages and to the other free text
 * they carry (user, session and request ids, error code, entity, action). On by default ({@link #defaults()}).
 *
 * <ul>
 *   <li>A JSON member whose key is a secret key has its value replaced by {@value #REDACTED}, at any depth. A key
 *       is secret when, lower-cased and stripped of everything but letters and digits (of any script), it equals
 *       or ends with one of the policy's keys, normalised the same way: {@code password}, {@code db_password},
 *       {@code X-Auth-Token}, {@code idToken} and {@code AWS_SECRET_ACCESS_KEY} are secret; {@code max_tokens}
 *       and {@code passwordHint} are not.</li>
 *   <li>In text, and in every JSON string value, {@code key=value} and {@code key: value} with a secret key have
 *       the value replaced, and every match of a value pattern is replaced. The key is judged by the same rule,
 *       with {@code -}, {@code _} and {@code .} as the separators a key in text may hold, so that the options
 *       and variables of a command line are covered too ({@code --db-password=hunter2},
 *       {@code AWS_SECRET_ACCESS_KEY=...}, {@code -Djavax.net.ssl.keyStorePassword=...}); a quoted value is
 *       replaced whole, backslash escapes included, up to its closing quote or, when there is none, the end of
 *       the text. A command-line option of a secret key has the argument after it replaced too:
 *       {@code --db-password hunter2}, {@code -token abc} (an option starts a word with one or two dashes; an
 *       argument that starts with a dash is the next option, not a value). The default value patterns are
 *       {@code Bearer <token>}, {@code Basic <base64>}, JSON web tokens ({@code eyJ...}), AWS access key ids
 *       ({@code AKIA...}) and the password of URL user info ({@code scheme://user:password@host}).</li>
 *   <li>Payment card numbers are replaced in text and in every JSON string value, and a JSON integer that is one
 *       is replaced by the string {@value #REDACTED}: 13 to 19 digits, together or in groups separated by a single
 *       space or dash, starting with 2 to 6 and passing the Luhn check, not joined to a letter or another number.
 *       On by default: no service has a reason to keep a card number in its logs (PCI DSS forbids it), and the
 *       first digit and the check keep timestamps (they start with 1) and nine in ten other digit runs, such as
 *       order numbers. {@link Builder#cardNumbers(boolean)} turns it off.</li>
 *   <li>E-mail addresses are replaced only when the policy asks ({@link Builder#emailAddresses(boolean)}): an
 *       audit trail often names its users by their address, and would lose who did what.</li>
 * </ul>
 *
 * <pre>{@code
 * RedactionPolicy policy = RedactionPolicy.builder()          // the defaults, card numbers included, plus:
 *         .keys("ssn", "iban")
 *         .valuePattern(Pattern.compile("\\b\\d{3}-\\d{2}-\\d{4}\\b"))   // US social security numbers
 *         .emailAddresses(true)
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
            "private_key", "client_secret", "credential", "credentials", "secret_key", "access_key");

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
     * An e-mail address, replaced whole when the policy redacts them ({@link Builder#emailAddresses(boolean)}). It
     * starts only where a run of the characters an address is made of starts, and every repetition is possessive,
     * so that the cost stays linear in the text.
     */
    public static final Pattern EMAIL_ADDRESS = Pattern.compile("(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}+@"
            + "[A-Za-z0-9-]++(?:\\.[A-Za-z0-9-]++)++(?<=\\.[A-Za-z]{2,63})");

    /**
     * What a text must contain for each built-in pattern to match, checked before the pattern runs: most recorded
     * text (ids, short JSON values) holds none of it, and a regular expression costs far more than these scans.
     */
    private static final Map<Pattern, Predicate<String>> DEFAULT_PATTERN_HINTS = Map.of(
            DEFAULT_VALUE_PATTERNS.get(0), text -> containsIgnoreCase(text, "bearer"),
            DEFAULT_VALUE_PATTERNS.get(1), text -> containsIgnoreCase(text, "basic"),
            DEFAULT_VALUE_PATTERNS.get(2), text -> text.contains("eyJ"),
            DEFAULT_VALUE_PATTERNS.get(3), text -> text.length() >= 20,
            DEFAULT_VALUE_PATTERNS.get(4), text -> text.contains("://"),
            EMAIL_ADDRESS, text -> text.indexOf('@') >= 0);

    /**
     * A command-line option and the argument after it: {@code --name value}. The name is judged by
     * {@link #isSecretKey}; every repetition is possessive, so that the cost stays linear in the text.
     */
    private static final Pattern OPTION_ARGUMENT = Pattern.compile(
            "(?<!\\S)--?+(?<option>[\\p{L}\\p{Nd}][\\p{L}\\p{Nd}_.-]*+)[ \\t]++(?<argument>[^\\s-]\\S*+)");

    /** The length of an AWS access key id: four letters of its kind, then sixteen upper-case letters and digits. */
    private static final int AWS_ACCESS_KEY_ID_LENGTH = 20;

    private static final RedactionPolicy DEFAULTS = builder().build();
    private static final RedactionPolicy NONE = builder().withoutDefaults().build();

    private final List<String> keys;
    private final Set<String> normalisedKeys;
    private final List<Pattern> valuePatterns;
    private final List<Pattern> customValuePatterns;
    private final boolean cardNumbers;
    private final boolean emailAddresses;
    private final @Nullable Pattern keyValue;

    private RedactionPolicy(Builder builder) {
        this.keys = List.copyOf(builder.keys);
        this.normalisedKeys = builder.keys.stream().map(RedactionPolicy::normalise)
                .filter(key -> !key.isEmpty()).collect(Collectors.toUnmodifiableSet());
        List<Pattern> patterns = new ArrayList<>(builder.valuePatterns);
        if (builder.emailAddresses) {
            patterns.add(EMAIL_ADDRESS);
        }
        this.valuePatterns = List.copyOf(patterns);
        this.customValuePatterns = patterns.stream().filter(pattern -> !DEFAULT_PATTERN_HINTS.containsKey(pattern))
                .toList();
        this.cardNumbers = builder.cardNumbers;
        this.emailAddresses = builder.emailAddresses;
        this.keyValue = normalisedKeys.isEmpty() ? null : keyValuePattern(normalisedKeys);
    }

    /**
     * The default policy: {@link #DEFAULT_KEYS}, {@link #DEFAULT_VALUE_PATTERNS} and card numbers.
     *
     * @return the default policy
     */
    public static RedactionPolicy defaults() {
        return DEFAULTS;
    }

    /**
     * A policy that redacts nothing.
     *
     * @return a policy that redacts nothing
     */
    public static RedactionPolicy none() {
        return NONE;
    }

    /**
     * A builder that starts from the defaults; {@link Builder#withoutDefaults()} starts from nothing.
     *
     * @return a builder that starts from the defaults
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The secret keys, as given.
     *
     * @return the secret keys, as given
     */
    public List<String> keys() {
        return keys;
    }

    /**
     * The value patterns, {@link #EMAIL_ADDRESS} included when the policy redacts e-mail addresses.
     *
     * @return the value patterns, {@link #EMAIL_ADDRESS} included when the policy redacts e-mail addresses
     */
    public List<Pattern> valuePatterns() {
        return valuePatterns;
    }

    /**
     * Whether payment card numbers are redacted: by default, they are.
     *
     * @return whether payment card numbers are redacted
     */
    public boolean redactsCardNumbers() {
        return cardNumbers;
    }

    /**
     * Whether e-mail addresses are redacted: by default, they are not.
     *
     * @return whether e-mail addresses are redacted
     */
    public boolean redactsEmailAddresses() {
        return emailAddresses;
    }

    /**
     * Whether this policy redacts anything at all.
     *
     * @return whether this policy redacts anything at all
     */
    public boolean isEnabled() {
        return !normalisedKeys.isEmpty() || !valuePatterns.isEmpty() || cardNumbers;
    }

    /**
     * Whether a JSON key names a secret: lower-cased and stripped of all but letters and digits (of any script), it
     * equals or ends with one of the keys, normalised the same way. Keys in text are judged by the same rule.
     *
     * @param key the key; null is not secret
     * @return whether a JSON key names a secret
     */
    public boolean isSecretKey(@Nullable String key) {
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
     * The text with every value pattern match, every card number (unless turned off), every {@code key=value}
     * or {@code key: value} of a secret key and the argument of every option of a secret key
     * ({@code --key value}) replaced by {@value #REDACTED}.
     *
     * <p>A text shaped like an id ({@link #isIdShaped}) is judged in one pass over its characters, since it cannot
     * hold what the keys and the built-in patterns look for; only the policy's own value patterns run on it.
     *
     * @param text the text to redact; null and empty text are returned as they are
     * @return the text with its secrets replaced; the same string when it holds none
     */
    public String redactText(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        if (isIdShaped(text)) {
            String result = text;
            for (Pattern pattern : customValuePatterns) {
                result = replaceSecrets(pattern, result);
            }
            return result;
        }
        return redactEveryWay(text);
    }

    /** {@link #redactText} without the pass for ids: every pattern, card numbers, keys and options. */
    String redactEveryWay(String text) {
        String result = text;
        for (Pattern pattern : valuePatterns) {
            if (DEFAULT_PATTERN_HINTS.getOrDefault(pattern, always -> true).test(result)) {
                result = replaceSecrets(pattern, result);
            }
        }
        if (cardNumbers) {
            result = CardNumbers.redact(result, REDACTED);
        }
        if (keyValue != null && (result.indexOf('=') >= 0 || result.indexOf(':') >= 0)) {
            result = replaceKeyValues(keyValue, result);
        }
        if (keyValue != null && result.indexOf('-') >= 0) {
            result = replaceOptionArguments(result);
        }
        return result;
    }

    /**
     * Whether a text is shaped like an id — a UUID, a ULID, a hex or base64url token, a trace or span id — and so
     * cannot hold a secret that the keys or the built-in patterns find. It holds only ASCII letters, digits,
     * {@code -} and {@code _}: a key-value needs {@code =} or {@code :}, an option or an auth scheme a space, an
     * e-mail address {@code @}, a web token {@code .}, URL credentials {@code ://}. It has fewer than
     * {@value CardNumbers#MIN_DIGITS} digits in any run of digits and dashes, as many as a card number needs. And
     * none of its words (runs between dashes) is {@value #AWS_ACCESS_KEY_ID_LENGTH} upper-case letters and digits,
     * as an AWS access key id is. One pass over the characters, no allocation.
     */
    static boolean isIdShaped(String text) {
        int digitsInRun = 0; // digits since the last character that is neither a digit nor a dash
        int wordLength = 0; // characters since the last dash
        boolean wordUpperCase = true; // whether they are all upper-case letters and digits
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '-') {
                if (isAwsAccessKeyIdShaped(wordLength, wordUpperCase)) {
                    return false;
                }
                wordLength = 0;
                wordUpperCase = true;
                continue;
            }
            wordLength++;
            if (c >= '0' && c <= '9') {
                if (++digitsInRun >= CardNumbers.MIN_DIGITS) {
                    return false;
                }
            } else if (c >= 'A' && c <= 'Z') {
                digitsInRun = 0;
            } else if (c >= 'a' && c <= 'z' || c == '_') {
                digitsInRun = 0;
                wordUpperCase = false;
            } else {
                return false;
            }
        }
        return !isAwsAccessKeyIdShaped(wordLength, wordUpperCase);
    }

    private static boolean isAwsAccessKeyIdShaped(int wordLength, boolean wordUpperCase) {
        return wordLength == AWS_ACCESS_KEY_ID_LENGTH && wordUpperCase;
    }

    private String replaceOptionArguments(String text) {
        Matcher matcher = OPTION_ARGUMENT.matcher(text);
        StringBuilder out = null;
        int last = 0;
        while (matcher.find()) {
            int start = matcher.start("argument");
            if (!isSecretKey(matcher.group("option")) || text.startsWith(REDACTED, start)) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16);
            }
            out.append(text, last, start).append(REDACTED);
            last = matcher.end("argument");
        }
        return out == null ? text : out.append(text, last, text.length()).toString();
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

    private static String replaceKeyValues(Pattern keyValue, String text) {
        Matcher matcher = keyValue.matcher(text);
        if (!matcher.find()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        int last = 0;
        do {
            String group = valueGroup(matcher);
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

    private static String valueGroup(Matcher matcher) {
        for (String group : VALUE_GROUPS) {
            if (matcher.group(group) != null) {
                return group;
            }
        }
        throw new IllegalStateException("a key-value match always has a value");
    }

    /** The groups of {@link #keyValuePattern}: double-quoted, single-quoted, escaped-quoted, bare. */
    private static final List<String> VALUE_GROUPS = List.of("dq", "sq", "eq", "bare");

    /**
     * {@code key = value} and {@code key: value} for any key that, normalised as JSON keys are
     * ({@link #normalise}), ends with a secret key: each normalised key's letters and digits in order, matched
     * whatever their case, with any run of {@code -}, {@code _} and {@code .} between two of them, and not
     * followed by another letter or digit. The value is quoted (with {@code "}, {@code '} or, in JSON text kept
     * as it is, {@code \"}; backslash escapes inside; an unclosed quote runs to the end of the text) or runs up to
     * the next space or delimiter. The key is matched where it ends, without scanning back over its prefix, and
     * every repetition is possessive, so that the cost stays linear in the text whatever it holds.
     */
    private static Pattern keyValuePattern(Set<String> normalisedKeys) {
        String alternatives = normalisedKeys.stream()
                .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
                .map(key -> key.codePoints().mapToObj(Character::toString).map(Pattern::quote)
                        .collect(Collectors.joining("[-_.]*+")))
                .collect(Collectors.joining("|"));
        return Pattern.compile("(?:" + alternatives + ")(?![\\p{L}\\p{Nd}])"
                + "[\"']?\\s*+[:=]\\s*+(?:"
                + "\"(?<dq>[^\"\\\\]*+(?:\\\\[\\s\\S]?[^\"\\\\]*+)*+)(?:\"|\\z)"
                + "|'(?<sq>[^'\\\\]*+(?:\\\\[\\s\\S]?[^'\\\\]*+)*+)(?:'|\\z)"
                + "|\\\\\"(?<eq>[^\\\\]*+(?:\\\\(?!\")[\\s\\S]?[^\\\\]*+)*+)(?:\\\\\"|\\z)"
                + "|(?<bare>[^\\s\"'&,;]++))",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    /**
     * A key as it is compared with the secret keys, in JSON and in text alike: its letters and digits, of any
     * script, lower-cased; everything else dropped.
     */
    static String normalise(String key) {
        StringBuilder out = new StringBuilder(key.length());
        key.codePoints()
                .filter(Character::isLetterOrDigit)
                .map(Character::toLowerCase)
                .forEach(out::appendCodePoint);
        return out.toString();
    }

    @Override
    public String toString() {
        return "RedactionPolicy[keys=" + keys + ", valuePatterns=" + valuePatterns + ", cardNumbers=" + cardNumbers
                + ", emailAddresses=" + emailAddresses + "]";
    }

    /** Builds a {@link RedactionPolicy}, starting from the defaults. */
    public static final class Builder {
        private final Set<String> keys = new LinkedHashSet<>(DEFAULT_KEYS);
        private final List<Pattern> valuePatterns = new ArrayList<>(DEFAULT_VALUE_PATTERNS);
        private boolean cardNumbers = true;
        private boolean emailAddresses;

        private Builder() {
        }

        /**
         * Starts from nothing: no keys, no value patterns, no card numbers, no e-mail addresses.
         *
         * @return this builder
         */
        public Builder withoutDefaults() {
            keys.clear();
            valuePatterns.clear();
            cardNumbers = false;
            emailAddresses = false;
            return this;
        }

        /**
         * Whether payment card numbers are redacted (as the class comment says which); true unless set.
         *
         * @param redact false to keep card numbers, for a policy whose service never sees one
         * @return this builder
         */
        public Builder cardNumbers(boolean redact) {
            this.cardNumbers = redact;
            return this;
        }

        /**
         * Whether e-mail addresses ({@link RedactionPolicy#EMAIL_ADDRESS}) are redacted; false unless set.
         *
         * @param redact true to replace every address in text and JSON string values, user ids included
         * @return this builder
         */
        public Builder emailAddresses(boolean redact) {
            this.emailAddresses = redact;
            return this;
        }

        /**
         * Adds secret keys, matched as {@link RedactionPolicy#isSecretKey} says.
         *
         * @param secretKeys keys such as {@code ssn}; none null or without a letter or digit
         * @return this builder
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
         * @return this builder
         */
        public Builder valuePattern(Pattern pattern) {
            valuePatterns.add(Objects.requireNonNull(pattern, "pattern"));
            return this;
        }

        /**
         * The policy.
         *
         * @return the policy
         */
        public RedactionPolicy build() {
            return new RedactionPolicy(this);
        }
    }
}
