package io.liteobs.cli;

import io.liteobs.alerting.Objective;
import io.liteobs.alerting.RuleFile;
import io.liteobs.alerting.RuleFileException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** The objectives of a rule file given on the command line, its problems as usage errors that name the file. */
final class ObjectiveFiles {

    private ObjectiveFiles() {
    }

    /** The objectives of the file's {@code objectives} section, in its order; none is an error. */
    static List<Objective> read(Path rules) {
        List<Objective> objectives;
        try {
            objectives = RuleFile.read(rules).objectives();
        } catch (RuleFileException e) {
            throw new UserError(String.valueOf(e.getMessage()), ExitCode.USAGE);
        } catch (IOException e) {
            throw new UserError("the rule file " + rules + " cannot be read: " + e.getMessage(), ExitCode.USAGE);
        }
        if (objectives.isEmpty()) {
            throw new UserError(rules + " holds no objective: add an 'objectives' section (see docs/slo.md)",
                    ExitCode.USAGE);
        }
        return objectives;
    }
}
