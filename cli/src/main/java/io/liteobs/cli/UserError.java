package io.liteobs.cli;

/** A failure the operator can fix, reported in one line without a stack trace, with its exit code. */
final class UserError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;

    /**
     * @param message  what is wrong and what to do about it
     * @param exitCode one of {@link ExitCode}
     */
    UserError(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
