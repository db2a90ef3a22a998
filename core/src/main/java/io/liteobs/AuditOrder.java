package io.liteobs;

/** What audit query results are ordered by; ties are broken by the order entries were stored in. */
public enum AuditOrder {
    /** The entry's timestamp. */
    TIME,
    /** The audited operation's duration; entries without a duration come last. */
    DURATION
}
