package io.waitingroom.reservation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static io.waitingroom.support.BoxOfficeCalls.JSON;
import static io.waitingroom.support.BoxOfficeCalls.number;
import static io.waitingroom.support.BoxOfficeCalls.section;
import static io.waitingroom.support.BoxOfficeCalls.sectionId;
import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancels on a concert set up by the test, cancellable until 48 hours before its date: one date a
 * week from the test clock's now, one section "Floor" of 2 rows of 5 seats at 1,000 points each.
 */
@Import(CancellingReservationTest.Heard.class)
class CancellingReservationTest extends TestBase {

    /** What the cancels and the sweep published, for the tests to read. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Heard {

        final List<ReservationCancelled> cancelled = new CopyOnWriteArrayList<>();
        final List<HoldLapsed> lapsed = new CopyOnWriteArrayList<>();

        @EventListener
        void on(ReservationCancelled event) {
            cancelled.add(event);
        }

        @EventListener
        void on(HoldLapsed event) {
            lapsed.add(event);
        }

        @Bean
        Holder heardHolder() {
            return new Holder(this);
        }

        record Holder(Heard events) {
        }
    }

    private static final Duration CANCEL_UNTIL = Duration.ofHours(48);

    @Autowired
    private Heard.Holder heard;
    @Autowired
    private ExpiringHolds expiringHolds;
    @Autowired
    private Reservations reservations;
    private long concertId;
    private long scheduleId;
    private long floor;

    private record Held(long reservationId, List<Long> seatIds) {
    }

    @BeforeEach
    void aSmallDateCancellableUntil48HoursBefore() {
        concertId = boxOffice.concert(4, "PT48H");
        Map<String, Object> created = boxOffice.schedule(concertId, List.of(section("Floor", "VIP", 1000, 2, 5)));
        scheduleId = number(created.get("scheduleId"));
        floor = sectionId(created, 0);
        heard.events().cancelled.clear();
        heard.events().lapsed.clear();
    }

    @Test
    void aHoldIsReleasedAtOnceAndMovesNoPoints() {
        charge(1, 5_000);
        Held held = hold(1, 1, 1, 2);

        Map<String, Object> answer = cancel(1, held.reservationId()).expectStatus().isOk()
                .expectBody(JSON).returnResult().getResponseBody();

        assertThat(answer).containsEntry("reservationId", (int) held.reservationId()).containsEntry("status", "CANCELLED")
                .containsEntry("refunded", 0).containsEntry("balance", 5_000)
                .containsEntry("seatIds", held.seatIds().stream().map(Long::intValue).toList());
        assertThat(seatsIn(held, "AVAILABLE")).isEqualTo(2);
        assertThat(reservationStatus(1, held.reservationId())).isEqualTo("CANCELLED");
        web.get().uri("/api/v1/reservations").header("X-User-Id", "1").exchange().expectBody()
                .jsonPath("$[0].status").isEqualTo("CANCELLED").jsonPath("$[0].refunded").isEqualTo(0);
        assertThat(records.balanceOf(1)).isEqualTo(5_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 1")).as("only the charge").isEqualTo(1);
        assertThat(heard.events().cancelled).singleElement().satisfies(event -> {
            assertThat(event.reservationId()).isEqualTo(held.reservationId());
            assertThat(event.concertId()).isEqualTo(concertId);
            assertThat(event.scheduleId()).isEqualTo(scheduleId);
            assertThat(event.seatIds()).isEqualTo(held.seatIds());
            assertThat(event.wasPaid()).isFalse();
            assertThat(event.refunded()).isZero();
        });
        // The seats no longer count against the buyer's limit of 4 on this date.
        hold(1, 1, 1, 4);
        records.assertLedgerMatchesBalance(1);
    }

    @Test
    void aPaidReservationIsRefundedAndItsSeatsSellAgain() {
        charge(1, 10_000);
        Held held = hold(1, 1, 1, 3);
        pay(1, held.reservationId()).expectStatus().isCreated().expectBody().jsonPath("$.balance").isEqualTo(7_000);

        cancel(1, held.reservationId()).expectStatus().isOk().expectBody()
                .jsonPath("$.status").isEqualTo("CANCELLED")
                .jsonPath("$.refunded").isEqualTo(3_000)
                .jsonPath("$.balance").isEqualTo(10_000);

        assertThat(records.balanceOf(1)).isEqualTo(10_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 1 AND type = 'REFUND'"
                + " AND amount = 3000 AND balance_after = 10000")).isEqualTo(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE id = " + held.reservationId()
                + " AND status = 'CANCELLED' AND refunded = 3000 AND cancelled_at IS NOT NULL")).isEqualTo(1);
        assertThat(seatsIn(held, "AVAILABLE")).isEqualTo(3);
        web.get().uri("/api/v1/reservations/{id}", held.reservationId()).header("X-User-Id", "1").exchange().expectBody()
                .jsonPath("$.status").isEqualTo("CANCELLED").jsonPath("$.refunded").isEqualTo(3_000);
        web.get().uri("/api/v1/points/history").header("X-User-Id", "1").exchange().expectBody()
                .jsonPath("$[0].type").isEqualTo("REFUND").jsonPath("$[0].amount").isEqualTo(3_000)
                .jsonPath("$[0].balanceAfter").isEqualTo(10_000);
        assertThat(heard.events().cancelled).singleElement().satisfies(event -> {
            assertThat(event.wasPaid()).isTrue();
            assertThat(event.refunded()).isEqualTo(3_000);
            assertThat(event.userId()).isEqualTo(1);
        });
        records.assertLedgerMatchesBalance(1);

        // Another buyer takes the very same seats.
        boxOffice.holdSeats(queue.activeToken(2, concertId), scheduleId, held.seatIds()).expectStatus().isCreated();
        assertThat(seatsIn(held, "HELD")).isEqualTo(3);
    }

    @Test
    void aSecondCancelAnswersTheSameAndRefundsOnce() {
        charge(1, 10_000);
        Held paid = hold(1, 1, 1, 2);
        pay(1, paid.reservationId()).expectStatus().isCreated();
        Held onlyHeld = hold(1, 2, 1, 2);

        for (Held held : List.of(paid, onlyHeld)) {
            Map<String, Object> first = cancel(1, held.reservationId()).expectStatus().isOk()
                    .expectBody(JSON).returnResult().getResponseBody();
            Map<String, Object> again = cancel(1, held.reservationId()).expectStatus().isOk()
                    .expectBody(JSON).returnResult().getResponseBody();
            assertThat(again).isEqualTo(first);
        }

        assertThat(records.balanceOf(1)).isEqualTo(10_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 1 AND type = 'REFUND'")).isEqualTo(1);
        assertThat(heard.events().cancelled).as("one event per cancelled reservation").hasSize(2);
        records.assertLedgerMatchesBalance(1);
    }

    @Test
    void pastCancelUntilBeforeTheDateIs409CancelClosedAndChangesNothing() {
        charge(1, 10_000);
        Held early = hold(1, 1, 1, 1);
        Held late = hold(1, 1, 2, 2);
        pay(1, early.reservationId()).expectStatus().isCreated();
        pay(1, late.reservationId()).expectStatus().isCreated();
        long startsAt = records.countRows("SELECT starts_at FROM concert_schedule WHERE id = " + scheduleId);
        Duration untilItCloses = Duration.ofMillis(startsAt - clock.millis()).minus(CANCEL_UNTIL);

        clock.advance(untilItCloses.minusMillis(1));
        cancel(1, early.reservationId()).expectStatus().isOk().expectBody().jsonPath("$.refunded").isEqualTo(1_000);

        clock.advance(Duration.ofMillis(1));
        cancel(1, late.reservationId()).expectStatus().isEqualTo(409)
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("CANCEL_CLOSED");

        assertThat(reservationStatus(1, late.reservationId())).isEqualTo("PAID");
        assertThat(seatsIn(late, "RESERVED")).isEqualTo(1);
        assertThat(records.balanceOf(1)).isEqualTo(10_000 - 2_000 + 1_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 1 AND type = 'REFUND'")).isEqualTo(1);
        assertThat(heard.events().cancelled).hasSize(1);
        records.assertLedgerMatchesBalance(1);
    }

    @Test
    void aDemoConcertKeepsTheDefault24Hours() {
        charge(1, 500_000);
        long reservation = booking.holdSeat(1, 1, 101, 7);
        pay(1, reservation).expectStatus().isCreated();
        long startsAt = records.countRows("SELECT starts_at FROM concert_schedule WHERE id = 101");

        clock.advance(Duration.ofMillis(startsAt - clock.millis()).minus(Duration.ofHours(24)));

        cancel(1, reservation).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("CANCEL_CLOSED");
        assertThat(records.seatStatus(101, 7)).isEqualTo("RESERVED");
    }

    @Test
    void aLapsedHoldIs409HoldExpiredAndChangesNothing() {
        Held held = hold(1, 1, 1, 2);
        clock.advance(Duration.ofMinutes(5));

        cancel(1, held.reservationId()).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("HOLD_EXPIRED");
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE status = 'HELD' AND id = " + held.reservationId()))
                .as("left for the sweep").isEqualTo(1);
        assertThat(seatsIn(held, "HELD")).isEqualTo(2);

        assertThat(expiringHolds.sweep().block(CALL)).isEqualTo(1);
        cancel(1, held.reservationId()).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("HOLD_EXPIRED");
        assertThat(reservationStatus(1, held.reservationId())).isEqualTo("EXPIRED");
        assertThat(heard.events().cancelled).isEmpty();
        assertThat(heard.events().lapsed).singleElement().satisfies(event -> {
            assertThat(event.reservationId()).isEqualTo(held.reservationId());
            assertThat(event.concertId()).isEqualTo(concertId);
            assertThat(event.scheduleId()).isEqualTo(scheduleId);
            assertThat(event.seatIds()).isEqualTo(held.seatIds());
        });
    }

    @Test
    void anotherUsersOrAnUnknownReservationIsRefusedAndNothingChanges() {
        charge(1, 10_000);
        Held held = hold(1, 1, 1, 1);
        pay(1, held.reservationId()).expectStatus().isCreated();

        cancel(2, held.reservationId()).expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("NOT_OWNER");
        cancel(1, 999_999).expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("RESERVATION_NOT_FOUND");
        web.post().uri("/api/v1/reservations/{id}/cancel", held.reservationId()).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("USER_ID_REQUIRED");

        assertThat(reservationStatus(1, held.reservationId())).isEqualTo("PAID");
        assertThat(seatsIn(held, "RESERVED")).isEqualTo(1);
        assertThat(records.balanceOf(1)).isEqualTo(9_000);
        assertThat(records.balanceOf(2)).isZero();
        assertThat(heard.events().cancelled).isEmpty();
    }

    @Test
    void aCancelledHoldCannotBePaid() {
        charge(1, 10_000);
        Held held = hold(1, 1, 1, 1);
        cancel(1, held.reservationId()).expectStatus().isOk();

        pay(1, held.reservationId()).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("RESERVATION_CANCELLED");
        assertThat(records.balanceOf(1)).isEqualTo(10_000);
        assertThat(seatsIn(held, "AVAILABLE")).isEqualTo(1);
    }

    @Test
    void twentyConcurrentCancelsOfOnePaidReservationRefundOnce() {
        charge(1, 10_000);
        Held held = hold(1, 1, 1, 4);
        pay(1, held.reservationId()).expectStatus().isCreated();

        List<Response> answers = concurrently(20, i -> send(http.post().uri("/api/v1/reservations/{id}/cancel", held.reservationId())
                .header("X-User-Id", "1")));

        assertThat(answers).extracting(Response::status).containsOnly(200);
        assertThat(answers.stream().map(Response::body).collect(Collectors.toSet())).as("one answer, twenty times").hasSize(1);
        assertThat(answers.get(0).body()).contains("\"refunded\":4000", "\"balance\":10000");
        assertThat(records.balanceOf(1)).isEqualTo(10_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 1 AND type = 'REFUND'")).isEqualTo(1);
        assertThat(seatsIn(held, "AVAILABLE")).isEqualTo(4);
        assertThat(heard.events().cancelled).hasSize(1);
        records.assertLedgerMatchesBalance(1);
    }

    @Test
    void aCancelRacingItsPaymentNeverLosesPointsNorLeavesASeatSold() {
        int paidFirst = 0;
        for (int round = 0; round < 10; round++) {
            long user = 100 + round;
            charge(user, 10_000);
            Held held = hold(user, 1 + round / 5, 1 + round % 5, 1 + round % 5);

            var results = Mono.zip(
                    Mono.defer(() -> send(http.post().uri("/api/v1/payments").header("X-User-Id", Long.toString(user))
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", held.reservationId()))))
                            .subscribeOn(Schedulers.parallel()),
                    Mono.defer(() -> send(http.post().uri("/api/v1/reservations/{id}/cancel", held.reservationId())
                            .header("X-User-Id", Long.toString(user)))).subscribeOn(Schedulers.parallel())).block(CALL);
            Response payment = results.getT1();
            Response cancel = results.getT2();

            // Whichever went first (the wallet lock puts them in single file), the buyer ends as they
            // began: the reservation cancelled, the seat free, the points theirs.
            if (payment.status() == 201) {
                paidFirst++;
                assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
                assertThat(cancel.body()).contains("\"refunded\":1000");
            } else {
                assertThat(payment.status()).as(payment.body()).isEqualTo(409);
                assertThat(payment.hasCode("RESERVATION_CANCELLED")).as(payment.body()).isTrue();
                assertThat(cancel.status()).as(cancel.body()).isEqualTo(200);
                assertThat(cancel.body()).contains("\"refunded\":0");
            }
            assertThat(reservationStatus(user, held.reservationId())).isEqualTo("CANCELLED");
            assertThat(seatsIn(held, "AVAILABLE")).isEqualTo(held.seatIds().size());
            assertThat(records.balanceOf(user)).isEqualTo(10_000);
            records.assertLedgerMatchesBalance(user);
        }
        System.out.printf("Cancel vs payment race: %d paid first, %d cancelled first%n", paidFirst, 10 - paidFirst);
    }

    @Test
    void aCancelRacingTheSweepAtTheHoldsLimitReleasesOnce() {
        int cancelled = 0;
        for (int round = 0; round < 10; round++) {
            long user = 200 + round;
            Held held = hold(user, 1 + round / 5, 1 + round % 5, 1 + round % 5);
            // The hold lapses as the cancel arrives: one millisecond before its limit, or at it.
            clock.advance(Duration.ofMinutes(5).minusMillis(round % 2 == 0 ? 1 : 0));
            Reservation seen = reservations.find(held.reservationId()).block(CALL);

            var results = Mono.zip(
                    Mono.defer(() -> send(http.post().uri("/api/v1/reservations/{id}/cancel", held.reservationId())
                            .header("X-User-Id", Long.toString(user)))).subscribeOn(Schedulers.parallel()),
                    Mono.defer(() -> expiringHolds.release(seen)).subscribeOn(Schedulers.parallel())).block(CALL);
            Response cancel = results.getT1();
            boolean released = results.getT2();

            if (cancel.status() == 200) {
                cancelled++;
                assertThat(released).isFalse();
                assertThat(reservationStatus(user, held.reservationId())).isEqualTo("CANCELLED");
            } else {
                assertThat(cancel.hasCode("HOLD_EXPIRED")).as(cancel.body()).isTrue();
                expiringHolds.sweep().block(CALL);
                assertThat(reservationStatus(user, held.reservationId())).isEqualTo("EXPIRED");
            }
            assertThat(seatsIn(held, "AVAILABLE")).isEqualTo(held.seatIds().size());
        }
        assertThat(cancelled).as("a cancel one millisecond before the limit wins").isEqualTo(5);
    }

    /** Seats {@code from..to} of a Floor row, held with a new pass: the reservation and its seat ids. */
    private Held hold(long userId, int row, int from, int to) {
        String token = queue.activeToken(userId, concertId);
        List<Long> seatIds = boxOffice.seatIds(token, scheduleId, floor, row, from, to);
        long id = number(boxOffice.holdSeats(token, scheduleId, seatIds).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody().get("reservationId"));
        return new Held(id, seatIds);
    }

    private long seatsIn(Held held, String status) {
        return records.countRows("SELECT COUNT(*) FROM seat WHERE status = '" + status + "' AND id IN ("
                + held.seatIds().stream().map(String::valueOf).collect(Collectors.joining(",")) + ")");
    }

    private String reservationStatus(long userId, long reservationId) {
        return (String) web.get().uri("/api/v1/reservations/{id}", reservationId).header("X-User-Id", Long.toString(userId))
                .exchange().expectStatus().isOk().expectBody(JSON).returnResult().getResponseBody().get("status");
    }

    private void charge(long userId, long amount) {
        web.post().uri("/api/v1/points/charges").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", amount))
                .exchange().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec pay(long userId, long reservationId) {
        return web.post().uri("/api/v1/payments").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservationId))
                .exchange();
    }

    private WebTestClient.ResponseSpec cancel(long userId, long reservationId) {
        return web.post().uri("/api/v1/reservations/{id}/cancel", reservationId).header("X-User-Id", Long.toString(userId))
                .exchange();
    }
}
