package io.waitingroom.queue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.WaitingRoomProperties;
import org.springframework.stereotype.Component;

/**
 * What this instance last learnt about each queue from its admission ticks: the settings in
 * force, the counts, and how the line really moves. Polls read it from memory, so answering a
 * poll costs one Redis round trip and no settings read; every tick (each instance runs them,
 * even when another instance did the admitting) refreshes it, so live settings and the measured
 * rates apply on every instance within one scheduler look (100 ms).
 */
@Component
public class QueueSnapshots {

    /**
     * @param endRatePerActive    passes ending (hold, leave, expiry) per active pass and second; NaN before any
     * @param pace                scheduled tick time that really passes per second (1 when ticks keep time,
     *                            less when they run late); NaN before any
     * @param admissionsPerSecond admissions per second while there was a line; NaN before any
     */
    public record LineSnapshot(QueueSettings settings, long waiting, long active, long preQueue, long admittedInWindow,
                               double endRatePerActive, double pace, double admissionsPerSecond, SeatsLeft seats) {

        public Availability availability() {
            return seats.availability();
        }
    }

    private final Map<Long, LineSnapshot> byConcert = new ConcurrentHashMap<>();
    private final Map<Long, AtomicLong> generations = new ConcurrentHashMap<>();
    /** When (System.nanoTime) a tick last refreshed each line: whether this instance's scheduler is looking is a matter of real time, not of the domain clock. */
    private final Map<Long, Long> refreshedAtNanos = new ConcurrentHashMap<>();
    private final LineSnapshot initial;

    public QueueSnapshots(WaitingRoomProperties properties) {
        this.initial = new LineSnapshot(properties.defaults(), 0, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN,
                SeatsLeft.UNKNOWN);
    }

    public LineSnapshot get(long concertId) {
        return byConcert.getOrDefault(concertId, initial);
    }

    /** Whether a tick on this instance refreshed the concert's line within the last {@code within} of real time. */
    public boolean refreshedWithin(long concertId, Duration within) {
        Long at = refreshedAtNanos.get(concertId);
        return at != null && System.nanoTime() - at < within.toNanos();
    }

    /** The concert's version of its line as this instance knows it; read it before asking Redis. */
    public long generation(long concertId) {
        return counter(concertId).get();
    }

    /** This instance changed the concert's line (admitted, or somebody left): ranks may have moved. */
    public void lineChanged(long concertId) {
        counter(concertId).incrementAndGet();
    }

    public void record(long concertId, TickReply tick) {
        if (tick.admitted() > 0) {
            lineChanged(concertId);
        }
        byConcert.put(concertId, new LineSnapshot(tick.settings(), tick.waiting(), tick.active(), tick.preQueue(),
                tick.admittedInWindow(), tick.endRatePerActive(), tick.pace(), tick.admissionsPerSecond(), tick.seats()));
        refreshedAtNanos.put(concertId, System.nanoTime());
    }

    /** An operator's change made through this instance applies here at once. */
    public void applySettings(long concertId, QueueSettings settings) {
        byConcert.compute(concertId, (id, old) -> {
            LineSnapshot base = old == null ? initial : old;
            return new LineSnapshot(settings, base.waiting(), base.active(), base.preQueue(), base.admittedInWindow(),
                    base.endRatePerActive(), base.pace(), base.admissionsPerSecond(), base.seats());
        });
    }

    private AtomicLong counter(long concertId) {
        AtomicLong counter = generations.get(concertId);
        return counter != null ? counter : generations.computeIfAbsent(concertId, id -> new AtomicLong());
    }
}
