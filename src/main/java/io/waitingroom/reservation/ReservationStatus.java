package io.waitingroom.reservation;

/** HELD, then PAID or EXPIRED; HELD and PAID may end CANCELLED by their buyer (a PAID one refunded). */
public enum ReservationStatus {
    HELD, PAID, EXPIRED, CANCELLED
}
