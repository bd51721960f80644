package io.waitingroom.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeoutException;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.concert.Seats;
import io.waitingroom.queue.SeatInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Gives lapsed holds back: reservation HELD -> EXPIRED and its seats HELD -> AVAILABLE in one
 * transaction, both conditional, so any number of instances may sweep at once and each hold is
 * released exactly once (or not at all, if its payment won the race). A sweep that outlives its
 * deadline (a database gone silent) is abandoned, logged and counted; the next one runs on time.
 */
@Component
public class ExpiringHolds implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ExpiringHolds.class);
    private static final int BATCH = 200;

    private final Reservations reservations;
    private final Seats seats;
    private final SeatInventory inventory;
    private final TransactionalOperator tx;
    private final BookingProperties properties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Counter abandoned;
    private volatile Disposable running;

    ExpiringHolds(Reservations reservations, Seats seats, SeatInventory inventory, TransactionalOperator tx,
                  BookingProperties properties, ApplicationEventPublisher events, Clock clock,
                  MeterRegistry registry) {
        this.events = events;
        this.reservations = reservations;
        this.seats = seats;
        this.inventory = inventory;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
        this.abandoned = Counter.builder("waiting_room.hold_sweep.abandoned")
                .description("Lapsed-hold sweeps abandoned at their deadline").register(registry);
    }

    /** One sweep: releases the holds past their time; returns how many this call released. */
    public Mono<Long> sweep() {
        return reservations.lapsedHolds(clock.instant(), BATCH)
                .concatMap(this::release)
                .filter(released -> released)
                .count();
    }

    /**
     * Releases one lapsed hold; false if it was paid, cancelled, already released, or not yet due.
     * A release publishes {@link HoldLapsed} once it is committed.
     */
    public Mono<Boolean> release(Reservation reservation) {
        Instant now = clock.instant();
        return reservations.markExpired(reservation.reservationId(), now)
                .flatMap(expired -> expired ? seats.release(reservation.seatIds()).thenReturn(true) : Mono.just(false))
                .as(tx::transactional)
                .doOnNext(released -> {
                    if (released) {
                        events.publishEvent(new HoldLapsed(reservation.reservationId(), reservation.userId(), reservation.concertId(),
                                reservation.scheduleId(), reservation.seatIds(), now));
                    }
                })
                .flatMap(released -> released
                        ? inventory.released(reservation.concertId(), reservation.scheduleId(), reservation.seats().size()).thenReturn(true)
                        : Mono.just(false));
    }

    @Override
    public void start() {
        if (!properties.holdSweepEnabled()) {
            return;
        }
        running = Flux.interval(properties.holdSweepInterval(), Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(beat -> Mono.defer(this::sweep)
                        // The embedded H2 runs statements, and rollbacks behind them, on the calling thread:
                        // a row that hangs must block neither the timer nor the deadline watching it.
                        .subscribeOn(Schedulers.boundedElastic())
                        .cancelOn(Schedulers.boundedElastic())
                        .timeout(properties.holdSweepDeadline())
                        .onErrorResume(this::sweepFailed), 1)
                .subscribe(released -> {
                    if (released > 0) {
                        log.info("Released {} lapsed holds", released);
                    }
                });
    }

    private Mono<Long> sweepFailed(Throwable error) {
        if (error instanceof TimeoutException) {
            abandoned.increment();
            log.warn("Hold sweep abandoned after its deadline of {} ms", properties.holdSweepDeadline().toMillis());
        } else {
            log.warn("Hold sweep failed: {}", error.toString());
        }
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
}
