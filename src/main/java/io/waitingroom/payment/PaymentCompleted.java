package io.waitingroom.payment;

import java.time.Instant;
import java.util.List;

/**
 * Published after a payment commits (seed: "결제 완료 알림"). The seats are already RESERVED in the
 * same transaction, so a listener that misses it loses nothing.
 */
public record PaymentCompleted(long paymentId, long reservationId, long userId, long scheduleId, List<Long> seatIds,
                               long amount, Instant at) {
}
