package io.liteobs.alerting;

/**
 * What one evaluation round did.
 *
 * @param leaseHeld whether this process holds the evaluation lease; when it does not, another process evaluates
 *                  and this round did nothing
 * @param evaluated the rules that were due and evaluated
 * @param fired     alerts opened
 * @param resolved  alerts resolved
 */
public record EvaluationRound(boolean leaseHeld, int evaluated, int fired, int resolved) {

    /** A round of a process that does not hold the lease. */
    static final EvaluationRound STANDBY = new EvaluationRound(false, 0, 0, 0);
}
