package io.waitingroom.queue;

public enum QueueStatus {
    WAITING, ACTIVE, EXPIRED,
    /** Nothing free, held or left to sell: a final answer, told to every token of the concert. */
    SOLD_OUT;

    static QueueStatus fromScript(long code) {
        return switch ((int) code) {
            case 1 -> WAITING;
            case 2 -> ACTIVE;
            default -> EXPIRED;
        };
    }
}
