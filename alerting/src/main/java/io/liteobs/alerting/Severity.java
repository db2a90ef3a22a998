package io.liteobs.alerting;

import java.util.Locale;

/** How urgent an alert is; stored and sent in lower case ({@code critical}). */
public enum Severity {
    /** Worth knowing; no action needed. */
    INFO,
    /** Something degrades and deserves a look. */
    WARNING,
    /** Something is broken or about to be: act now. */
    CRITICAL;

    /**
     * The name stored in {@code system_alerts.severity} and sent in payloads: {@code info}, {@code warning}...
     *
     * @return the name stored in {@code system_alerts.severity} and sent in payloads
     */
    public String storedName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The severity of a stored name, in any case.
     *
     * @param name a severity's name, such as {@code critical} or {@code WARNING}
     * @return the severity of a stored name, in any case
     * @throws IllegalArgumentException naming the choices when it is none of them
     */
    public static Severity of(String name) {
        for (Severity severity : values()) {
            if (severity.name().equalsIgnoreCase(name)) {
                return severity;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a severity: use info, warning or critical");
    }
}
