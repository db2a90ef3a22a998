package io.liteobs.common.internal;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes text that an application supplied (an exception's message, a generator's or a meter's name) safe to put in
 * a log line: control characters, CR and LF among them, and bidirectional marks are written as escapes, so that
 * such text can neither forge a log line nor hide part of one, and it is cut to {@value #MAX_CHARS} characters.
 *
 * <pre>{@code
 * LOG.warn("Id generator {} failed", LogSafe.text(generator), LogSafe.throwable(e));
 * }</pre>
 *
 * <p>Internal: it may change in any release. For LiteObs's own modules only, never for applications.
 */
public final class LogSafe {

    /** The most characters of one value that reach a log line. */
    public static final int MAX_CHARS = 1_000;
    /** The most causes of an exception that are kept. */
    private static final int MAX_CAUSES = 8;

    private LogSafe() {
    }

    /**
     * The value's {@code toString()}, escaped and cut; "null" for null. A {@code toString()} that throws is named,
     * not thrown.
     */
    public static String text(@Nullable Object value) {
        String text;
        try {
            text = String.valueOf(value);
        } catch (RuntimeException e) {
            // String.valueOf(null) cannot throw: value is not null here
            return "(toString() of " + Objects.requireNonNull(value).getClass().getName() + " threw "
                    + e.getClass().getName() + ")";
        }
        StringBuilder out = null;
        int length = Math.min(text.length(), MAX_CHARS);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            String escape = escape(c);
            if (escape != null && out == null) {
                out = new StringBuilder(length + 16).append(text, 0, i);
            }
            if (out != null) {
                if (escape != null) {
                    out.append(escape);
                } else {
                    out.append(c);
                }
            }
        }
        String safe = out == null ? text.substring(0, length) : out.toString();
        return text.length() > MAX_CHARS ? safe + "\u2026 (" + text.length() + " characters)" : safe;
    }

    /**
     * A copy of the exception to hand a logger as its last argument: the same class name, stack trace and causes,
     * each message escaped as {@link #text} escapes it.
     *
     * @param e the exception; null gives null
     */
    public static @Nullable Throwable throwable(@Nullable Throwable e) {
        return e == null ? null : copy(e, 0);
    }

    private static Throwable copy(Throwable e, int depth) {
        Throwable cause = e.getCause();
        @Nullable Throwable copiedCause = cause == null || cause == e || depth == MAX_CAUSES ? null : copy(cause, depth + 1);
        return new Escaped(e, copiedCause);
    }

    /**
     * Whether a character must never reach a log line, nor a stored string, as it is: C0 and C1 controls (NUL, CR,
     * LF and TAB included), DEL, and the bidirectional embedding, override and isolate marks.
     */
    public static boolean isUnsafe(char c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F)
                || (c >= '\u202A' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
    }

    /** The escape for a character that must not reach a log line as it is, or null for one that may. */
    private static @Nullable String escape(char c) {
        if (!isUnsafe(c)) {
            return null;
        }
        return switch (c) {
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> String.format("\\u%04x", (int) c);
        };
    }

    /** An exception printed as the original would be, with its message escaped. */
    private static final class Escaped extends Throwable {
        private static final long serialVersionUID = 1L;

        private final String className;

        Escaped(Throwable original, @Nullable Throwable cause) {
            super(original.getMessage() == null ? null : text(original.getMessage()), cause, false, true);
            this.className = original.getClass().getName();
            setStackTrace(original.getStackTrace());
        }

        @Override
        public String toString() {
            String message = getMessage();
            return message == null ? className : className + ": " + message;
        }
    }
}
