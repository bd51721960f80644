package io.waitingroom.reservation;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.common.db.RowLockWaits;
import io.waitingroom.common.lock.LockUnavailable;
import io.waitingroom.common.lock.NamedLocks;
import io.waitingroom.common.metrics.Outcomes;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.concert.ConcertCatalog;
import io.waitingroom.concert.SeatStatus;
import io.waitingroom.concert.Seats;
import io.waitingroom.concert.SectionMap;
import io.waitingroom.queue.SeatInventory;
import io.waitingroom.queue.token.ActiveTokenGuard;
import io.waitingroom.queue.token.QueueToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Holds seats for an ACTIVE pass: one seat, a party of up to the concert's limit, or the best
 * N of a section, all or nothing. One pass buys one hold, even when its requests race. Each seat
 * is taken by a conditional write, in seat order, so overlapping parties never deadlock and never
 * share a seat; the seat locks (taken in the same order) only keep the crowd off the database.
 */
@Component
public class HoldingSeats {

    private static final Logger log = LoggerFactory.getLogger(HoldingSeats.class);
    /** Best available re-chooses when another buyer took a chosen seat first: this many tries in all. */
    private static final int BEST_AVAILABLE_TRIES = 3;

    private final ActiveTokenGuard guard;
    private final ConcertCatalog catalog;
    private final Seats seats;
    private final SectionMap sectionMap;
    private final Reservations reservations;
    private final SeatInventory inventory;
    private final NamedLocks locks;
    private final TransactionalOperator tx;
    private final BookingProperties properties;
    private final Clock clock;
    private final Outcomes outcomes;

    HoldingSeats(ActiveTokenGuard guard, ConcertCatalog catalog, Seats seats, SectionMap sectionMap, Reservations reservations,
                 SeatInventory inventory, NamedLocks locks, TransactionalOperator tx, BookingProperties properties, Clock clock,
                 MeterRegistry registry) {
        this.guard = guard;
        this.inventory = inventory;
        this.catalog = catalog;
        this.seats = seats;
        this.sectionMap = sectionMap;
        this.reservations = reservations;
        this.locks = locks;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
        this.outcomes = Outcomes.of(registry, "booking.holds", "Seat hold attempts by outcome",
                "held", "seat_unavailable", "not_enough_seats", "seat_limit_reached", "too_many_seats", "token_not_active",
                "token_invalid");
    }

    /** What a hold is asked for, and by whom: the pass, and an optional Idempotency-Key. */
    record HoldRequest(String authorization, long scheduleId, SeatChoice choice, String idempotencyKey) {

        String request() {
            return choice.request(scheduleId);
        }
    }

    public Mono<Reservation> hold(String authorization, long scheduleId, SeatChoice choice, String idempotencyKey) {
        HoldRequest request = new HoldRequest(authorization, scheduleId, choice, idempotencyKey);
        return outcomes.count(Mono.defer(() -> earlierHold(request)
                .switchIfEmpty(Mono.defer(() -> guard.requireActive(authorization)
                        .flatMap(pass -> holdWithPass(pass, request)
                                .flatMap(reservation -> spendPass(pass).thenReturn(reservation)))))
                .onErrorResume(refused -> madeByATwin(request, refused))), "held");
    }

    /**
     * A retry under the same key that raced its first attempt lost to it (the seats, then the pass,
     * were the first attempt's): what the buyer asked for was done, so it answers with that.
     */
    private Mono<Reservation> madeByATwin(HoldRequest request, Throwable refused) {
        if (request.idempotencyKey() == null || !(refused instanceof ProblemException problem)
                || problem.code() == ProblemCode.IDEMPOTENCY_KEY_REUSED || problem.code() == ProblemCode.TOKEN_INVALID) {
            return Mono.error(refused);
        }
        return earlierHold(request).switchIfEmpty(Mono.error(refused));
    }

    /** A retry under the same key finds what the first attempt made, even after its pass was spent. */
    private Mono<Reservation> earlierHold(HoldRequest request) {
        if (request.idempotencyKey() == null) {
            return Mono.empty();
        }
        return guard.holder(request.authorization())
                .flatMap(token -> reservations.byIdempotencyKey(token.userId(), request.idempotencyKey()))
                .map(earlier -> {
                    if (!earlier.request().equals(request.request())) {
                        throw new ProblemException(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                                "This Idempotency-Key was used for another hold (" + earlier.request() + ")");
                    }
                    return earlier.reservation();
                });
    }

    private Mono<Reservation> holdWithPass(ActiveTokenGuard.ActivePass pass, HoldRequest request) {
        return seats.schedule(request.scheduleId())
                .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.SCHEDULE_NOT_FOUND, "No schedule " + request.scheduleId())))
                .flatMap(schedule -> onSale(pass, schedule))
                .flatMap(schedule -> catalog.find(schedule.concertId())
                        .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + schedule.concertId()))))
                .flatMap(concert -> {
                    if (request.choice().count() > concert.maxSeatsPerUser()) {
                        return Mono.error(new ProblemException(ProblemCode.TOO_MANY_SEATS, "At most " + concert.maxSeatsPerUser()
                                + " seats per buyer for this concert, asked for " + request.choice().count()));
                    }
                    return Mono.defer(() -> chosenSeats(request))
                            .flatMap(chosen -> lockedHold(pass, request, chosen, concert.maxSeatsPerUser()))
                            .retryWhen(Retry.max(request.choice() instanceof SeatChoice.BestAvailable ? BEST_AVAILABLE_TRIES - 1 : 0)
                                    .filter(HoldingSeats::seatTaken)
                                    .onRetryExhaustedThrow((spec, signal) -> signal.failure()));
                });
    }

    /** A pass buys seats of its own concert, on a date that has not begun; a refusal leaves the pass unspent. */
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

    /** The seats asked for, in seat order. */
    private Mono<List<Seats.Seat>> chosenSeats(HoldRequest request) {
        long scheduleId = request.scheduleId();
        SeatChoice choice = request.choice();
        if (choice instanceof SeatChoice.ByNumber one) {
            // Numbers run 1..N over the date: one past its end is out of range, as a number of 0 is.
            return sectionMap.of(scheduleId)
                    .flatMap(layout -> one.seatNumber() <= layout.seats()
                            ? seats.find(scheduleId, one.seatNumber())
                            : Mono.error(new ProblemException(ProblemCode.INVALID_REQUEST,
                                    "seatNumber must be 1.." + layout.seats() + " on this date")))
                    .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.SEAT_NOT_FOUND, "No seat " + one.seatNumber())))
                    .map(List::of);
        }
        if (choice instanceof SeatChoice.ByIds these) {
            return seats.byIds(scheduleId, these.seatIds()).flatMap(found -> {
                if (found.size() < these.seatIds().size()) {
                    List<Long> missing = new ArrayList<>(these.seatIds());
                    missing.removeAll(found.stream().map(Seats.Seat::seatId).toList());
                    return Mono.error(new ProblemException(ProblemCode.SEAT_NOT_FOUND, "No seats " + missing + " on date " + scheduleId)
                            .with("seatIds", missing));
                }
                return Mono.just(found);
            });
        }
        SeatChoice.BestAvailable best = (SeatChoice.BestAvailable) choice;
        return sectionMap.of(scheduleId)
                    .flatMap(layout -> Mono.justOrEmpty(layout.section(best.sectionId())))
                    .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.SECTION_NOT_FOUND,
                            "No section " + best.sectionId() + " on date " + scheduleId)))
                    .flatMap(section -> seats.freeInSection(scheduleId, best.sectionId())
                            .flatMap(free -> Mono.justOrEmpty(BestSeats.choose(free, best.count(), section.seatsPerRow()))
                                    .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.NOT_ENOUGH_SEATS, "Section "
                                            + section.name() + " has " + free.size() + " free seats, asked for " + best.count())
                                            .with("available", free.size())))));
    }

    private Mono<Reservation> lockedHold(ActiveTokenGuard.ActivePass pass, HoldRequest request, List<Seats.Seat> chosen, int limit) {
        List<Seats.Seat> inOrder = chosen.stream().sorted(Comparator.comparingLong(Seats.Seat::seatId)).toList();
        Supplier<Mono<Reservation>> write = () -> holdInDatabase(pass, request, inOrder, limit);
        return underSeatLocks(request.scheduleId(), inOrder, 0, write)
                // The locks only spare the database the crowd. When locking itself fails (Redis slow
                // or briefly gone), the conditional writes alone still let exactly one hold through,
                // so the racer gets the true answer instead of a 503.
                .onErrorResume(LockUnavailable.class, error -> {
                    log.warn("Seat locks unavailable for schedule {}; the conditional writes decide alone", request.scheduleId());
                    return write.get();
                });
    }

    /** The seat locks one after another in seat order, so two parties never wait on each other in a circle. */
    private Mono<Reservation> underSeatLocks(long scheduleId, List<Seats.Seat> inOrder, int next, Supplier<Mono<Reservation>> write) {
        if (next == inOrder.size()) {
            return write.get();
        }
        Seats.Seat seat = inOrder.get(next);
        return locks.withLock("lock:seat:" + scheduleId + ":" + seat.seatNumber(), properties.seatLockWait(), properties.seatLockLease(),
                () -> underSeatLocks(scheduleId, inOrder, next + 1, write),
                () -> seatsUnavailable(List.of(seat)));
    }

    private Mono<Reservation> holdInDatabase(ActiveTokenGuard.ActivePass pass, HoldRequest request, List<Seats.Seat> inOrder,
                                             int limit) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant expiresAt = now.plus(properties.holdTtl());
        long scheduleId = request.scheduleId();
        return reservations.ensureBuyer(pass.userId(), scheduleId)
                .then(RowLockWaits.mayWait(reservations.lockBuyer(pass.userId(), scheduleId))
                        .then(Mono.defer(() -> reservations.seatsTaken(pass.userId(), scheduleId, now)))
                        .flatMap(taken -> taken + inOrder.size() > limit
                                ? Mono.error(new ProblemException(ProblemCode.SEAT_LIMIT_REACHED, "At most " + limit
                                        + " seats per buyer on this date; you have " + taken).with("seatsLeft", Math.max(0, limit - taken)))
                                : Mono.just(taken))
                        .thenMany(Flux.fromIterable(inOrder)
                                .concatMap(seat -> RowLockWaits.mayWait(seats.hold(seat.seatId()))
                                        .flatMap(held -> held ? Mono.just(seat) : Mono.error(seatsUnavailable(List.of(seat))))))
                        .then(Mono.defer(() -> RowLockWaits.mayWait(reservations.insertHeld(passId(pass), pass.userId(), scheduleId, inOrder,
                                expiresAt, now, request.idempotencyKey(), request.request()))))
                        .as(tx::transactional))
                .map(id -> new Reservation(id, pass.userId(), scheduleId, pass.concertId(), null, inOrder.stream()
                        .map(seat -> new Reservation.ReservedSeat(seat.seatId(), seat.seatNumber(), seat.label(), seat.price()))
                        .sorted(Comparator.comparingInt(Reservation.ReservedSeat::seatNumber)).toList(),
                        inOrder.stream().mapToLong(Seats.Seat::price).sum(), ReservationStatus.HELD, expiresAt))
                // Committed: the line's counts follow (a twin that lost below made no hold of its own to count).
                .flatMap(held -> inventory.held(held.concertId(), scheduleId, inOrder.size()).thenReturn(held))
                .onErrorResume(DataIntegrityViolationException.class, duplicate -> raceLost(pass, request))
                .onErrorResume(HoldingSeats::seatTaken, taken -> whichTaken(scheduleId, inOrder));
    }


    /**
     * Another request with this pass (or this Idempotency-Key) committed first: the pass is spent
     * only after the commit, so both got past the guard, and this one has rolled back.
     */
    private Mono<Reservation> raceLost(ActiveTokenGuard.ActivePass pass, HoldRequest request) {
        return earlierHold(request)
                .switchIfEmpty(Mono.error(ActiveTokenGuard.notActive("This queue pass has already been used for a hold")));
    }

    /** All of a party's seats that are taken now, so the buyer can choose again knowing them. */
    private Mono<Reservation> whichTaken(long scheduleId, List<Seats.Seat> asked) {
        return seats.byIds(scheduleId, asked.stream().map(Seats.Seat::seatId).toList())
                .flatMap(now -> {
                    List<Seats.Seat> taken = now.stream().filter(seat -> seat.status() != SeatStatus.AVAILABLE).toList();
                    return Mono.error(seatsUnavailable(taken.isEmpty() ? asked : taken));
                });
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

    private static boolean seatTaken(Throwable error) {
        return error instanceof ProblemException problem && problem.code() == ProblemCode.SEAT_UNAVAILABLE;
    }

    private static ProblemException seatsUnavailable(List<Seats.Seat> taken) {
        String which = taken.size() == 1 ? "Seat " + taken.get(0).label() + " is" : "Seats " + taken.stream().map(Seats.Seat::label).toList() + " are";
        return new ProblemException(ProblemCode.SEAT_UNAVAILABLE, which + " already held or reserved")
                .with("seatIds", taken.stream().map(Seats.Seat::seatId).toList());
    }
}
