package io.waitingroom.reservation;

import java.time.Instant;
import java.util.List;

/**
 * Published by the sweep after it released one lapsed hold (reservation EXPIRED, its seats
 * HELD -> AVAILABLE, committed). A hold that a payment or a cancel took first publishes nothing.
 */
public record HoldLapsed(long reservationId, long userId, long concertId, long scheduleId, List<Long> seatIds, Instant at) {
}
