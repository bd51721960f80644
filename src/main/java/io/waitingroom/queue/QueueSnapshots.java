package io.waitingroom.queue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

/**
 * What this instance last learnt about each queue from its admission ticks: the settings in
 * force and the measured admission rate. Polls read it from memory, so answering a poll costs
 * one Redis round trip and no settings read; every tick (each instance runs them, even when
 * another instance did the admitting) refreshes it, so live settings apply within one tick.
 */
@Component
public class QueueSnapshots {

    /**
     * @param measuredPerSecond admissions per second over the rate window while there was a line, 0 with no history
     */
    public record Snapshot(QueueSettings settings, long waiting, long active, long admittedInWindow, double measuredPerSecond) {

        double admissionsPerSecond() {
            return measuredPerSecond > 0 ? measuredPerSecond : settings.configuredPerSecond();
        }
    }

    private final Map<Long, Snapshot> byConcert = new ConcurrentHashMap<>();
    private final Snapshot initial;

    public QueueSnapshots(WaitingRoomProperties properties) {
        this.initial = new Snapshot(properties.defaults(), 0, 0, 0, 0);
    }

    public Snapshot get(long concertId) {
        return byConcert.getOrDefault(concertId, initial);
    }

    void record(long concertId, WaitingLine.TickResult tick) {
        double measured = tick.rateMillis() > 0 ? tick.rateAdmitted() * 1000.0 / tick.rateMillis() : 0;
        byConcert.put(concertId, new Snapshot(tick.settings(), tick.waiting(), tick.active(), tick.admittedInWindow(), measured));
    }

    void applySettings(long concertId, QueueSettings settings) {
        byConcert.compute(concertId, (id, old) -> old == null
                ? new Snapshot(settings, 0, 0, 0, 0)
                : new Snapshot(settings, old.waiting(), old.active(), old.admittedInWindow(), old.measuredPerSecond()));
    }
}
