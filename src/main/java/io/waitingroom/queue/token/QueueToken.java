package io.waitingroom.queue.token;

/** What a signed queue token names: its user, its concert, and which entry of that user it is. */
public record QueueToken(long concertId, long userId, String tokenId) {
}
