package io.waitingroom.queue;

public enum QueueStatus {
    WAITING, ACTIVE, EXPIRED;

    static QueueStatus fromScript(long code) {
        return switch ((int) code) {
            case 1 -> WAITING;
            case 2 -> ACTIVE;
            default -> EXPIRED;
        };
    }
}
