package io.waitingroom.payment;

import java.time.Instant;

/**
 * Published after a payment commits (seed: "결제 완료 알림"). The seat is already RESERVED in the
 * same transaction, so a listener that misses it loses nothing.
 */
public record PaymentCompleted(long paymentId, long reservationId, long userId, long scheduleId, int seatNumber,
                               long amount, Instant at) {
}
