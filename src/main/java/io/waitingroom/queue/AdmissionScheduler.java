package io.waitingroom.queue;

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
 * {@code tickMillis} applies without restarting anything. Stopping the application cancels it
 * between ticks; a script already sent finishes atomically in Redis.
 */
@Component
class AdmissionScheduler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(AdmissionScheduler.class);

    private final AdmissionTick tick;
    private final QueueableConcerts concerts;
    private final WaitingRoomProperties properties;
    private volatile Disposable running;

    AdmissionScheduler(AdmissionTick tick, QueueableConcerts concerts, WaitingRoomProperties properties) {
        this.tick = tick;
        this.concerts = concerts;
        this.properties = properties;
    }

    @Override
    public void start() {
        if (!properties.schedulerEnabled()) {
            log.info("Admission scheduler disabled on this instance (waiting-room.scheduler-enabled=false)");
            return;
        }
        running = Flux.interval(properties.schedulerResolution(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(beat -> tickAll(), 1)
                .subscribe();
    }

    private Mono<Void> tickAll() {
        return concerts.ids()
                .flatMap(concertId -> tick.run(concertId).onErrorResume(error -> {
                    log.warn("Admission tick of concert {} failed: {}", concertId, error.toString());
                    return Mono.empty();
                }))
                .onErrorResume(error -> {
                    log.warn("Admission round failed: {}", error.toString());
                    return Mono.empty();
                })
                .then();
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
