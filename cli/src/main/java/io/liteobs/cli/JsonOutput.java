package io.liteobs.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Sections as JSON for programs, written as rows come: {@code --json} gives one document (an array of row objects,
 * or, for a command with several sections, an object holding an array per section); {@code --ndjson} one row object
 * per line, with a {@code section} member when there are several. Times are ISO-8601 UTC text, durations and sizes
 * numbers (milliseconds, bytes), JSON columns embedded as JSON.
 */
final class JsonOutput implements Output {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final PrintWriter out;
    private final JsonGenerator json;
    private final boolean lines;
    private final boolean sections;
    private @Nullable String section;
    private @Nullable List<Column> columns;

    /**
     * @param lines    one object per line ({@code --ndjson}) instead of one document
     * @param sections whether the command writes several sections
     */
    JsonOutput(PrintWriter out, boolean lines, boolean sections) {
        this.out = out;
        this.lines = lines;
        this.sections = sections;
        try {
            this.json = MAPPER.getFactory().createGenerator(out).disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            if (lines) {
                json.setRootValueSeparator(null);
            } else {
                json.useDefaultPrettyPrinter();
                if (sections) {
                    json.writeStartObject();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void section(String name, List<Column> sectionColumns) {
        try {
            endSection();
            section = name;
            columns = List.copyOf(sectionColumns);
            if (!lines) {
                if (sections) {
                    json.writeFieldName(name);
                }
                json.writeStartArray();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void row(@Nullable Object... values) {
        List<Column> current = columns;
        if (current == null) {
            throw new IllegalStateException("a row before any section");
        }
        try {
            json.writeStartObject();
            if (lines && sections) {
                json.writeStringField("section", section);
            }
            for (int i = 0; i < current.size(); i++) {
                json.writeFieldName(current.get(i).name());
                write(current.get(i).kind(), values[i]);
            }
            json.writeEndObject();
            if (lines) {
                json.flush();
                out.write('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Column.Kind kind, @Nullable Object value) throws IOException {
        if (value == null) {
            json.writeNull();
            return;
        }
        switch (kind) {
            case TIME -> json.writeString(Values.ISO_UTC.format(Instant.ofEpochMilli((Long) value)));
            case INTEGER, DURATION, BYTES -> json.writeNumber(((Number) value).longValue());
            case NUMBER -> writeNumber((Double) value);
            case BOOLEAN -> json.writeBoolean((Boolean) value);
            case JSON -> writeJson((String) value);
            case TEXT -> json.writeString(value.toString());
        }
    }

    /** JSON has no NaN or infinities: those go as text, as Prometheus writes them. */
    private void writeNumber(double value) throws IOException {
        if (Double.isFinite(value)) {
            json.writeNumber(value);
        } else {
            json.writeString(Double.toString(value));
        }
    }

    /** Stored JSON embedded as it is; text that is not JSON (written by hand into the file) as a string. */
    private void writeJson(String text) throws IOException {
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            json.writeString(text);
            return;
        }
        json.writeTree(node);
    }

    private void endSection() throws IOException {
        if (columns != null && !lines) {
            json.writeEndArray();
        }
        columns = null;
    }

    @Override
    public void close() {
        try {
            endSection();
            if (!lines && sections) {
                json.writeEndObject();
            }
            json.flush();
            if (!lines) {
                out.println();
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
