package io.liteobs.alerting;

/**
 * What webhook delivery did with the notifications handed to it, one per destination. Once delivery is idle,
 * {@code offered == delivered + failed + refused + dropped + queued}.
 *
 * @param offered   notifications handed to delivery, per destination
 * @param delivered answered with a 2xx status
 * @param failed    given up: a status not retried, or every attempt failed
 * @param refused   not sent: the destination's address is refused
 * @param dropped   not sent: the queue was full, or delivery closed first
 * @param queued    waiting, or being sent now
 */
public record DeliveryStats(long offered, long delivered, long failed, long refused, long dropped, long queued) {

    /** No delivery at all. */
    static final DeliveryStats NONE = new DeliveryStats(0, 0, 0, 0, 0, 0);
}
