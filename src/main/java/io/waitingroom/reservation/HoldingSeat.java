package io.waitingroom.reservation;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.common.lock.LockUnavailable;
import io.waitingroom.common.lock.NamedLocks;
import io.waitingroom.common.metrics.Outcomes;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.concert.Seats;
import io.waitingroom.queue.token.ActiveTokenGuard;
import io.waitingroom.queue.token.QueueToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Holds one seat for an ACTIVE pass holder. The seat's lock turns a crowd of racers into one
 * database write and fast 409s for the rest; the conditional AVAILABLE -> HELD update decides on
 * its own if the lock ever fails. The pass is spent once the hold is committed.
 */
@Component
public class HoldingSeat {

    private static final Logger log = LoggerFactory.getLogger(HoldingSeat.class);

    private final ActiveTokenGuard guard;
    private final Seats seats;
    private final Reservations reservations;
    private final NamedLocks locks;
    private final TransactionalOperator tx;
    private final BookingProperties properties;
    private final Clock clock;
    private final Outcomes outcomes;

    HoldingSeat(ActiveTokenGuard guard, Seats seats, Reservations reservations, NamedLocks locks,
                TransactionalOperator tx, BookingProperties properties, Clock clock, MeterRegistry registry) {
        this.guard = guard;
        this.seats = seats;
        this.reservations = reservations;
        this.locks = locks;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
        this.outcomes = Outcomes.of(registry, "booking.holds", "Seat hold attempts by outcome",
                "held", "seat_unavailable", "token_not_active", "token_invalid");
    }

    public Mono<Reservation> hold(String authorization, long scheduleId, int seatNumber) {
        return outcomes.count(Mono.defer(() -> holdWithPass(authorization, scheduleId, seatNumber)), "held");
    }

    private Mono<Reservation> holdWithPass(String authorization, long scheduleId, int seatNumber) {
        return guard.requireActive(authorization)
                .flatMap(pass -> seats.schedule(scheduleId)
                        .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.SCHEDULE_NOT_FOUND, "No schedule " + scheduleId)))
                        .flatMap(schedule -> onSale(pass, schedule))
                        .flatMap(schedule -> lockedHold(pass, scheduleId, seatNumber))
                        .flatMap(reservation -> spendPass(pass).thenReturn(reservation)));
    }

    /** A pass buys a seat of its own concert, on a date that has not begun; a refusal leaves the pass unspent. */
    private Mono<Seats.Schedule> onSale(ActiveTokenGuard.ActivePass pass, Seats.Schedule schedule) {
        if (schedule.concertId() != pass.concertId()) {
            return Mono.error(ActiveTokenGuard.notActive("The queue token is for concert " + pass.concertId()));
        }
        if (!schedule.startsAt().isAfter(clock.instant())) {
            return Mono.error(new ProblemException(ProblemCode.SCHEDULE_STARTED,
                    "Date " + schedule.scheduleId() + " began at " + schedule.startsAt() + ": it takes no more holds"));
        }
        return Mono.just(schedule);
    }

    private Mono<Reservation> lockedHold(ActiveTokenGuard.ActivePass pass, long scheduleId, int seatNumber) {
        return locks.withLock("lock:seat:" + scheduleId + ":" + seatNumber,
                        properties.seatLockWait(), properties.seatLockLease(),
                        () -> holdInDatabase(pass, scheduleId, seatNumber),
                        () -> seatUnavailable(seatNumber))
                // The lock only spares the database the crowd. When locking itself fails (Redis slow
                // or briefly gone), the conditional write alone still lets exactly one hold through,
                // so the racer gets the true answer instead of a 503.
                .onErrorResume(LockUnavailable.class, error -> {
                    log.warn("Seat lock unavailable for schedule {} seat {}; the conditional write decides alone",
                            scheduleId, seatNumber);
                    return holdInDatabase(pass, scheduleId, seatNumber);
                });
    }

    private Mono<Reservation> holdInDatabase(ActiveTokenGuard.ActivePass pass, long scheduleId, int seatNumber) {
        Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Instant expiresAt = now.plus(properties.holdTtl());
        return seats.find(scheduleId, seatNumber)
                .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.SEAT_NOT_FOUND, "No seat " + seatNumber)))
                .flatMap(seat -> seats.hold(seat.seatId())
                        .flatMap(held -> held
                                ? reservations.insertHeld(passId(pass), pass.userId(), scheduleId, seat.seatId(), seatNumber,
                                        seat.price(), expiresAt, now)
                                : Mono.error(seatUnavailable(seatNumber)))
                        .map(id -> new Reservation(id, pass.userId(), scheduleId, seat.seatId(), seatNumber, seat.price(),
                                ReservationStatus.HELD, expiresAt)))
                .as(tx::transactional)
                // Another request with this pass committed its hold first (the pass is spent only
                // after the commit, so both got past the guard); this one has rolled back.
                .onErrorMap(DataIntegrityViolationException.class,
                        duplicate -> ActiveTokenGuard.notActive("This queue pass has already been used for a hold"));
    }

    private static String passId(ActiveTokenGuard.ActivePass pass) {
        QueueToken token = pass.token();
        return token.concertId() + ":" + token.userId() + ":" + token.tokenId();
    }

    private Mono<Void> spendPass(ActiveTokenGuard.ActivePass pass) {
        // The hold is committed; a pass that outlives it for a moment costs a slot, not a seat.
        return guard.spend(pass).onErrorResume(error -> {
            log.warn("Could not end the pass of user {} after a hold: {}", pass.userId(), error.toString());
            return Mono.empty();
        });
    }

    private static ProblemException seatUnavailable(int seatNumber) {
        return new ProblemException(ProblemCode.SEAT_UNAVAILABLE, "Seat " + seatNumber + " is already held or reserved");
    }
}
