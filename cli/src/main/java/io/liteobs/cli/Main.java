package io.liteobs.cli;

import java.nio.file.Path;

/** The entry point of {@code liteobs}: runs one command and exits with its {@link ExitCode}. */
public final class Main {

    /** slf4j-simple's default level, read when the first logger is made. */
    static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";
    /**
     * slf4j-simple's level for HikariCP, whose pool logs a connection it could not open with a stack trace; the
     * command says what failed in one line, and {@code --verbose} shows the rest.
     */
    static final String POOL_LOG_LEVEL = "org.slf4j.simpleLogger.log.com.zaxxer.hikari";

    private Main() {
    }

    /**
     * Runs the command line.
     *
     * @param args the command and its options, as {@code liteobs --help} lists them
     */
    public static void main(String[] args) {
        // the library's warnings reach the operator; its informational lines only with --verbose
        if (System.getProperty(LOG_LEVEL) == null) {
            System.setProperty(LOG_LEVEL, "warn");
        }
        if (System.getProperty(POOL_LOG_LEVEL) == null) {
            System.setProperty(POOL_LOG_LEVEL, "off");
        }
        String nativeCache = System.getProperty(NativeLibraryCache.FOLDER_PROPERTY);
        if (nativeCache != null && !nativeCache.isBlank()) {
            NativeLibraryCache.use(Path.of(nativeCache));
        }
        System.exit(LiteObsCli.execute(args));
    }
}
