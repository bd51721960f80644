package io.waitingroom.reservation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

class ExpiringHoldsTest extends TestBase {

    @Autowired
    ExpiringHolds expiringHolds;
    @Autowired
    Reservations reservations;

    @Test
    void aHoldPastHoldTtlIsReleasedAndItsReservationExpired() {
        long id = booking.holdSeat(1, 1, 101, 5);

        clock.advance(Duration.ofMinutes(4).plusSeconds(59));
        assertThat(expiringHolds.sweep().block(CALL)).as("not yet due").isZero();
        assertThat(records.seatStatus(101, 5)).isEqualTo("HELD");

        clock.advance(Duration.ofSeconds(1));
        assertThat(expiringHolds.sweep().block(CALL)).isEqualTo(1);

        assertThat(records.seatStatus(101, 5)).isEqualTo("AVAILABLE");
        web.get().uri("/api/v1/reservations/{id}", id).header("X-User-Id", "1").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("EXPIRED");
        assertThat(expiringHolds.sweep().block(CALL)).as("nothing left to release").isZero();
    }

    @Test
    void aReleasedSeatCanBeHeldAgain() {
        booking.holdSeat(1, 1, 101, 5);
        clock.advance(Duration.ofMinutes(6));
        expiringHolds.sweep().block(CALL);

        booking.holdSeat(2, 1, 101, 5);

        assertThat(records.seatStatus(101, 5)).isEqualTo("HELD");
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE status = 'HELD'")).isEqualTo(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE status = 'EXPIRED'")).isEqualTo(1);
    }

    @Test
    void aHoldReleasedByTwoSweepsAtOnceIsReleasedOnce() {
        List<Long> ids = new ArrayList<>();
        for (int seat = 1; seat <= 20; seat++) {
            ids.add(booking.holdSeat(seat, 1, 101, seat));
        }
        clock.advance(Duration.ofMinutes(6));

        long released = 0;
        for (long id : ids) {
            Reservation held = reservations.find(id).block(CALL);
            released += Flux.merge(
                            Mono.defer(() -> expiringHolds.release(held)).subscribeOn(Schedulers.parallel()),
                            Mono.defer(() -> expiringHolds.release(held)).subscribeOn(Schedulers.parallel()))
                    .filter(Boolean::booleanValue)
                    .count()
                    .block(CALL);
        }

        assertThat(released).isEqualTo(20);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE status = 'EXPIRED'")).isEqualTo(20);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = 101 AND status = 'AVAILABLE'")).isEqualTo(50);
    }

    @Test
    void twoWholeSweepsRunningTogetherReleaseEachHoldOnce() {
        for (int seat = 1; seat <= 30; seat++) {
            booking.holdSeat(seat, 1, 101, seat);
        }
        clock.advance(Duration.ofMinutes(6));

        long released = Flux.merge(
                        Mono.defer(() -> expiringHolds.sweep()).subscribeOn(Schedulers.parallel()),
                        Mono.defer(() -> expiringHolds.sweep()).subscribeOn(Schedulers.parallel()))
                .reduce(0L, Long::sum)
                .block(CALL);

        assertThat(released).isEqualTo(30);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE status = 'EXPIRED'")).isEqualTo(30);
    }
}
