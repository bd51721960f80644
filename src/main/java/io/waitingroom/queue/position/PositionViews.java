package io.waitingroom.queue.position;

import java.time.Clock;
import java.time.Instant;
import java.util.OptionalLong;

import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.QueueSnapshots.LineSnapshot;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.WaitingRoomProperties;
import org.springframework.stereotype.Component;

/**
 * Turns a place in line into what the waiter is told: the ETA from {@link WaitForecast} and when
 * to ask again. Far back asks rarely (a quarter of the ETA, up to {@code max-poll-after}), which
 * is where most of the polling of a big sale comes from; a paused line asks every
 * {@code paused-poll-after}; before the sale, everybody aims at the start plus a spread of their
 * own, so that the start is not one millisecond of a million polls. While every seat is held,
 * nobody is admitted until a hold ends: no ETA, and the paused pace of polling.
 */
@Component
public class PositionViews {

    private final QueueSnapshots snapshots;
    private final WaitingRoomProperties properties;
    private final Clock clock;

    PositionViews(QueueSnapshots snapshots, WaitingRoomProperties properties, Clock clock) {
        this.snapshots = snapshots;
        this.properties = properties;
        this.clock = clock;
    }

    public PositionView waiting(long concertId, String tokenId, long rank, boolean preQueue) {
        LineSnapshot line = snapshots.get(concertId);
        QueueSettings settings = line.settings();
        long now = clock.millis();
        if (preQueue || !settings.saleOpenAt(now)) {
            return new PositionView(QueueStatus.WAITING, null, null, null, untilTheStart(settings, tokenId, now),
                    null, settings.paused(), true, settings.saleOpensAt(), line.availability());
        }
        OptionalLong eta = line.availability() == Availability.ALL_HELD ? OptionalLong.empty()
                : WaitForecast.etaSeconds(rank, line, now);
        long pollAfter = eta.isPresent()
                ? clamp(eta.getAsLong() * 250, properties.minPollAfter().toMillis(), properties.maxPollAfter().toMillis())
                : properties.pausedPollAfter().toMillis();
        return new PositionView(QueueStatus.WAITING, rank, rank - 1, eta.isPresent() ? eta.getAsLong() : null, pollAfter,
                null, settings.paused(), false, settings.saleOpensAt(), line.availability());
    }

    public PositionView active(long concertId, long activeUntil) {
        LineSnapshot line = snapshots.get(concertId);
        QueueSettings settings = line.settings();
        return new PositionView(QueueStatus.ACTIVE, 0L, 0L, 0L, properties.maxPollAfter().toMillis(),
                Instant.ofEpochMilli(activeUntil), settings.paused(), false, settings.saleOpensAt(), line.availability());
    }

    public PositionView expired(long concertId) {
        LineSnapshot line = snapshots.get(concertId);
        QueueSettings settings = line.settings();
        return new PositionView(QueueStatus.EXPIRED, 0L, 0L, 0L, 0, null, settings.paused(), false, settings.saleOpensAt(),
                line.availability());
    }

    /** Final: there is nothing left to wait for, so nothing to ask again. */
    public PositionView soldOut(long concertId) {
        QueueSettings settings = snapshots.get(concertId).settings();
        return new PositionView(QueueStatus.SOLD_OUT, 0L, 0L, 0L, 0, null, settings.paused(), false, settings.saleOpensAt(),
                Availability.SOLD_OUT);
    }

    private long untilTheStart(QueueSettings settings, String tokenId, long now) {
        long untilStart = settings.saleOpensAt() == null ? 0 : settings.saleOpensAt().toEpochMilli() - now;
        long spread = properties.preQueueSpread().toMillis();
        long own = spread == 0 ? 0 : Math.floorMod(tokenId.hashCode(), spread);
        return clamp(untilStart + own, properties.minPollAfter().toMillis(), properties.maxPollAfter().toMillis());
    }

    private static long clamp(long value, long min, long max) {
        return Math.max(min, Math.min(max, value));
    }
}
