package io.liteobs.sqlite;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What the tests' logger (slf4j-simple, which writes to whatever {@code System.err} is at the time) prints. */
final class CapturedStderr {

    private CapturedStderr() {
    }

    /** The lines printed to standard error while {@code action} runs. */
    static List<String> linesDuring(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
