package io.liteobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.liteobs.RedactionPolicy;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns caller objects and caller-supplied JSON text into JSON that is always valid and bounded in size.
 * Text that does not parse is kept, as a JSON string, so an audit entry never loses what the caller passed.
 *
 * <p>Internal to LiteObs core: it may change in any release, and no other module may use it.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            // exactly one value: "1 2" or "{} {}" is not JSON, and SQLite's json_valid says so too
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // numbers written back exactly as they came, should redaction rewrite a document
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
            .build();

    /**
     * How far past the length that is kept redaction looks: a secret that straddles the cut is recognised whole
     * (every default pattern matches within this many characters) and redacted before the text is cut. The cost
     * stays bounded whatever the caller passes: no more than the kept length plus this margin is ever scanned.
     */
    public static final int REDACTION_MARGIN = 1024;

    private Json() {
    }

    /**
     * Cleans, redacts and cuts text, in that order: redaction sees the kept part plus {@link #REDACTION_MARGIN}
     * characters after it, so that cutting never leaves part of a secret behind.
     *
     * @param max        the most characters kept
     * @param keepLayout whether CR, LF and TAB survive
     * @return the text, at most {@code max} characters; null for null
     */
    public static @Nullable String redactText(@Nullable String text, int max, boolean keepLayout,
                                              RedactionPolicy policy) {
        return text == null ? null : cleanRedactAndCut(text, max, keepLayout, policy);
    }

    private static String cleanRedactAndCut(String text, int max, boolean keepLayout, RedactionPolicy policy) {
        if (!policy.isEnabled()) {
            return Text.clean(text, max, keepLayout);
        }
        int window = max > Integer.MAX_VALUE - REDACTION_MARGIN ? Integer.MAX_VALUE : max + REDACTION_MARGIN;
        return Text.clean(policy.redactText(Text.clean(text, window, keepLayout)), max, keepLayout);
    }

    /**
     * Serialises a caller object (map, list, record, bean, string, number) as JSON. Text that holds a JSON object
     * or array is taken as that document, not quoted as a string: {@code "{\"a\":1}"} and {@code Map.of("a", 1)}
     * store the same JSON, which {@code json_extract} can read. Any other text is stored as a JSON string, so
     * {@code "42"} stays the text "42".
     *
     * @return the JSON, or null for a null object
     */
    public static @Nullable String fromObject(@Nullable Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof CharSequence chars && isDocument(chars.toString())) {
            return chars.toString();
        }
        BoundedWriter out = new BoundedWriter(Text.MAX_JSON);
        try {
            MAPPER.writeValue(out, value);
        } catch (IOException | RuntimeException e) {
            if (out.overflowed()) {
                // serialising stopped at the bound: a 100 MB object costs no more than 64 KiB of JSON
                return quote(out.toString());
            }
            return quote("unserialisable " + value.getClass().getName() + ": " + e.getMessage());
        }
        return out.toString();
    }

    /** Collects what Jackson writes, and stops it with an exception once there is more than {@code max}. */
    private static final class BoundedWriter extends Writer {
        private final StringBuilder text = new StringBuilder();
        private final int max;
        private boolean overflowed;

        BoundedWriter(int max) {
            this.max = max;
        }

        @Override
        public void write(char[] chars, int offset, int length) throws IOException {
            if (text.length() + length > max) {
                text.append(chars, offset, Math.max(0, max - text.length()));
                overflowed = true;
                throw new IOException("more than " + max + " characters of JSON");
            }
            text.append(chars, offset, length);
        }

        boolean overflowed() {
            return overflowed;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    /**
     * Normalises caller-supplied JSON text: valid JSON within {@link Text#MAX_JSON} is kept as it is; invalid JSON
     * becomes a JSON string holding the text; oversized JSON becomes a JSON string holding its cut beginning.
     *
     * @return valid JSON, or null for null or blank text
     */
    public static @Nullable String normalise(@Nullable String json) {
        return normalise(json, RedactionPolicy.none());
    }

    /**
     * Normalises caller-supplied JSON text as {@link #normalise(String)} does, and redacts it: members with a secret
     * key and secrets in string values (valid JSON), or secrets in the text kept as a JSON string (invalid JSON).
     * Oversized text is redacted, then cut ({@link #redactText}), so the cost stays bounded whatever the caller
     * passes and no secret is cut in two.
     *
     * @return valid JSON, or null for null or blank text
     */
    public static @Nullable String normalise(@Nullable String json, RedactionPolicy policy) {
        if (json == null || json.isBlank()) {
            return null;
        }
        if (json.length() > Text.MAX_JSON) {
            return quote(cleanRedactAndCut(json, Text.MAX_JSON / 2, true, policy));
        }
        String cleaned = Text.clean(json, Integer.MAX_VALUE, true);
        if (!policy.isEnabled()) {
            return isValid(cleaned) ? cleaned : quote(cleaned);
        }
        JsonNode tree = parse(cleaned);
        if (tree == null) {
            return quote(policy.redactText(cleaned));
        }
        if (!redact(tree, policy)) {
            return cleaned;
        }
        String redacted = Text.clean(write(tree), Integer.MAX_VALUE, true);
        return redacted.length() <= Text.MAX_JSON ? redacted : quote(redacted);
    }

    /** Whether the text is exactly one well-formed JSON object or array. */
    private static boolean isDocument(String text) {
        String start = text.stripLeading();
        return (start.startsWith("{") || start.startsWith("[")) && isValid(text);
    }

    /** Whether the text is exactly one well-formed JSON value. */
    public static boolean isValid(String json) {
        try (var parser = MAPPER.createParser(json)) {
            if (parser.nextToken() == null) {
                return false;
            }
            parser.skipChildren();
            // exactly one value: anything after it, even another value, makes the text invalid
            return parser.nextToken() == null;
        } catch (IOException e) {
            return false;
        }
    }

    /** The document, or null when the text is not exactly one JSON value. */
    private static @Nullable JsonNode parse(String json) {
        try {
            JsonNode tree = MAPPER.readTree(json);
            return tree == null || tree.isMissingNode() ? null : tree;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static String write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed tree always serialises", e);
        }
    }

    /** Redacts the document in place; returns whether anything was replaced. */
    private static boolean redact(JsonNode node, RedactionPolicy policy) {
        boolean changed = false;
        if (node instanceof ObjectNode object) {
            List<String> secretKeys = new ArrayList<>();
            for (Map.Entry<String, JsonNode> field : object.properties()) {
                JsonNode value = field.getValue();
                if (policy.isSecretKey(field.getKey())) {
                    if (!value.isNull() && !RedactionPolicy.REDACTED.equals(value.textValue())) {
                        secretKeys.add(field.getKey());
                    }
                    continue;
                }
                JsonNode redacted = redactedScalar(value, policy);
                if (redacted != null) {
                    field.setValue(redacted);
                    changed = true;
                } else {
                    changed |= redact(value, policy);
                }
            }
            for (String key : secretKeys) {
                object.put(key, RedactionPolicy.REDACTED);
            }
            changed |= !secretKeys.isEmpty();
        } else if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                JsonNode redacted = redactedScalar(element, policy);
                if (redacted != null) {
                    array.set(i, redacted);
                    changed = true;
                } else {
                    changed |= redact(element, policy);
                }
            }
        }
        return changed;
    }

    /**
     * What a string, or an integer written as digits (a card number stored as a JSON number), becomes once
     * redacted; null when it is neither, or holds no secret.
     */
    private static @Nullable JsonNode redactedScalar(JsonNode value, RedactionPolicy policy) {
        if (!value.isTextual() && !value.isIntegralNumber()) {
            return null;
        }
        String text = value.asText();
        String redacted = policy.redactText(text);
        return redacted.equals(text) ? null : TextNode.valueOf(redacted);
    }

    /** Parses JSON text into a tree; for readers of stored documents. */
    public static JsonNode tree(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * A JSON string literal holding the text, cleaned of unsafe characters and cut to half of {@link Text#MAX_JSON}
     * characters, so that even a text made entirely of escaped characters stays within the bound.
     */
    public static String quote(String text) {
        try {
            return MAPPER.writeValueAsString(Text.clean(text, Text.MAX_JSON / 2, true));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a plain string always serialises", e);
        }
    }


}
