package io.waitingroom.queue.admission;

import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.queue.QueueableConcerts;
import io.waitingroom.queue.WaitingRoomProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Drives the admission ticks of every concert on this instance. It looks every
 * {@code scheduler-resolution} and lets Redis decide whether a tick is due, so each queue's live
 * {@code tickMillis} applies without restarting anything. A tick that outlives its deadline is
 * abandoned, logged and counted, and the next look happens on time: the script either ran
 * atomically in Redis or not at all, and the due-time fence makes the next one safe. Stopping the
 * application cancels it between ticks.
 */
@Component
class AdmissionScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdmissionScheduler.class);

    private final AdmissionTick tick;
    private final QueueableConcerts concerts;
    private final WaitingRoomProperties properties;
    private final Counter abandoned;
    private volatile Disposable running;

    AdmissionScheduler(AdmissionTick tick, QueueableConcerts concerts, WaitingRoomProperties properties, MeterRegistry registry) {
        this.tick = tick;
        this.concerts = concerts;
        this.properties = properties;
        this.abandoned = Counter.builder("waiting_room.tick.abandoned")
                .description("Admission ticks abandoned at their deadline").register(registry);
    }

    @Override
    public void start() {
        if (!properties.schedulerEnabled()) {
            log.info("Admission scheduler disabled on this instance (waiting-room.scheduler-enabled=false)");
            return;
        }
        running = Flux.interval(properties.schedulerResolution(), Schedulers.parallel())
                .onBackpressureDrop()
                // Deferred, so that not even a failure while building a round can end the loop.
                .concatMap(beat -> Mono.defer(this::tickAll).onErrorResume(this::roundFailed), 1)
                .subscribe();
    }

    private Mono<Void> tickAll() {
        return concerts.ids()
                .flatMap(this::tickOne)
                .then()
                // Each concert's tick has its own deadline; this bounds reading the concert list too.
                .timeout(properties.tickDeadline().multipliedBy(2));
    }

    private Mono<Long> tickOne(long concertId) {
        return tick.run(concertId)
                .timeout(properties.tickDeadline())
                .onErrorResume(error -> {
                    if (error instanceof TimeoutException) {
                        abandoned.increment();
                        log.warn("Admission tick of concert {} abandoned after its deadline of {} ms",
                                concertId, properties.tickDeadline().toMillis());
                    } else {
                        log.warn("Admission tick of concert {} failed: {}", concertId, error.toString());
                    }
                    return Mono.empty();
                });
    }

    private Mono<Void> roundFailed(Throwable error) {
        if (error instanceof TimeoutException) {
            abandoned.increment();
        }
        log.warn("Admission round failed: {}", error.toString());
        return Mono.empty();
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }

    @Override
    public int getPhase() {
        // Stop before the web server and the Redis connections go away.
        return Integer.MAX_VALUE - 100;
    }
}
