package io.waitingroom.queue;

import java.time.Clock;

import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * WAITING -> ACTIVE for one concert, if its tick is due. Safe to run on every instance at once:
 * the script's due-time fence lets one run per tick admit. Every run, admitting or not,
 * refreshes this instance's snapshot of the settings and the measured rate.
 */
@Component
public class AdmissionTick {

    private final WaitingLine line;
    private final QueueSnapshots snapshots;
    private final RecentRanks recent;
    private final QueueMetrics metrics;
    private final WaitingRoomProperties properties;
    private final Clock clock;

    AdmissionTick(WaitingLine line, QueueSnapshots snapshots, RecentRanks recent, QueueMetrics metrics,
                  WaitingRoomProperties properties, Clock clock) {
        this.line = line;
        this.snapshots = snapshots;
        this.recent = recent;
        this.metrics = metrics;
        this.properties = properties;
        this.clock = clock;
    }

    /** Returns how many users this run admitted. */
    public Mono<Long> run(long concertId) {
        return line.tick(concertId, properties.defaults(), properties.waitingIdleTimeout().toMillis(),
                        properties.rateWindow().toMillis(), clock.millis())
                .doOnNext(result -> {
                    if (result.admitted() > 0) {
                        recent.lineChanged(concertId);
                    }
                    snapshots.record(concertId, result);
                    metrics.admitted(concertId, result.admitted());
                })
                .map(WaitingLine.TickResult::admitted);
    }
}
