package io.liteobs;

/**
 * How many audit entries of one component and operation ended with one status in a range ({@link AuditCountQuery}).
 *
 * @param component the component
 * @param operation the operation
 * @param status    the status, {@value AuditEntry#STATUS_SUCCESS} or another
 * @param entries   how many entries
 */
public record AuditStatusCount(String component, String operation, String status, long entries) {
}
