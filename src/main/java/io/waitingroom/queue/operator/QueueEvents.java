package io.waitingroom.queue.operator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.QueueSnapshots.LineSnapshot;
import io.waitingroom.queue.QueueSnapshots;
import io.waitingroom.queue.numbers.QueueStatistics;
import io.waitingroom.queue.position.WaitForecast;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The live numbers of a queue for the operators' consoles: one event a second and one at once
 * after a settings change made here. Every console of a concert on this instance shares one
 * stream, read from the snapshot the admission ticks keep in memory (refreshed every scheduler
 * look), so a hundred consoles cost no Redis call at all; only if this instance's snapshot is
 * stale (its scheduler is off) does the shared stream read the numbers from Redis, once a second.
 */
@Component
public class QueueEvents {

    private static final Duration EVERY = Duration.ofSeconds(1);
    private static final Duration FRESH = Duration.ofSeconds(2);

    /**
     * @param measuredRate   admissions per second as measured (null before any)
     * @param configuredRate admissions per second the settings allow
     * @param etaOfLastSeconds the ETA the last person in line is told (null while paused or before the sale)
     * @param freeSeats        seats free on the concert's dates to come (null until the inventory is counted);
     *                         heldSeats and soldSeats alike
     */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record QueueEvent(long concertId, Instant at, long waiting, long active, long admittedLastMinute, long preQueue,
                             Double measuredRate, double configuredRate, Long etaOfLastSeconds, boolean paused,
                             Instant saleOpensAt, QueueSettings settings, Availability availability,
                             Long freeSeats, Long heldSeats, Long soldSeats) {
    }

    private final QueueSnapshots snapshots;
    private final QueueStatistics statistics;
    private final Clock clock;
    private final Map<Long, Flux<QueueEvent>> streams = new ConcurrentHashMap<>();
    private final Map<Long, Sinks.Many<Boolean>> changes = new ConcurrentHashMap<>();
    private final AtomicInteger open = new AtomicInteger();

    QueueEvents(QueueSnapshots snapshots, QueueStatistics statistics, Clock clock, MeterRegistry registry) {
        this.snapshots = snapshots;
        this.statistics = statistics;
        this.clock = clock;
        Gauge.builder("waiting_room.console.streams", open, AtomicInteger::get)
                .description("Operator event streams open on this instance").register(registry);
    }

    /** The concert's events, for one more console; ends when that console goes. */
    public Flux<QueueEvent> of(long concertId) {
        return streams.computeIfAbsent(concertId, this::shared)
                .doOnSubscribe(subscription -> open.incrementAndGet())
                .doFinally(signal -> open.decrementAndGet());
    }

    /** A change made through this instance: the consoles hear of it now, not at the next second. */
    void changed(long concertId) {
        changes.computeIfAbsent(concertId, id -> Sinks.many().multicast().directBestEffort()).tryEmitNext(true);
    }

    private Flux<QueueEvent> shared(long concertId) {
        Flux<Boolean> changed = changes.computeIfAbsent(concertId, id -> Sinks.many().multicast().directBestEffort()).asFlux();
        return Flux.merge(Flux.interval(Duration.ZERO, EVERY).map(beat -> true), changed)
                .onBackpressureLatest()
                .concatMap(reason -> read(concertId), 1)
                // One reading for every console; the last one for whoever joins; stopped a moment after the last goes.
                .replay(1)
                .refCount(1, Duration.ofSeconds(2));
    }

    private Mono<QueueEvent> read(long concertId) {
        long now = clock.millis();
        if (snapshots.refreshedWithin(concertId, FRESH)) {
            return Mono.just(fromSnapshot(concertId, snapshots.get(concertId), now));
        }
        return statistics.of(concertId)
                .map(stats -> fromSnapshot(concertId, new LineSnapshot(stats.settings(), stats.waiting(), stats.active(),
                        stats.preQueue(), stats.admittedLastMinute(), Double.NaN, Double.NaN, Double.NaN,
                        snapshots.get(concertId).seats()), now))
                // A console outlives a failed reading; the next second tries again.
                .onErrorResume(error -> Mono.empty());
    }

    private static QueueEvent fromSnapshot(long concertId, LineSnapshot line, long now) {
        QueueSettings settings = line.settings();
        var etaOfLast = line.waiting() == 0 ? java.util.OptionalLong.of(0) : WaitForecast.etaSeconds(line.waiting(), line, now);
        return new QueueEvent(concertId, Instant.ofEpochMilli(now), line.waiting(), line.active(), line.admittedInWindow(),
                line.preQueue(), Double.isNaN(line.admissionsPerSecond()) ? null : round(line.admissionsPerSecond()),
                round(settings.configuredPerSecond()), etaOfLast.isPresent() ? etaOfLast.getAsLong() : null,
                settings.paused(), settings.saleOpensAt(), settings, line.availability(),
                line.seats().free(), line.seats().held(), line.seats().sold());
    }

    private static double round(double perSecond) {
        return Math.round(perSecond * 100) / 100.0;
    }
}
