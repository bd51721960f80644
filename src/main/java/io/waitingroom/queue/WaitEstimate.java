package io.waitingroom.queue;

/**
 * How long a waiter at a given rank should expect to wait, and when to ask again. The ETA uses
 * the admission rate actually measured (configured rate until there is history); the poll hint
 * is a quarter of the ETA, so the front of the line polls about every second and the far back
 * rarely, which is where most of the polling load of a big sale comes from.
 */
record WaitEstimate(long etaSeconds, long pollAfterMillis) {

    static WaitEstimate forRank(long rank, QueueSnapshots.Snapshot snapshot, WaitingRoomProperties properties) {
        double perSecond = snapshot.admissionsPerSecond();
        long etaSeconds = (long) Math.ceil(rank / perSecond);
        long pollAfter = Math.max(properties.minPollAfter().toMillis(),
                Math.min(properties.maxPollAfter().toMillis(), etaSeconds * 250));
        return new WaitEstimate(etaSeconds, pollAfter);
    }

    long retryAfterSeconds() {
        return Math.max(1, (pollAfterMillis + 999) / 1000);
    }
}
