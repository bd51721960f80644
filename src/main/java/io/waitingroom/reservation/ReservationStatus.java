package io.waitingroom.reservation;

public enum ReservationStatus {
    HELD, PAID, EXPIRED
}
