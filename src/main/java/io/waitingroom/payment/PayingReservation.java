package io.waitingroom.payment;

import java.time.Clock;
import java.time.Instant;

import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.common.db.RowLockWaits;
import io.waitingroom.common.lock.NamedLocks;
import io.waitingroom.common.metrics.Outcomes;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.concert.Seats;
import io.waitingroom.point.PointProperties;
import io.waitingroom.queue.SeatInventory;
import io.waitingroom.point.PointWallet;
import io.waitingroom.reservation.Reservation;
import io.waitingroom.reservation.ReservationStatus;
import io.waitingroom.reservation.Reservations;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Mono;

/**
 * Pays a reservation with points, all in one transaction: reservation HELD -> PAID (while in
 * time), wallet debited by the sum of its seats (while the balance covers it), ledger USE row,
 * payment row, every seat HELD -> RESERVED. Any failed condition rolls the whole of it back, so points never leave
 * without the seat, nor the reverse. The user's wallet lock keeps their payments and charges in
 * single file.
 */
@Component
public class PayingReservation {

    private final Reservations reservations;
    private final PointWallet wallet;
    private final Seats seats;
    private final SeatInventory inventory;
    private final Payments payments;
    private final NamedLocks locks;
    private final TransactionalOperator tx;
    private final PointProperties pointProperties;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Outcomes outcomes;

    PayingReservation(Reservations reservations, PointWallet wallet, Seats seats, SeatInventory inventory, Payments payments, NamedLocks locks,
                      TransactionalOperator tx, PointProperties pointProperties, ApplicationEventPublisher events, Clock clock,
                      MeterRegistry registry) {
        this.reservations = reservations;
        this.wallet = wallet;
        this.seats = seats;
        this.inventory = inventory;
        this.payments = payments;
        this.locks = locks;
        this.tx = tx;
        this.pointProperties = pointProperties;
        this.events = events;
        this.clock = clock;
        this.outcomes = Outcomes.of(registry, "booking.payments", "Payment attempts by outcome",
                "paid", "insufficient_balance", "already_paid", "hold_expired", "reservation_cancelled", "not_owner",
                "reservation_not_found");
    }

    public record Receipt(long paymentId, long reservationId, long amount, long balance) {
    }

    public Mono<Receipt> pay(long userId, long reservationId, String idempotencyKey) {
        return outcomes.count(Mono.defer(() -> payUnderLock(userId, reservationId, idempotencyKey)), "paid");
    }

    private Mono<Receipt> payUnderLock(long userId, long reservationId, String idempotencyKey) {
        return locks.withLock(PointWallet.lockName(userId), pointProperties.lockWait(), pointProperties.lockLease(),
                        () -> earlierPayment(userId, idempotencyKey)
                                .switchIfEmpty(Mono.defer(() -> payOnce(userId, reservationId, idempotencyKey))),
                        () -> new ProblemException(ProblemCode.WALLET_BUSY, "Another point movement of this user is in progress", 1))
                // A racer past the lock meets the unique keys: report what actually happened.
                .onErrorResume(DataIntegrityViolationException.class, duplicate -> earlierPayment(userId, idempotencyKey)
                        .switchIfEmpty(Mono.error(alreadyPaid())));
    }

    private Mono<Receipt> payOnce(long userId, long reservationId, String idempotencyKey) {
        return reservations.find(reservationId)
                .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.RESERVATION_NOT_FOUND, "No reservation " + reservationId)))
                .flatMap(reservation -> checkPayable(reservation, userId))
                .flatMap(reservation -> settle(reservation, idempotencyKey).as(tx::transactional)
                        .flatMap(receipt -> inventory.sold(reservation.concertId(), reservation.scheduleId(), reservation.seats().size())
                                .thenReturn(receipt))
                        .doOnNext(receipt -> events.publishEvent(completed(receipt, reservation))));
    }

    private Mono<Reservation> checkPayable(Reservation reservation, long userId) {
        if (reservation.userId() != userId) {
            return Mono.error(new ProblemException(ProblemCode.NOT_OWNER, "This reservation belongs to another user"));
        }
        return switch (reservation.statusAt(clock.instant())) {
            case PAID -> Mono.error(alreadyPaid());
            case EXPIRED -> Mono.error(holdExpired());
            case CANCELLED -> Mono.error(cancelled());
            case HELD -> Mono.just(reservation);
        };
    }

    private Mono<Receipt> settle(Reservation reservation, String idempotencyKey) {
        Instant now = clock.instant();
        // The debit waits for the wallet's row (PointWallet runs it where waiting is allowed), the
        // others for a row a sweep or a hold may have locked.
        return RowLockWaits.mayWait(reservations.markPaid(reservation.reservationId(), now))
                .flatMap(paid -> paid ? Mono.just(true) : whyNotPayable(reservation.reservationId()))
                .then(wallet.debit(reservation.userId(), reservation.price()))
                .flatMap(balance -> RowLockWaits.mayWait(seats.reserve(reservation.seatIds()))
                        .flatMap(reserved -> reserved == reservation.seats().size()
                                ? payments.insert(reservation.reservationId(), reservation.userId(), reservation.price(),
                                balance, idempotencyKey, now.toEpochMilli())
                                : Mono.error(new IllegalStateException("Seats " + reservation.seatIds() + " of a HELD reservation were not all HELD")))
                        .map(paymentId -> new Receipt(paymentId, reservation.reservationId(), reservation.price(), balance)));
    }

    /** The conditional update matched nothing: someone else (a payment, the sweep, a cancel) changed it first. */
    private Mono<Boolean> whyNotPayable(long reservationId) {
        return reservations.find(reservationId)
                .flatMap(current -> Mono.error(switch (current.status()) {
                    case PAID -> alreadyPaid();
                    case CANCELLED -> cancelled();
                    case HELD, EXPIRED -> holdExpired();
                }));
    }

    private Mono<Receipt> earlierPayment(long userId, String idempotencyKey) {
        if (idempotencyKey == null) {
            return Mono.empty();
        }
        return payments.byIdempotencyKey(userId, idempotencyKey)
                .map(payment -> new Receipt(payment.paymentId(), payment.reservationId(), payment.amount(), payment.balanceAfter()));
    }

    private PaymentCompleted completed(Receipt receipt, Reservation reservation) {
        return new PaymentCompleted(receipt.paymentId(), reservation.reservationId(), reservation.userId(),
                reservation.scheduleId(), reservation.seatIds(), receipt.amount(), clock.instant());
    }

    private static ProblemException alreadyPaid() {
        return new ProblemException(ProblemCode.ALREADY_PAID, "This reservation is already paid");
    }

    private static ProblemException cancelled() {
        return new ProblemException(ProblemCode.RESERVATION_CANCELLED, "This reservation was cancelled");
    }

    private static ProblemException holdExpired() {
        return new ProblemException(ProblemCode.HOLD_EXPIRED, "The hold on this seat has expired");
    }
}
