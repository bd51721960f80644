package io.waitingroom.reservation;

import java.time.Instant;

/** A seat held for one user, awaiting payment until {@code holdExpiresAt}. */
public record Reservation(long reservationId, long userId, long scheduleId, long seatId, int seatNumber, long price,
                          ReservationStatus status, Instant holdExpiresAt) {

    /** A hold past its time is expired for every decision, even before the sweep has written it. */
    public boolean lapsedAt(Instant now) {
        return status == ReservationStatus.HELD && !now.isBefore(holdExpiresAt);
    }

    public ReservationStatus statusAt(Instant now) {
        return lapsedAt(now) ? ReservationStatus.EXPIRED : status;
    }
}
