package io.liteobs.alerting;

import org.jspecify.annotations.Nullable;

/**
 * A rule file that cannot be used; the message names the file, the rule (by id, or by position when it has none),
 * the field and the problem: {@code rules.yaml: rule 'cpu-high' (#2), field 'window': '2 minutes' is not a
 * duration...}.
 */
public final class RuleFileException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final @Nullable String ruleId;
    private final @Nullable String field;

    RuleFileException(String message, @Nullable String ruleId, @Nullable String field, @Nullable Throwable cause) {
        super(message, cause);
        this.ruleId = ruleId;
        this.field = field;
    }

    /**
     * The id of the rule at fault; null when the file as a whole is, or the rule has no id.
     *
     * @return the id of the rule at fault
     */
    public @Nullable String ruleId() {
        return ruleId;
    }

    /**
     * The field at fault; null when the file or the rule as a whole is.
     *
     * @return the field at fault
     */
    public @Nullable String field() {
        return field;
    }
}
