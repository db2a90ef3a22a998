package io.liteobs.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;

/**
 * Turns caller objects and caller-supplied JSON text into JSON that is always valid and bounded in size.
 * Text that does not parse is kept, as a JSON string, so an audit entry never loses what the caller passed.
 */
public final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /**
     * Serialises a caller object (map, list, record, bean, string, number) as JSON.
     *
     * @return the JSON, or null for a null object
     */
    public static String fromObject(Object value) {
        if (value == null) {
            return null;
        }
        String json;
        try {
            json = MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException | RuntimeException e) {
            json = quote("unserialisable " + value.getClass().getName() + ": " + e.getMessage());
        }
        return bounded(json);
    }

    /**
     * Normalises caller-supplied JSON text: valid JSON within {@link Text#MAX_JSON} is kept as it is; invalid JSON
     * becomes a JSON string holding the text; oversized JSON becomes a JSON string holding its cut beginning.
     *
     * @return valid JSON, or null for null or blank text
     */
    public static String normalise(String json) {
        if (json == null || json.isBlank()) {
            return null;
        }
        String cleaned = Text.clean(json, Integer.MAX_VALUE, true);
        if (cleaned.length() <= Text.MAX_JSON && isValid(cleaned)) {
            return cleaned;
        }
        return quote(cleaned);
    }

    /** Whether the text is exactly one well-formed JSON value. */
    public static boolean isValid(String json) {
        try (var parser = MAPPER.createParser(json)) {
            while (parser.nextToken() != null) {
                // reading every token is the validation
            }
            return true;
        } catch (IOException e) {
            return false;
        }
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

    private static String bounded(String json) {
        return json.length() <= Text.MAX_JSON ? json : quote(json);
    }

}
