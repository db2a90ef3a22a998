package io.liteobs;

import com.fasterxml.jackson.databind.JsonNode;
import io.liteobs.internal.Json;
import io.liteobs.internal.Text;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * An immutable set of labels (key-value pairs) sorted by key, identifying one series of a metric. Build labels once
 * and reuse them: the canonical JSON form that is stored is computed once per instance.
 *
 * <pre>{@code
 * Labels labels = Labels.of("region", "eu-west", "status", "200");
 * metrics.record("http.requests", 1, labels);
 * }</pre>
 *
 * <p>Keys match {@value #KEY_PATTERN} and are at most {@value #MAX_KEY_LENGTH} characters; values are cleaned of
 * control characters and cut to {@value #MAX_VALUE_LENGTH} characters; at most {@value #MAX_LABELS} labels.
 * Anything else is a programming error and fails fast with {@link IllegalArgumentException}.
 */
public final class Labels {

    /** The pattern every label key matches. */
    public static final String KEY_PATTERN = "[A-Za-z_][A-Za-z0-9_.:-]*";
    /** The longest label key. */
    public static final int MAX_KEY_LENGTH = 128;
    /** The longest label value; longer values are cut. */
    public static final int MAX_VALUE_LENGTH = 1024;
    /** The most labels one series may carry. */
    public static final int MAX_LABELS = 32;

    private static final Pattern KEY = Pattern.compile(KEY_PATTERN);
    private static final Labels EMPTY = new Labels(new String[0], new String[0]);

    private final String[] keys;
    private final String[] values;
    private final int hash;
    private @Nullable String json;

    private Labels(String[] keys, String[] values) {
        this.keys = keys;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(keys) + Arrays.hashCode(values);
    }

    /**
     * No labels.
     *
     * @return no labels
     */
    public static Labels empty() {
        return EMPTY;
    }

    /**
     * Labels from alternating keys and values.
     *
     * @param keysAndValues key, value, key, value...; none may be null
     * @return labels from alternating keys and values
     * @throws IllegalArgumentException for an odd count, a null, an invalid or a repeated key
     */
    public static Labels of(String... keysAndValues) {
        Objects.requireNonNull(keysAndValues, "keysAndValues");
        if (keysAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("labels need key-value pairs, got an odd count: "
                    + keysAndValues.length);
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            if (map.put(keysAndValues[i], keysAndValues[i + 1]) != null) {
                throw new IllegalArgumentException("label key repeated: " + keysAndValues[i]);
            }
        }
        return of(map);
    }

    /**
     * Labels from a map.
     *
     * @param labels keys and values, none null
     * @return labels from a map
     * @throws IllegalArgumentException for a null or invalid key or value
     */
    public static Labels of(Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels");
        if (labels.isEmpty()) {
            return EMPTY;
        }
        if (labels.size() > MAX_LABELS) {
            throw new IllegalArgumentException("at most " + MAX_LABELS + " labels per series, got " + labels.size());
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        labels.forEach((key, value) -> sorted.put(checkKey(key), cleanValue(key, value)));
        return new Labels(sorted.keySet().toArray(new String[0]), sorted.values().toArray(new String[0]));
    }

    /**
     * Labels from their canonical JSON form, as {@link #toJson()} writes it and the store keeps it.
     *
     * @param json a JSON object of string values
     * @return labels from their canonical JSON form, as {@link #toJson()} writes it and the store keeps it
     * @throws IllegalArgumentException when the text is null or not a JSON object of string values ({@code null},
     *                                  {@code [1,2]} and {@code "a"} are not), or the labels are invalid
     */
    public static Labels fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("labels are a JSON object of string values, got null");
        }
        JsonNode tree = Json.tree(json);
        if (!tree.isObject()) {
            throw new IllegalArgumentException("labels are a JSON object of string values: " + json);
        }
        Map<String, String> map = new LinkedHashMap<>();
        tree.properties().forEach(field -> {
            if (!field.getValue().isTextual()) {
                throw new IllegalArgumentException("label values are strings: " + json);
            }
            map.put(field.getKey(), field.getValue().textValue());
        });
        return of(map);
    }

    /**
     * Checks a label key, for queries that match on labels.
     *
     * @param key the label key to check
     * @return the key, when it is valid
     * @throws IllegalArgumentException when the key is null, too long or does not match {@value #KEY_PATTERN}
     */
    public static String checkKey(String key) {
        if (key == null || key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("label key must match " + KEY_PATTERN + " and have at most "
                    + MAX_KEY_LENGTH + " characters: " + key);
        }
        return key;
    }

    private static String cleanValue(String key, String value) {
        if (value == null) {
            throw new IllegalArgumentException("label value is null for key " + key);
        }
        return Text.clean(value, MAX_VALUE_LENGTH, false);
    }

    /**
     * The number of labels.
     *
     * @return the number of labels
     */
    public int size() {
        return keys.length;
    }

    /**
     * Whether there are no labels.
     *
     * @return whether there are no labels
     */
    public boolean isEmpty() {
        return keys.length == 0;
    }

    /**
     * The value of a label.
     *
     * @param key the label key
     * @return the value, or null when the key is absent
     */
    public @Nullable String get(String key) {
        int index = Arrays.binarySearch(keys, key);
        return index >= 0 ? values[index] : null;
    }

    /**
     * The labels as an unmodifiable map sorted by key.
     *
     * @return the labels as an unmodifiable map sorted by key
     */
    public Map<String, String> asMap() {
        Map<String, String> map = new TreeMap<>();
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    /**
     * Whether every label of {@code other} is present here with the same value.
     *
     * @param other the labels to look for
     * @return whether every label of {@code other} is present here with the same value
     */
    public boolean containsAll(Labels other) {
        for (int i = 0; i < other.keys.length; i++) {
            if (!other.values[i].equals(get(other.keys[i]))) {
                return false;
            }
        }
        return true;
    }

    /**
     * The canonical JSON object (keys sorted, no white space) that identifies this series in the store.
     *
     * @return the canonical JSON object (keys sorted, no white space) that identifies this series in the store
     */
    public String toJson() {
        String result = json;
        if (result == null) {
            StringBuilder out = new StringBuilder(16 + 24 * keys.length).append('{');
            for (int i = 0; i < keys.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendJsonString(out, keys[i]).append(':');
                appendJsonString(out, values[i]);
            }
            result = out.append('}').toString();
            json = result;
        }
        return result;
    }

    private static StringBuilder appendJsonString(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"');
    }

    @Override
    public boolean equals(Object o) {
        return this == o || (o instanceof Labels other && hash == other.hash
                && Arrays.equals(keys, other.keys) && Arrays.equals(values, other.values));
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return toJson();
    }
}
