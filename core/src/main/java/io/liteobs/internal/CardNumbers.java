package io.liteobs.internal;

import java.util.Arrays;

/**
 * Finds payment card numbers (PANs) in text, as {@code RedactionPolicy} redacts them: 13 to 19 digits, written
 * together or in groups separated by a single space or dash, whose first digit is 2 to 6 (the card networks' major
 * industry identifiers: Mastercard, American Express, Diners, JCB, Visa, Discover, UnionPay, Maestro) and whose
 * digits pass the Luhn check. Digits joined to a letter, an underscore or another number (a decimal fraction, a
 * longer run of digits) are not a card number. Epoch timestamps in milliseconds or nanoseconds start with 1 and never
 * match; one digit run in ten passes the Luhn check, so the first digit and the check together keep most order
 * numbers and ids.
 *
 * <p>The cost is linear in the text: each group of digits is read a bounded number of times, since a card number
 * spans at most 19 of them.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class CardNumbers {

    /** The fewest digits of a card number. */
    public static final int MIN_DIGITS = 13;
    static final int MAX_DIGITS = 19;

    private CardNumbers() {
    }

    /** The text with every card number replaced by {@code replacement}; the text itself when it holds none. */
    public static String redact(String text, String replacement) {
        if (!hasEnoughDigits(text)) {
            return text;
        }
        StringBuilder out = null;
        int copied = 0;
        Groups groups = new Groups();
        int i = 0;
        while (i < text.length()) {
            if (!isDigit(text, i) || joinedBefore(text, i)) {
                i++;
                continue;
            }
            int end = groups.read(text, i);
            if (!joinedAfter(text, end)) {
                for (int first = 0; first < groups.count; ) {
                    int last = longestCardFrom(text, groups, first);
                    if (last < 0) {
                        first++;
                        continue;
                    }
                    if (out == null) {
                        out = new StringBuilder(text.length());
                    }
                    out.append(text, copied, groups.starts[first]).append(replacement);
                    copied = groups.ends[last];
                    first = last + 1;
                }
            }
            i = end;
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    /** The last group of the longest card number that begins with group {@code first}, or -1. */
    private static int longestCardFrom(String text, Groups groups, int first) {
        char lead = text.charAt(groups.starts[first]);
        if (lead < '2' || lead > '6') {
            return -1;
        }
        int found = -1;
        int digits = 0;
        for (int last = first; last < groups.count; last++) {
            digits += groups.ends[last] - groups.starts[last];
            if (digits > MAX_DIGITS) {
                break;
            }
            if (digits >= MIN_DIGITS && passesLuhn(text, groups, first, last)) {
                found = last;
            }
        }
        return found;
    }

    /** The Luhn check over the digits of groups {@code first} to {@code last}. */
    private static boolean passesLuhn(String text, Groups groups, int first, int last) {
        int sum = 0;
        boolean doubled = false;
        for (int group = last; group >= first; group--) {
            for (int i = groups.ends[group] - 1; i >= groups.starts[group]; i--) {
                int digit = text.charAt(i) - '0';
                if (doubled) {
                    digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
                }
                sum += digit;
                doubled = !doubled;
            }
        }
        return sum % 10 == 0;
    }

    /** Whether the text holds at least {@link #MIN_DIGITS} digits: most text does not, and is returned at once. */
    private static boolean hasEnoughDigits(String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            if (isDigit(text, i) && ++digits == MIN_DIGITS) {
                return true;
            }
        }
        return false;
    }

    /** Whether the digits starting at {@code i} continue a word or a number (a letter, {@code _}, {@code 3.}). */
    private static boolean joinedBefore(String text, int i) {
        if (i == 0) {
            return false;
        }
        char before = text.charAt(i - 1);
        return isWordChar(before) || (isDecimalPoint(before) && i >= 2 && isDigit(text, i - 2));
    }

    /** Whether the digits ending before {@code end} go on into a word or a number. */
    private static boolean joinedAfter(String text, int end) {
        if (end == text.length()) {
            return false;
        }
        char after = text.charAt(end);
        return isWordChar(after) || (isDecimalPoint(after) && end + 1 < text.length() && isDigit(text, end + 1));
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    private static boolean isDecimalPoint(char c) {
        return c == '.' || c == ',';
    }

    private static boolean isDigit(String text, int i) {
        char c = text.charAt(i);
        return c >= '0' && c <= '9';
    }

    private static boolean isSeparator(char c) {
        return c == ' ' || c == '-';
    }

    /** The groups of one run of digits: where each starts and ends in the text. Reused from run to run. */
    private static final class Groups {
        int[] starts = new int[8];
        int[] ends = new int[8];
        int count;

        /** Reads the run of groups that starts at {@code start}; returns where it ends. */
        int read(String text, int start) {
            count = 0;
            int i = start;
            while (true) {
                int groupStart = i;
                while (i < text.length() && isDigit(text, i)) {
                    i++;
                }
                add(groupStart, i);
                if (i + 1 < text.length() && isSeparator(text.charAt(i)) && isDigit(text, i + 1)) {
                    i++;
                } else {
                    return i;
                }
            }
        }

        private void add(int start, int end) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            count++;
        }
    }
}
