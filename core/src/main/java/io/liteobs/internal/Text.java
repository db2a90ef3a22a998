package io.liteobs.internal;

import io.liteobs.common.internal.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * Normalises text before it is queued, so that every stored string is valid UTF-16 without invisible tricks:
 * lone surrogates, NUL and other control characters, and bidirectional overrides become U+FFFD; over-long text is
 * cut at a code-point boundary and marked with an ellipsis.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class Text {

    /** Identifiers and short values: names, user, session and request ids, status, error codes. */
    public static final int MAX_SHORT = 256;
    /** Free text such as an error message. */
    public static final int MAX_LONG = 8 * 1024;
    /** JSON documents: parameters, results, details, metadata. */
    public static final int MAX_JSON = 64 * 1024;

    static final char REPLACEMENT = '\uFFFD';
    static final char ELLIPSIS = '\u2026';

    private Text() {
    }

    /**
     * A required name: non-null, not blank, no control characters, at most {@link #MAX_SHORT} characters. Any other
     * Unicode text is a name, spaces and emoji included: names are stored and queried as bound values, never
     * spliced into SQL, and a name the caller chose is kept as given rather than changed behind its back.
     *
     * @return the name itself, or null when it must be rejected
     */
    public static @Nullable String requiredName(@Nullable String name) {
        return nameProblem(name) == null ? name : null;
    }

    /** What makes {@code name} no {@link #requiredName required name}; null when it is one. */
    public static Rejection.@Nullable Problem nameProblem(@Nullable String name) {
        if (name == null || name.isBlank()) {
            return Rejection.Problem.MISSING;
        }
        if (name.length() > MAX_SHORT) {
            return Rejection.Problem.TOO_LONG;
        }
        if (firstUnsafe(name, false, name.length()) < name.length()) {
            return Rejection.Problem.CONTROL_CHARACTER;
        }
        return null;
    }

    /** A short optional value: null stays null; line breaks and tabs count as control characters. */
    public static @Nullable String shortText(@Nullable String value) {
        return value == null ? null : clean(value, MAX_SHORT, false);
    }

    /** A long optional value: null stays null; line breaks and tabs are kept. */
    public static @Nullable String longText(@Nullable String value) {
        return value == null ? null : clean(value, MAX_LONG, true);
    }

    /**
     * Replaces unsafe characters and cuts the text to {@code max} characters.
     *
     * @param keepLayout whether CR, LF and TAB survive
     */
    public static String clean(String value, int max, boolean keepLayout) {
        int length = value.length();
        // scanning stops past the limit: cleaning a 100 MB string costs no more than cleaning max characters
        int firstBad = firstUnsafe(value, keepLayout, Math.min(length, max == Integer.MAX_VALUE ? max : max + 1));
        if (firstBad == length && length <= max) {
            return value;
        }
        StringBuilder out = new StringBuilder(Math.min(length, max));
        out.append(value, 0, Math.min(firstBad, max));
        for (int i = out.length(); i < length; i++) {
            if (out.length() >= max) {
                cut(out, max);
                return out.toString();
            }
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                out.append(c).append(value.charAt(++i));
            } else if (Character.isSurrogate(c) || (isUnsafe(c) && !(keepLayout && isLayout(c)))) {
                out.append(REPLACEMENT);
            } else {
                out.append(c);
            }
        }
        if (out.length() > max) {
            cut(out, max);
        }
        return out.toString();
    }

    /** Cuts to {@code max - 1} characters, never between a surrogate pair, and appends an ellipsis. */
    private static void cut(StringBuilder out, int max) {
        int end = max - 1;
        if (end > 0 && Character.isHighSurrogate(out.charAt(end - 1))) {
            end--;
        }
        out.setLength(end);
        out.append(ELLIPSIS);
    }

    /** The index of the first unsafe character before {@code limit}, or {@code limit} when there is none. */
    private static int firstUnsafe(String value, boolean keepLayout, int limit) {
        int length = value.length();
        for (int i = 0; i < limit; i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < length && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c) || (isUnsafe(c) && !(keepLayout && isLayout(c)))) {
                return i;
            }
        }
        return limit;
    }

    private static boolean isLayout(char c) {
        return c == '\n' || c == '\r' || c == '\t';
    }

    /** C0 and C1 controls (NUL included), DEL, and the bidirectional embedding, override and isolate marks. */
    static boolean isUnsafe(char c) {
        return LogSafe.isUnsafe(c);
    }
}
