package io.waitingroom.reservation;

import java.time.Instant;
import java.util.List;

/**
 * Seats held for one user, awaiting payment until {@code holdExpiresAt}; {@code price} is their sum.
 * {@code refunded} is the points given back when it was cancelled (0 otherwise, and for a hold).
 */
public record Reservation(long reservationId, long userId, long scheduleId, long concertId, Instant startsAt,
                          List<ReservedSeat> seats, long price, ReservationStatus status, Instant holdExpiresAt, long refunded) {

    /** A reservation as it is made or paid: nothing refunded. */
    public Reservation(long reservationId, long userId, long scheduleId, long concertId, Instant startsAt,
                       List<ReservedSeat> seats, long price, ReservationStatus status, Instant holdExpiresAt) {
        this(reservationId, userId, scheduleId, concertId, startsAt, seats, price, status, holdExpiresAt, 0);
    }

    public record ReservedSeat(long seatId, int seatNumber, String label, long price) {
    }

    public List<Long> seatIds() {
        return seats.stream().map(ReservedSeat::seatId).toList();
    }

    /** A hold past its time is expired for every decision, even before the sweep has written it. */
    public boolean lapsedAt(Instant now) {
        return status == ReservationStatus.HELD && !now.isBefore(holdExpiresAt);
    }

    public ReservationStatus statusAt(Instant now) {
        return lapsedAt(now) ? ReservationStatus.EXPIRED : status;
    }
}
