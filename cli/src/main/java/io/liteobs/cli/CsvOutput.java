package io.liteobs.cli;

import java.io.PrintWriter;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One section as CSV (RFC 4180) for programs and spreadsheets: a header row, then one line per row; a field with a
 * comma, quote or line break in quotes, quotes doubled. Times are ISO-8601 UTC, null the empty field.
 */
final class CsvOutput implements Output {

    private final PrintWriter out;
    private @Nullable List<Column> columns;

    CsvOutput(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void section(String name, List<Column> sectionColumns) {
        if (columns != null) {
            throw new IllegalStateException("CSV holds one table; " + name + " is a second one");
        }
        columns = List.copyOf(sectionColumns);
        line(sectionColumns.stream().map(Column::name).toArray(String[]::new));
    }

    @Override
    public void row(@Nullable Object... values) {
        List<Column> current = columns;
        if (current == null) {
            throw new IllegalStateException("a row before any section");
        }
        String[] fields = new String[current.size()];
        for (int i = 0; i < fields.length; i++) {
            fields[i] = Values.forPrograms(current.get(i).kind(), values[i]);
        }
        line(fields);
    }

    private void line(String[] fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append(',');
            }
            line.append(quoted(fields[i]));
        }
        // RFC 4180 ends records with CRLF
        out.print(line.append("\r\n"));
    }

    static String quoted(String field) {
        boolean needsQuotes = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
                || field.indexOf('\r') >= 0;
        return needsQuotes ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }

    @Override
    public void close() {
        out.flush();
    }
}
