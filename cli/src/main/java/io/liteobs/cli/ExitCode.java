package io.liteobs.cli;

/** The exit codes of {@code liteobs}; docs/command-line.md lists them, and scripts depend on them. */
final class ExitCode {

    /** Done; for {@code liveness}, every worker checked is alive. */
    static final int OK = 0;
    /** {@code liveness}: a worker's latest beat is older than its stale threshold. */
    static final int STALE = 1;
    /** {@code slo}: a ticket's burn-rate condition holds, or an objective's error budget is spent. */
    static final int BUDGET_AT_RISK = 1;
    /** The command line is wrong: an unknown option, a missing argument, a value that does not parse. */
    static final int USAGE = 2;
    /** {@code slo}: a page's burn-rate condition holds. */
    static final int PAGE = 3;
    /** {@code liveness}: a worker named has never beaten, or the file holds no heartbeat at all. */
    static final int NEVER_SEEN = 3;
    /**
     * The file cannot be used now: it does not exist, cannot be read (permissions), or cannot be written by a
     * command that writes (read-only, disk full, locked too long). Trying again after fixing that can succeed.
     */
    static final int FILE_UNAVAILABLE = 4;
    /**
     * The file is refused: not a SQLite database, another application's database, a LiteObs file of another schema
     * version, or damaged. Trying again does not help; the message says what to do.
     */
    static final int FILE_REFUSED = 5;
    /** Anything else: a failure the command did not expect; {@code --verbose} prints its stack trace. */
    static final int FAILURE = 70;

    private ExitCode() {
    }
}
