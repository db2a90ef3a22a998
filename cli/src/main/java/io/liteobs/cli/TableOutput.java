package io.liteobs.cli;

import java.io.PrintWriter;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Sections as aligned tables for people: a header row, numbers aligned right, a title above each section when there
 * are several. Each section's rows are held until it ends, to size its columns.
 */
final class TableOutput implements Output {

    private static final String GAP = "  ";

    private final PrintWriter out;
    private final ZoneId zone;
    private final boolean titled;
    private @Nullable List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();
    private boolean first = true;

    /**
     * @param zone   the zone times are shown in
     * @param titled whether each section gets its name as a title
     */
    TableOutput(PrintWriter out, ZoneId zone, boolean titled) {
        this.out = out;
        this.zone = zone;
        this.titled = titled;
    }

    @Override
    public void section(String name, List<Column> sectionColumns) {
        flushSection();
        if (titled) {
            if (!first) {
                out.println();
            }
            out.println(name.toUpperCase(Locale.ROOT).replace('_', ' '));
        }
        first = false;
        columns = List.copyOf(sectionColumns);
        rows.add(sectionColumns.stream().map(Column::name).toArray(String[]::new));
    }

    @Override
    public void row(@Nullable Object... values) {
        List<Column> current = current();
        String[] cells = new String[current.size()];
        for (int i = 0; i < cells.length; i++) {
            cells[i] = Values.forPeople(current.get(i).kind(), values[i], zone);
        }
        rows.add(cells);
    }

    private List<Column> current() {
        if (columns == null) {
            throw new IllegalStateException("a row before any section");
        }
        return columns;
    }

    private void flushSection() {
        if (columns == null) {
            return;
        }
        int[] widths = new int[columns.size()];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        if (rows.size() == 1) {
            out.println("(none)");
        } else {
            for (String[] row : rows) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < row.length; i++) {
                    boolean last = i == row.length - 1;
                    String padding = " ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()));
                    if (rightAligned(columns.get(i).kind()) && row != rows.get(0)) {
                        line.append(padding).append(row[i]);
                    } else {
                        line.append(row[i]).append(last ? "" : padding);
                    }
                    if (!last) {
                        line.append(GAP);
                    }
                }
                out.println(line);
            }
        }
        rows.clear();
        columns = null;
    }

    private static boolean rightAligned(Column.Kind kind) {
        return Arrays.asList(Column.Kind.INTEGER, Column.Kind.NUMBER, Column.Kind.DURATION, Column.Kind.BYTES)
                .contains(kind);
    }

    @Override
    public void close() {
        flushSection();
        out.flush();
    }
}
