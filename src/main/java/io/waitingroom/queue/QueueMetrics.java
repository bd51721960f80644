package io.waitingroom.queue;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Queue gauges per concert (from the tick snapshots), admissions, and entry and poll timings. */
@Component
class QueueMetrics {

    private final MeterRegistry registry;
    private final QueueSnapshots snapshots;
    private final Map<Long, Counter> admitted = new ConcurrentHashMap<>();
    private final Timer entryTimer;
    private final Timer pollTimer;
    private final Counter pollsReused;

    QueueMetrics(MeterRegistry registry, QueueSnapshots snapshots) {
        this.registry = registry;
        this.snapshots = snapshots;
        this.entryTimer = Timer.builder("waiting_room.entry").description("Queue entry handling").register(registry);
        this.pollTimer = Timer.builder("waiting_room.poll").description("Queue position poll handling").register(registry);
        this.pollsReused = Counter.builder("waiting_room.poll.reused")
                .description("Polls answered with a rank told moments ago, without Redis").register(registry);
    }

    void admitted(long concertId, long count) {
        admitted.computeIfAbsent(concertId, this::registerConcert).increment(count);
    }

    <T> Mono<T> timeEntry(Mono<T> entry) {
        return timed(entry, entryTimer);
    }

    <T> Mono<T> timePoll(Mono<T> poll) {
        return timed(poll, pollTimer);
    }

    void pollReused() {
        pollsReused.increment();
    }

    private Counter registerConcert(long concertId) {
        String concert = Long.toString(concertId);
        Gauge.builder("waiting_room.waiting", snapshots, s -> s.get(concertId).waiting())
                .tag("concert", concert).description("Users waiting").register(registry);
        Gauge.builder("waiting_room.active", snapshots, s -> s.get(concertId).active())
                .tag("concert", concert).description("Users holding an active pass").register(registry);
        return Counter.builder("waiting_room.admitted").tag("concert", concert)
                .description("Users admitted from WAITING to ACTIVE").register(registry);
    }

    /** Times from assembly: the web layer subscribes at once, and this keeps the hot path free of extra operators. */
    private static <T> Mono<T> timed(Mono<T> work, Timer timer) {
        long start = System.nanoTime();
        return work.doOnTerminate(() -> timer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }
}
