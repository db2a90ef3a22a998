package io.liteobs.reliability;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The test JVM's log, which slf4j-simple writes to the file named by {@code org.slf4j.simpleLogger.logFile} (set
 * by the module's surefire configuration): a test marks where it starts and reads the lines logged since.
 */
final class LogFile {

    private final Path file = Path.of(System.getProperty("org.slf4j.simpleLogger.logFile", "liteobs-test.log"));
    private final long start;

    private LogFile(long start) {
        this.start = start;
    }

    /** Marks the end of the log as it is now. */
    static LogFile mark() {
        // slf4j-simple opens (and empties) its file when the first logger is made: make one before measuring
        org.slf4j.LoggerFactory.getLogger(LogFile.class).info("log mark");
        LogFile probe = new LogFile(0);
        return new LogFile(probe.size());
    }

    private long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** The lines logged since the mark. */
    List<String> lines() throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length() - start;
            byte[] bytes = new byte[(int) Math.max(0, length)];
            in.seek(start);
            in.readFully(bytes);
            return new String(bytes, StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** The lines logged since the mark that contain {@code text}. */
    List<String> linesContaining(String text) throws IOException {
        return lines().stream().filter(line -> line.contains(text)).toList();
    }
}
