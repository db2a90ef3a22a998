package io.liteobs.alerting;

import io.liteobs.Labels;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {{name}}} placeholders of a summary or description with the values of one evaluation. A placeholder
 * with no value is left as written, so that a typo shows in the alert rather than vanishing.
 */
final class Templates {

    /** The longest text a template makes; longer is cut, with an ellipsis. */
    static final int MAX_LENGTH = 1_024;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.:-]+)\\s*}}");

    private Templates() {
    }

    static String fill(String template, Map<String, String> values) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = values.get(matcher.group(1));
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(filled);
        return filled.length() <= MAX_LENGTH ? filled.toString() : filled.substring(0, MAX_LENGTH - 1) + "…";
    }

    /** Labels as a Prometheus selector, {@code {mode="total"}}; empty text for no labels. */
    static String selector(Labels labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringJoiner joined = new StringJoiner(",", "{", "}");
        labels.asMap().forEach((key, value) -> joined.add(key + "=\"" + value.replace("\"", "\\\"") + "\""));
        return joined.toString();
    }

    /** A value for a person: at most four significant digits, no exponent for everyday magnitudes. */
    static String format(double value) {
        if (Double.isNaN(value)) {
            return "none";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return new BigDecimal(value).round(new MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
