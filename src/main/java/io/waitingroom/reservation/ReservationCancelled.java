package io.waitingroom.reservation;

import java.time.Instant;
import java.util.List;

/**
 * Published after a cancel commits, once per reservation (a repeated cancel publishes nothing).
 * Its seats are already AVAILABLE, and a paid one's points back in the wallet, in the same
 * transaction, so a listener that misses it loses nothing but a counter's freshness.
 *
 * @param wasPaid  whether it was PAID (seats were RESERVED, points refunded) or a HELD hold
 * @param refunded the points given back: the price when it was paid, 0 for a hold
 */
public record ReservationCancelled(long reservationId, long userId, long concertId, long scheduleId, List<Long> seatIds,
                                   boolean wasPaid, long refunded, Instant at) {
}
