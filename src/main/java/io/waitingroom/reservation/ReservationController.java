package io.waitingroom.reservation;

import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.identity.CurrentUser;
import io.waitingroom.point.IdempotencyKeys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/reservations")
class ReservationController {

    /** More ids than any concert's limit (1..10) are refused before anything is read. */
    private static final int MOST_SEAT_IDS = 10;

    private final HoldingSeats holding;
    private final CancellingReservation cancelling;
    private final Reservations reservations;
    private final Clock clock;

    ReservationController(HoldingSeats holding, CancellingReservation cancelling, Reservations reservations, Clock clock) {
        this.holding = holding;
        this.cancelling = cancelling;
        this.reservations = reservations;
        this.clock = clock;
    }

    /** One of: a seat number; seat ids; a section and a count (best available). */
    record HoldBody(@NotNull @Positive Long scheduleId, @Min(1) @Max(100_000) Integer seatNumber, List<@NotNull @Positive Long> seatIds,
                    @Positive Long sectionId, @Min(1) Integer count) {

        SeatChoice choice() {
            int forms = (seatNumber != null ? 1 : 0) + (seatIds != null ? 1 : 0) + (sectionId != null || count != null ? 1 : 0);
            if (forms != 1) {
                throw invalid("Give exactly one of seatNumber, seatIds, or sectionId with count");
            }
            if (seatNumber != null) {
                return new SeatChoice.ByNumber(seatNumber);
            }
            if (seatIds != null) {
                if (seatIds.isEmpty()) {
                    throw invalid("seatIds must name at least one seat");
                }
                if (seatIds.size() > MOST_SEAT_IDS) {
                    throw new ProblemException(ProblemCode.TOO_MANY_SEATS, "At most " + MOST_SEAT_IDS + " seats in one hold");
                }
                if (new HashSet<>(seatIds).size() != seatIds.size()) {
                    throw invalid("seatIds names a seat twice");
                }
                return new SeatChoice.ByIds(List.copyOf(seatIds));
            }
            if (sectionId == null || count == null) {
                throw invalid("Best available needs both sectionId and count");
            }
            return new SeatChoice.BestAvailable(sectionId, count);
        }

        private static ProblemException invalid(String detail) {
            return new ProblemException(ProblemCode.INVALID_REQUEST, detail);
        }
    }

    record SeatView(long seatId, String label, long price) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ReservationView(long reservationId, long scheduleId, long concertId, Instant startsAt, Integer seatNumber,
                           List<SeatView> seats, long price, ReservationStatus status, Instant holdExpiresAt, Long refunded) {

        /** {@code refunded} only for a cancelled reservation: what its cancel gave back (0 for a hold). */
        static ReservationView of(Reservation reservation, Instant now) {
            List<SeatView> seats = reservation.seats().stream()
                    .map(seat -> new SeatView(seat.seatId(), seat.label(), seat.price())).toList();
            ReservationStatus status = reservation.statusAt(now);
            return new ReservationView(reservation.reservationId(), reservation.scheduleId(), reservation.concertId(),
                    reservation.startsAt(), seats.size() == 1 ? reservation.seats().get(0).seatNumber() : null, seats,
                    reservation.price(), status, reservation.holdExpiresAt(),
                    status == ReservationStatus.CANCELLED ? reservation.refunded() : null);
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ReservationView> hold(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                               @RequestHeader(value = "Idempotency-Key", required = false) String idempotencyKey,
                               @Valid @RequestBody HoldBody body) {
        return Mono.fromCallable(body::choice)
                .flatMap(choice -> holding.hold(authorization, body.scheduleId(), choice, IdempotencyKeys.check(idempotencyKey)))
                .map(reservation -> ReservationView.of(reservation, clock.instant()));
    }

    /** Owner only; a cancelled reservation cancelled again answers the same, so the buyer may retry freely. */
    @PostMapping("/{reservationId}/cancel")
    Mono<CancellingReservation.Cancellation> cancel(@CurrentUser long userId, @PathVariable long reservationId) {
        return cancelling.cancel(userId, reservationId);
    }

    @GetMapping
    Mono<List<ReservationView>> mine(@CurrentUser long userId) {
        Instant now = clock.instant();
        return reservations.ofUser(userId).map(reservation -> ReservationView.of(reservation, now)).collectList();
    }

    @GetMapping("/{reservationId}")
    Mono<ReservationView> find(@CurrentUser long userId, @PathVariable long reservationId) {
        return reservations.find(reservationId)
                .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.RESERVATION_NOT_FOUND, "No reservation " + reservationId)))
                .flatMap(reservation -> reservation.userId() == userId
                        ? Mono.just(ReservationView.of(reservation, clock.instant()))
                        : Mono.error(new ProblemException(ProblemCode.NOT_OWNER, "This reservation belongs to another user")));
    }
}
