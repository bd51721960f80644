package io.waitingroom.reservation;

import java.time.Clock;
import java.time.Instant;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.identity.CurrentUser;
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

    private final HoldingSeat holding;
    private final Reservations reservations;
    private final Clock clock;

    ReservationController(HoldingSeat holding, Reservations reservations, Clock clock) {
        this.holding = holding;
        this.reservations = reservations;
        this.clock = clock;
    }

    record HoldRequest(@NotNull @Positive Long scheduleId, @NotNull @Min(1) @Max(50) Integer seatNumber) {
    }

    record ReservationView(long reservationId, long scheduleId, int seatNumber, long price, ReservationStatus status,
                           Instant holdExpiresAt) {

        static ReservationView of(Reservation reservation, Instant now) {
            return new ReservationView(reservation.reservationId(), reservation.scheduleId(), reservation.seatNumber(),
                    reservation.price(), reservation.statusAt(now), reservation.holdExpiresAt());
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ReservationView> hold(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                               @Valid @RequestBody HoldRequest request) {
        return holding.hold(authorization, request.scheduleId(), request.seatNumber())
                .map(reservation -> ReservationView.of(reservation, clock.instant()));
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
