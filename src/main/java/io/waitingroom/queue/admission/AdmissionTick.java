package io.waitingroom.queue.admission;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.TickReply;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.WaitingRoomProperties;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * WAITING -> ACTIVE for one concert, if its tick is due. Safe to run on every instance at once:
 * the script's due-time fence lets one run per tick admit. Every run, admitting or not,
 * refreshes this instance's snapshot of the settings, the counts and the measured rates.
 */
@Component
public class AdmissionTick {

    private final WaitingLine line;
    private final QueueSnapshots snapshots;
    private final WaitingRoomProperties properties;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<Long, Counter> admitted = new ConcurrentHashMap<>();

    AdmissionTick(WaitingLine line, QueueSnapshots snapshots, WaitingRoomProperties properties, MeterRegistry registry,
                  Clock clock) {
        this.line = line;
        this.snapshots = snapshots;
        this.properties = properties;
        this.registry = registry;
        this.clock = clock;
    }

    /** Returns how many users this run admitted. */
    public Mono<Long> run(long concertId) {
        long now = clock.millis();
        return line.tick(concertId, properties.defaults(), properties.waitingIdleTimeout().toMillis(),
                        properties.rateWindow().toMillis(), properties.rateTimeConstant().toMillis(), now)
                .doOnNext(result -> {
                    snapshots.record(concertId, result);
                    admitted.computeIfAbsent(concertId, this::meters).increment(result.admitted());
                })
                .map(TickReply::admitted);
    }

    /** The queue's gauges read the snapshot, so scraping costs no Redis call. */
    private Counter meters(long concertId) {
        String concert = Long.toString(concertId);
        Gauge.builder("waiting_room.waiting", snapshots, s -> s.get(concertId).waiting())
                .tag("concert", concert).description("Users waiting").register(registry);
        Gauge.builder("waiting_room.active", snapshots, s -> s.get(concertId).active())
                .tag("concert", concert).description("Users holding an active pass").register(registry);
        Gauge.builder("waiting_room.pre_queue", snapshots, s -> s.get(concertId).preQueue())
                .tag("concert", concert).description("Early arrivals waiting for the sale to open").register(registry);
        Gauge.builder("waiting_room.admission_rate", snapshots, s -> orZero(s.get(concertId).admissionsPerSecond()))
                .tag("concert", concert).description("Admissions per second, measured").register(registry);
        Gauge.builder("waiting_room.admission_rate_configured", snapshots, s -> s.get(concertId).settings().configuredPerSecond())
                .tag("concert", concert).description("Admissions per second the settings allow").register(registry);
        return Counter.builder("waiting_room.admitted").tag("concert", concert)
                .description("Users admitted from WAITING to ACTIVE").register(registry);
    }

    private static double orZero(double measured) {
        return Double.isNaN(measured) ? 0 : measured;
    }
}
