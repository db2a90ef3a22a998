package io.liteobs.cli;

/**
 * A column of a command's output: its name, the same in every format, and what its values are, which decides how
 * each format writes them.
 */
record Column(String name, Kind kind) {

    /** What a column holds, and the Java type of its values. */
    enum Kind {
        /** A {@code String}. */
        TEXT,
        /** A {@code Long} or {@code Integer}. */
        INTEGER,
        /** A {@code Double}. */
        NUMBER,
        /** A {@code Boolean}. */
        BOOLEAN,
        /** Epoch milliseconds as a {@code Long}: local or UTC time in a table, ISO-8601 UTC for programs. */
        TIME,
        /** Milliseconds as a {@code Long}: {@code 2m 05s} in a table, a number for programs. */
        DURATION,
        /** Bytes as a {@code Long}: {@code 12.5 MiB} in a table, a number for programs. */
        BYTES,
        /** JSON text as a {@code String}: embedded as JSON in JSON output, as text elsewhere. */
        JSON
    }

    static Column text(String name) {
        return new Column(name, Kind.TEXT);
    }

    static Column integer(String name) {
        return new Column(name, Kind.INTEGER);
    }

    static Column number(String name) {
        return new Column(name, Kind.NUMBER);
    }

    static Column bool(String name) {
        return new Column(name, Kind.BOOLEAN);
    }

    static Column time(String name) {
        return new Column(name, Kind.TIME);
    }

    static Column duration(String name) {
        return new Column(name, Kind.DURATION);
    }

    static Column bytes(String name) {
        return new Column(name, Kind.BYTES);
    }

    static Column json(String name) {
        return new Column(name, Kind.JSON);
    }
}
