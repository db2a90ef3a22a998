package io.liteobs;

/** What audit query results are ordered by; ties are broken by entry id. */
public enum AuditOrder {
    /** The entry's timestamp. */
    TIME,
    /** The audited operation's duration; entries without a duration come last. */
    DURATION
}
