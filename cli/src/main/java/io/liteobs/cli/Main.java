package io.liteobs.cli;

import java.nio.file.Path;

/** The entry point of {@code liteobs}: runs one command and exits with its {@link ExitCode}. */
public final class Main {

    /** slf4j-simple's default level, read when the first logger is made. */
    static final String LOG_LEVEL = "org.slf4j.simpleLogger.defaultLogLevel";

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
        String nativeCache = System.getProperty(NativeLibraryCache.FOLDER_PROPERTY);
        if (nativeCache != null && !nativeCache.isBlank()) {
            NativeLibraryCache.use(Path.of(nativeCache));
        }
        System.exit(LiteObsCli.execute(args));
    }
}
