package io.waitingroom.queue.position;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.WaitingRoomProperties;
import io.waitingroom.queue.token.QueueToken;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The ranks this instance told waiters a moment ago. A browser that ignores pollAfterMillis, or
 * a person pressing reload, polls many times a second; within {@code poll-reuse} a rank can only
 * have moved by that moment's admissions and leaves, so the answer is given again without a
 * Redis call. Admissions and leaves made by this instance invalidate a concert's ranks at once
 * (the line's generation in {@link QueueSnapshots}); those of other instances show up after at
 * most {@code poll-reuse}, as if the poll had been a little slower. Only WAITING answers are kept:
 * passes are checked in Redis every time.
 */
@Component
class RecentRanks {

    /**
     * At most this many remembered ranks: a big sale has far more waiters than are worth keeping
     * for one second, and the memory of an instance must not grow with the line. Past it, Caffeine
     * drops the ranks least likely to be asked for again; a rank not remembered only costs the
     * Redis call it would have cost anyway.
     */
    private static final int CAPACITY = 200_000;

    private record Remembered(long rank, long generation, long atMillis) {
    }

    private final long reuseMillis;
    private final QueueSnapshots snapshots;
    /**
     * A rank is of no use after {@code poll-reuse}, so it is dropped then (expiry after write, on
     * the service's clock, the one the callers' {@code now} comes from); null when reuse is off.
     */
    private final Cache<QueueToken, Remembered> remembered;

    @Autowired
    RecentRanks(WaitingRoomProperties properties, QueueSnapshots snapshots, Clock clock) {
        this(properties.pollReuse(), snapshots, () -> TimeUnit.MILLISECONDS.toNanos(clock.millis()));
    }

    /** With the time source of the cache's expiry given (a test's hand-moved ticker). */
    RecentRanks(Duration pollReuse, QueueSnapshots snapshots, Ticker ticker) {
        this.reuseMillis = pollReuse.toMillis();
        this.snapshots = snapshots;
        this.remembered = reuseMillis == 0 ? null : Caffeine.newBuilder()
                .maximumSize(CAPACITY)
                .expireAfterWrite(Duration.ofMillis(reuseMillis))
                .ticker(ticker)
                .build();
    }

    /** A rank told within the reuse window and still current, or 0. */
    long rank(QueueToken token, long now) {
        if (remembered == null) {
            return 0;
        }
        Remembered told = remembered.getIfPresent(token);
        // The window is checked against the caller's own now as well: the cache's expiry frees the
        // memory, this decides, so a rank is never told again once its window has passed (or when
        // the clock went back), whenever the cache gets round to dropping it.
        if (told == null
                || now - told.atMillis >= reuseMillis || now < told.atMillis
                || told.generation != snapshots.generation(token.concertId())) {
            return 0;
        }
        return told.rank;
    }

    void remember(QueueToken token, long rank, long generation, long now) {
        if (remembered == null) {
            return;
        }
        remembered.put(token, new Remembered(rank, generation, now));
    }
}
