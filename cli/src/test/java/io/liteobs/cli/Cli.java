package io.liteobs.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs liteobs in this JVM, as the launcher would, on a clock the test sets, and keeps what it printed. */
final class Cli {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Cli() {
    }

    /** What one run printed and how it exited. */
    record Run(int exitCode, String out, String err) {

        /** Standard output as the one JSON document --json prints. */
        JsonNode json() {
            try {
                return JSON.readTree(out);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + out, e);
            }
        }

        /** Standard output as NDJSON: one object per line. */
        List<JsonNode> ndjson() {
            List<JsonNode> rows = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (!line.isBlank()) {
                    try {
                        rows.add(JSON.readTree(line));
                    } catch (IOException e) {
                        throw new UncheckedIOException("not a JSON line: " + line, e);
                    }
                }
            }
            return rows;
        }

        /** Standard output as CSV records, each a list of fields, the header first. */
        List<List<String>> csv() {
            return Csv.parse(out);
        }

        @Override
        public String toString() {
            return "exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }

    /** Runs the command line at {@code now}. */
    static Run at(long nowMillis, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Clock clock = Clock.fixed(Instant.ofEpochMilli(nowMillis), ZoneOffset.UTC);
        int exit = LiteObsCli.create(clock, new PrintWriter(out), new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    /** Runs the command line on the system clock. */
    static Run run(String... args) {
        return at(System.currentTimeMillis(), args);
    }

    /** The arguments, then {@code --file} and the file. */
    static String[] on(java.nio.file.Path file, String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--file";
        all[args.length + 1] = file.toString();
        return all;
    }
}
