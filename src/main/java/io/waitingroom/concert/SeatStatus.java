package io.waitingroom.concert;

public enum SeatStatus {
    AVAILABLE, HELD, RESERVED
}
