package io.liteobs.cli;

/** The entry point of {@code liteobs}: runs one command and exits with its {@link ExitCode}. */
public final class Main {

    private Main() {
    }

    /**
     * Runs the command line.
     *
     * @param args the command and its options, as {@code liteobs --help} lists them
     */
    public static void main(String[] args) {
        System.exit(LiteObsCli.execute(args));
    }
}
