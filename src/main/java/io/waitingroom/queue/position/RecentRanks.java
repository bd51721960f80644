package io.waitingroom.queue.position;

import java.util.concurrent.ConcurrentHashMap;

import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.WaitingRoomProperties;
import io.waitingroom.queue.token.QueueToken;
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

    /** Beyond this many remembered ranks per window, new ones are simply not remembered. */
    private static final int CAPACITY = 200_000;

    private record Remembered(long rank, long generation, long atMillis) {
    }

    private final long reuseMillis;
    private final QueueSnapshots snapshots;
    // Two windows: remembering goes into the current one, and rotating drops everything older than
    // two windows without walking the entries.
    private volatile ConcurrentHashMap<QueueToken, Remembered> current = new ConcurrentHashMap<>();
    private volatile ConcurrentHashMap<QueueToken, Remembered> previous = new ConcurrentHashMap<>();
    private volatile long rotatedAtMillis;

    RecentRanks(WaitingRoomProperties properties, QueueSnapshots snapshots) {
        this.reuseMillis = properties.pollReuse().toMillis();
        this.snapshots = snapshots;
    }

    /** A rank told within the reuse window and still current, or 0. */
    long rank(QueueToken token, long now) {
        if (reuseMillis == 0) {
            return 0;
        }
        Remembered remembered = current.get(token);
        if (remembered == null) {
            remembered = previous.get(token);
        }
        if (remembered == null
                || now - remembered.atMillis >= reuseMillis || now < remembered.atMillis
                || remembered.generation != snapshots.generation(token.concertId())) {
            return 0;
        }
        return remembered.rank;
    }

    void remember(QueueToken token, long rank, long generation, long now) {
        if (reuseMillis == 0) {
            return;
        }
        if (now - rotatedAtMillis >= reuseMillis || now < rotatedAtMillis) {
            rotate(now);
        }
        ConcurrentHashMap<QueueToken, Remembered> window = current;
        if (window.size() < CAPACITY) {
            window.put(token, new Remembered(rank, generation, now));
        }
    }

    private synchronized void rotate(long now) {
        if (now - rotatedAtMillis >= reuseMillis || now < rotatedAtMillis) {
            previous = current;
            current = new ConcurrentHashMap<>();
            rotatedAtMillis = now;
        }
    }
}
