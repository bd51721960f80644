package io.waitingroom.queue;

import java.time.Duration;
import java.time.Instant;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Defaults of every queue, tunable by configuration alone ({@code waiting-room.*}); operators
 * override the first six per concert at run time through the admin API.
 *
 * @param admitPerTick        users moved from WAITING to ACTIVE per tick
 * @param tickMillis          time between admission ticks
 * @param maxActive           ACTIVE users allowed at once per concert
 * @param activeTtl           how long an ACTIVE pass lasts
 * @param paused              start queues paused (nobody admitted)
 * @param saleOpensAt         when sales open (ISO-8601 UTC; unset: open). Before it, entries join a
 *                            pre-queue that is shuffled at the start
 * @param waitingIdleTimeout  a waiter who has not polled for this long loses the place
 * @param tokenSecret         HMAC-SHA256 key for queue tokens; generated at start when blank
 * @param adminKey            value of {@code X-Admin-Key} for the operator API; generated when blank
 * @param schedulerEnabled    run the admission scheduler on this instance
 * @param schedulerResolution how often the scheduler looks for due ticks
 * @param tickDeadline        a tick that has not finished this long after it started is abandoned (logged,
 *                            counted) so that the next one runs on time
 * @param rateWindow          window of "admitted in the last minute"
 * @param rateTimeConstant    time constant of the measured averages behind ETAs (how passes end, how
 *                            ticks keep time): short enough to follow a change, long enough to be steady
 * @param minPollAfter        poll hint at the front of the line
 * @param maxPollAfter        poll hint far back (kept well under the idle timeout)
 * @param pausedPollAfter     poll hint while a line is paused: nothing moves, so nobody needs to ask often
 * @param preQueueSpread      before a sale, polls aim at the start plus up to this much, spread per token,
 *                            so that a million browsers do not ask in the same millisecond
 * @param maxActivePerFreeSeat active passes allowed per free seat of the concert (besides maxActive)
 * @param inventoryRecount    how often the seat counts the ticks read are recounted from the database
 * @param pollReuse           how long a rank told to a waiter is told again without asking Redis (0: never);
 *                            at most minPollAfter, so only clients polling faster than told see a repeat
 */
@ConfigurationProperties("waiting-room")
public record WaitingRoomProperties(
        @DefaultValue("100") int admitPerTick,
        @DefaultValue("1000") long tickMillis,
        @DefaultValue("5000") int maxActive,
        @DefaultValue("30m") Duration activeTtl,
        @DefaultValue("false") boolean paused,
        Instant saleOpensAt,
        @DefaultValue("2m") Duration waitingIdleTimeout,
        @DefaultValue("") String tokenSecret,
        @DefaultValue("") String adminKey,
        @DefaultValue("true") boolean schedulerEnabled,
        @DefaultValue("100ms") Duration schedulerResolution,
        @DefaultValue("1s") Duration tickDeadline,
        @DefaultValue("60s") Duration rateWindow,
        @DefaultValue("5s") Duration rateTimeConstant,
        @DefaultValue("1s") Duration minPollAfter,
        @DefaultValue("30s") Duration maxPollAfter,
        @DefaultValue("5s") Duration pausedPollAfter,
        @DefaultValue("5s") Duration preQueueSpread,
        @DefaultValue("1s") Duration pollReuse,
        @DefaultValue("1") double maxActivePerFreeSeat,
        @DefaultValue("5s") Duration inventoryRecount) {

    public WaitingRoomProperties {
        var violations = defaultSettings(admitPerTick, tickMillis, maxActive, activeTtl, paused, saleOpensAt,
                maxActivePerFreeSeat).violations();
        if (!violations.isEmpty()) {
            throw new IllegalArgumentException("waiting-room settings out of range: " + String.join("; ", violations));
        }
        if (waitingIdleTimeout.compareTo(maxPollAfter.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException(
                    "waiting-room.waiting-idle-timeout must be at least twice waiting-room.max-poll-after, "
                            + "or polite pollers lose their place");
        }
        if (minPollAfter.isNegative() || minPollAfter.compareTo(maxPollAfter) > 0) {
            throw new IllegalArgumentException("waiting-room.min-poll-after must be between 0 and max-poll-after");
        }
        if (pausedPollAfter.toMillis() < 5000 || pausedPollAfter.compareTo(maxPollAfter) > 0) {
            throw new IllegalArgumentException("waiting-room.paused-poll-after must be between 5s and max-poll-after");
        }
        if (pollReuse.isNegative() || pollReuse.compareTo(minPollAfter) > 0) {
            throw new IllegalArgumentException("waiting-room.poll-reuse must be between 0 and min-poll-after, "
                    + "so that a client polling when told always gets a fresh answer");
        }
        if (schedulerResolution.toMillis() < 10 || rateWindow.toMillis() < 1000 || rateTimeConstant.toMillis() < 100) {
            throw new IllegalArgumentException(
                    "waiting-room.scheduler-resolution >= 10ms, rate-window >= 1s and rate-time-constant >= 100ms");
        }
        if (inventoryRecount.toMillis() < 100) {
            throw new IllegalArgumentException("waiting-room.inventory-recount must be at least 100ms");
        }
        if (tickDeadline.toMillis() < 10 || preQueueSpread.isNegative()) {
            throw new IllegalArgumentException("waiting-room.tick-deadline must be at least 10ms, pre-queue-spread at least 0");
        }
    }

    public QueueSettings defaults() {
        return defaultSettings(admitPerTick, tickMillis, maxActive, activeTtl, paused, saleOpensAt, maxActivePerFreeSeat);
    }

    private static QueueSettings defaultSettings(int admitPerTick, long tickMillis, int maxActive, Duration activeTtl,
                                                 boolean paused, Instant saleOpensAt, double maxActivePerFreeSeat) {
        return new QueueSettings(admitPerTick, tickMillis, maxActive, activeTtl.toSeconds(), paused, saleOpensAt,
                maxActivePerFreeSeat);
    }
}
