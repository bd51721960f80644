package io.waitingroom.queue;

/** Where a token stands, as poll_position.lua answers it. */
public record PollReply(QueueStatus status, long rank, long activeUntil) {

    /** One signed integer keeps the hottest reply small: the rank while waiting, minus the pass expiry while active, 0 else. */
    static PollReply from(long reply) {
        if (reply > 0) {
            return new PollReply(QueueStatus.WAITING, reply, 0);
        }
        if (reply < 0) {
            return new PollReply(QueueStatus.ACTIVE, 0, -reply);
        }
        return new PollReply(QueueStatus.EXPIRED, 0, 0);
    }
}
