package io.waitingroom.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.common.db.RowLockWaits;
import io.waitingroom.common.lock.LockUnavailable;
import io.waitingroom.common.lock.NamedLocks;
import io.waitingroom.common.metrics.Outcomes;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.concert.ConcertCatalog;
import io.waitingroom.concert.Seats;
import io.waitingroom.point.PointProperties;
import io.waitingroom.point.PointWallet;
import io.waitingroom.queue.SeatInventory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * A buyer cancels their reservation. A hold still in time is released at once (reservation
 * HELD -> CANCELLED, its seats HELD -> AVAILABLE); a paid one, until the concert's cancelUntil
 * before its date starts, is refunded (PAID -> CANCELLED with the refund recorded, seats
 * RESERVED -> AVAILABLE, the price back in the wallet with a REFUND ledger row). Each is one
 * transaction whose first write is conditional on the status it leaves, so of any number of
 * cancels, payments and sweeps racing for one reservation exactly one moves it, and a refund is
 * given once. A cancelled reservation cancelled again answers the same and moves nothing.
 */
@Component
public class CancellingReservation {

    private static final Logger log = LoggerFactory.getLogger(CancellingReservation.class);
    /** A reservation only moves forward (HELD -> PAID -> CANCELLED): a lost race is re-read at most this often. */
    private static final int REREADS = 2;

    private final Reservations reservations;
    private final Seats seats;
    private final SeatInventory inventory;
    private final PointWallet wallet;
    private final ConcertCatalog catalog;
    private final NamedLocks locks;
    private final TransactionalOperator tx;
    private final PointProperties pointProperties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Outcomes outcomes;

    CancellingReservation(Reservations reservations, Seats seats, SeatInventory inventory, PointWallet wallet,
                          ConcertCatalog catalog, NamedLocks locks, TransactionalOperator tx, PointProperties pointProperties,
                          ApplicationEventPublisher events, Clock clock, MeterRegistry registry) {
        this.reservations = reservations;
        this.seats = seats;
        this.inventory = inventory;
        this.wallet = wallet;
        this.catalog = catalog;
        this.locks = locks;
        this.tx = tx;
        this.pointProperties = pointProperties;
        this.events = events;
        this.clock = clock;
        this.outcomes = Outcomes.of(registry, "booking.cancellations", "Reservation cancel attempts by outcome",
                "cancelled", "cancel_closed", "hold_expired", "not_owner", "reservation_not_found");
    }

    /** What a cancel answers: {@code balance} is the user's balance as the answer is given. */
    public record Cancellation(long reservationId, ReservationStatus status, long refunded, long balance, List<Long> seatIds) {
    }

    public Mono<Cancellation> cancel(long userId, long reservationId) {
        return outcomes.count(Mono.defer(() -> cancelUnderLock(userId, reservationId)), "cancelled");
    }

    /**
     * Under the user's wallet lock, the one their payments take: a cancel and a payment of the same
     * reservation go single file, and a refund never interleaves with a charge. The lock is a
     * courtesy; when it cannot be asked at all, the conditional writes alone still refund once.
     */
    private Mono<Cancellation> cancelUnderLock(long userId, long reservationId) {
        return locks.withLock(PointWallet.lockName(userId), pointProperties.lockWait(), pointProperties.lockLease(),
                        () -> cancelOwn(userId, reservationId, REREADS),
                        () -> new ProblemException(ProblemCode.WALLET_BUSY, "Another point movement of this user is in progress", 1))
                .onErrorResume(LockUnavailable.class, unavailable -> {
                    log.warn("Wallet lock of user {} unavailable; the conditional writes decide the cancel alone", userId);
                    return cancelOwn(userId, reservationId, REREADS);
                });
    }

    private Mono<Cancellation> cancelOwn(long userId, long reservationId, int rereads) {
        return reservations.find(reservationId)
                .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.RESERVATION_NOT_FOUND, "No reservation " + reservationId)))
                .flatMap(reservation -> reservation.userId() == userId
                        ? decide(reservation, rereads)
                        : Mono.error(new ProblemException(ProblemCode.NOT_OWNER, "This reservation belongs to another user")));
    }

    private Mono<Cancellation> decide(Reservation reservation, int rereads) {
        Instant now = clock.instant();
        return switch (reservation.statusAt(now)) {
            case CANCELLED -> wallet.balance(reservation.userId())
                    .map(balance -> answer(reservation, reservation.refunded(), balance));
            case EXPIRED -> Mono.error(new ProblemException(ProblemCode.HOLD_EXPIRED, "The hold on these seats has expired"));
            case HELD -> inOneTransaction(release(reservation, now))
                    .flatMap(balance -> inventory.released(reservation.concertId(), reservation.scheduleId(), reservation.seats().size())
                            .thenReturn(balance))
                    .map(balance -> done(reservation, false, 0, balance, now))
                    .switchIfEmpty(Mono.defer(() -> raceLost(reservation, rereads)));
            case PAID -> stillCancellable(reservation, now)
                    .then(Mono.defer(() -> inOneTransaction(refund(reservation, now))))
                    // Back on sale: a sold-out concert takes entries again at the next tick.
                    .flatMap(balance -> inventory.returned(reservation.concertId(), reservation.scheduleId(), reservation.seats().size())
                            .thenReturn(balance))
                    .map(balance -> done(reservation, true, reservation.price(), balance, now))
                    .switchIfEmpty(Mono.defer(() -> raceLost(reservation, rereads)));
        };
    }

    /**
     * HELD -> CANCELLED and its seats back on sale: the balance after, or empty if it was no longer
     * a hold in time. Each write may wait for a row the sweep or a racing cancel has locked.
     */
    private Mono<Long> release(Reservation reservation, Instant now) {
        return RowLockWaits.mayWait(reservations.cancelHeld(reservation.reservationId(), now))
                .flatMap(cancelled -> cancelled
                        ? allSeats(RowLockWaits.mayWait(seats.release(reservation.seatIds())), reservation, "HELD")
                                .then(wallet.balance(reservation.userId()))
                        : Mono.empty());
    }

    /**
     * PAID -> CANCELLED first: only the one cancel that changes the row goes on to give the seats
     * back and refund, so racing cancels refund once. The balance after, or empty if it was no
     * longer PAID.
     */
    private Mono<Long> refund(Reservation reservation, Instant now) {
        return RowLockWaits.mayWait(reservations.cancelPaid(reservation.reservationId(), reservation.price(), now))
                .flatMap(cancelled -> cancelled
                        ? allSeats(RowLockWaits.mayWait(seats.returnToSale(reservation.seatIds())), reservation, "RESERVED")
                                .then(Mono.defer(() -> wallet.refund(reservation.userId(), reservation.price())))
                        : Mono.empty());
    }

    /** A seat not in the state its reservation says rolls the whole cancel back rather than free half of it. */
    private static Mono<Long> allSeats(Mono<Long> changed, Reservation reservation, String expected) {
        return changed.flatMap(count -> count == reservation.seats().size()
                ? Mono.just(count)
                : Mono.error(new IllegalStateException("Seats " + reservation.seatIds() + " of reservation "
                + reservation.reservationId() + " were not all " + expected)));
    }

    /** Paid reservations are refunded only until the concert's cancelUntil before the date starts. */
    private Mono<Void> stillCancellable(Reservation reservation, Instant now) {
        return catalog.find(reservation.concertId())
                .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + reservation.concertId())))
                .flatMap(concert -> {
                    Instant closes = reservation.startsAt().minus(concert.cancelUntil());
                    return now.isBefore(closes)
                            ? Mono.empty()
                            : Mono.error(new ProblemException(ProblemCode.CANCEL_CLOSED, "Cancelling with a refund closed at "
                                    + closes + ", " + concert.cancelUntil() + " before the date starts"));
                });
    }

    /** Its writes, all or none; the request deadline bounds any wait for a row lock in them. */
    private <T> Mono<T> inOneTransaction(Mono<T> writes) {
        return writes.as(tx::transactional);
    }

    /** The conditional write matched nothing: a payment, the sweep or another cancel moved it first. Decide on what it is now. */
    private Mono<Cancellation> raceLost(Reservation seen, int rereads) {
        if (rereads == 0) {
            return Mono.error(new IllegalStateException("Reservation " + seen.reservationId() + " kept changing under its cancel"));
        }
        return cancelOwn(seen.userId(), seen.reservationId(), rereads - 1);
    }

    /** Committed (and the line's seat counts moved): tell the listeners, then answer. */
    private Cancellation done(Reservation reservation, boolean wasPaid, long refunded, long balance, Instant now) {
        events.publishEvent(new ReservationCancelled(reservation.reservationId(), reservation.userId(), reservation.concertId(),
                reservation.scheduleId(), reservation.seatIds(), wasPaid, refunded, now));
        return answer(reservation, refunded, balance);
    }

    private static Cancellation answer(Reservation reservation, long refunded, long balance) {
        return new Cancellation(reservation.reservationId(), ReservationStatus.CANCELLED, refunded, balance, reservation.seatIds());
    }
}
