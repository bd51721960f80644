package io.waitingroom.payment;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.waitingroom.reservation.ExpiringHolds;
import io.waitingroom.reservation.Reservations;
import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

@Import(PaymentTest.CompletedPayments.class)
class PaymentTest extends TestBase {

    @TestConfiguration(proxyBeanMethods = false)
    static class CompletedPayments {

        final List<PaymentCompleted> seen = new CopyOnWriteArrayList<>();

        @EventListener
        void on(PaymentCompleted event) {
            seen.add(event);
        }

        @Bean
        CompletedPayments.Holder holder() {
            return new Holder(this);
        }

        record Holder(CompletedPayments listener) {
        }
    }

    @Autowired
    CompletedPayments.Holder completed;
    @Autowired
    ExpiringHolds expiringHolds;
    @Autowired
    Reservations reservations;

    @Test
    void chargeHoldAndPayMakesTheSeatReserved() {
        charge(1, 200_000);
        long reservation = booking.holdSeat(1, 1, 101, 4);
        completed.listener().seen.clear();

        web.post().uri("/api/v1/payments").header("X-User-Id", "1")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservation))
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.paymentId").isNumber()
                .jsonPath("$.reservationId").isEqualTo(reservation)
                .jsonPath("$.amount").isEqualTo(150_000)
                .jsonPath("$.balance").isEqualTo(50_000)
                .jsonPath("$.status").isEqualTo("PAID");

        assertThat(records.seatStatus(101, 4)).isEqualTo("RESERVED");
        web.get().uri("/api/v1/reservations/{id}", reservation).header("X-User-Id", "1").exchange()
                .expectBody().jsonPath("$.status").isEqualTo("PAID");
        web.get().uri("/api/v1/points/history").header("X-User-Id", "1").exchange()
                .expectBody().jsonPath("$[0].type").isEqualTo("USE").jsonPath("$[0].amount").isEqualTo(150_000)
                .jsonPath("$[0].balanceAfter").isEqualTo(50_000);
        assertThat(completed.listener().seen).singleElement()
                .satisfies(event -> {
                    assertThat(event.reservationId()).isEqualTo(reservation);
                    assertThat(event.seatIds()).containsExactly(records.seatId(101, 4));
                    assertThat(event.amount()).isEqualTo(150_000);
                });
        records.assertLedgerMatchesBalance(1);
    }

    @Test
    void thirtyConcurrentPaymentsOfOneReservationPayOnce() {
        charge(2, 1_000_000);
        long reservation = booking.holdSeat(2, 1, 101, 1);

        List<Response> responses = concurrently(30, i -> send(http.post().uri("/api/v1/payments")
                .header("X-User-Id", "2")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reservationId", reservation))));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() == 409 && r.hasCode("ALREADY_PAID"))).hasSize(29);
        assertThat(records.balanceOf(2)).isEqualTo(1_000_000 - 150_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 2 AND type = 'USE'")).isEqualTo(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM payment")).isEqualTo(1);
        assertThat(records.seatStatus(101, 1)).isEqualTo("RESERVED");
        records.assertLedgerMatchesBalance(2);
    }

    @Test
    void concurrentPaymentsBeyondTheBalanceNeverOverdraw() {
        // Seats 41..50 cost 80,000 each; 250,000 pays for exactly three of them. Ten holds of one
        // buyer spread over three dates, four at most on each (the concert's limit per buyer).
        charge(3, 250_000);
        List<Long> ids = new ArrayList<>();
        for (int hold = 0; hold < 10; hold++) {
            ids.add(holdSeatFor(3, 1, 101 + hold / 4, 41 + hold % 4));
        }

        List<Response> responses = concurrently(10, i -> send(http.post().uri("/api/v1/payments")
                .header("X-User-Id", "3")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reservationId", ids.get(i)))));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(3);
        assertThat(responses.stream().filter(r -> r.status() == 409 && r.hasCode("INSUFFICIENT_BALANCE"))).hasSize(7);
        assertThat(records.balanceOf(3)).isEqualTo(10_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id IN (101, 102, 103) AND status = 'RESERVED'")).isEqualTo(3);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id IN (101, 102, 103) AND status = 'HELD'")).isEqualTo(7);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE status = 'PAID'")).isEqualTo(3);
        records.assertLedgerMatchesBalance(3);
    }

    @Test
    void aPaymentRacingTheHoldReleaseEitherPaysOrFailsCleanly() {
        int paid = 0;
        int expired = 0;
        for (int round = 0; round < 20; round++) {
            long user = 100 + round;
            int seat = round + 1;
            charge(user, 200_000);
            long id = holdSeatFor(user, 1, 101, seat);
            // The hold lapses exactly as the payment arrives: both sides see it at its limit.
            clock.advance(Duration.ofMinutes(5).minusMillis(round % 2));
            var held = reservations.find(id).block(CALL);

            var results = Mono.zip(
                    Mono.defer(() -> send(http.post().uri("/api/v1/payments").header("X-User-Id", Long.toString(user))
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", id)))).subscribeOn(Schedulers.parallel()),
                    Mono.defer(() -> expiringHolds.release(held)).subscribeOn(Schedulers.parallel())).block(CALL);
            Response payment = results.getT1();
            boolean released = results.getT2();

            String seatNow = records.seatStatus(101, seat);
            long balance = records.balanceOf(user);
            if (payment.status() == 201) {
                paid++;
                assertThat(released).isFalse();
                assertThat(seatNow).isEqualTo("RESERVED");
                assertThat(balance).isEqualTo(200_000 - held.price());
            } else {
                expired++;
                assertThat(payment.status()).isEqualTo(409);
                assertThat(payment.hasCode("HOLD_EXPIRED")).as(payment.body()).isTrue();
                assertThat(balance).isEqualTo(200_000);
                // The release may have lost the race to nobody (it was not due): then it is still HELD, never RESERVED.
                assertThat(seatNow).isIn("AVAILABLE", "HELD");
                expiringHolds.sweep().block(CALL);
                assertThat(records.seatStatus(101, seat)).isEqualTo("AVAILABLE");
            }
            records.assertLedgerMatchesBalance(user);
        }
        System.out.printf("Payment vs release race: %d paid, %d expired%n", paid, expired);
        assertThat(paid).as("a payment one millisecond before the limit wins").isEqualTo(10);
        assertThat(expired).as("a payment at the limit loses to the release").isEqualTo(10);
    }

    @Test
    void errorBranchesAnswerAsTheContractSaysAndChangeNothing() {
        charge(5, 100_000);
        long cheapHold = holdSeatFor(5, 1, 101, 45);     // 80,000
        long dearHold = holdSeatFor(5, 1, 101, 1);       // 150,000

        pay(5, 999_999).expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("RESERVATION_NOT_FOUND");
        pay(6, cheapHold).expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("NOT_OWNER");
        pay(5, dearHold).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(records.seatStatus(101, 1)).isEqualTo("HELD");
        assertThat(records.balanceOf(5)).isEqualTo(100_000);

        pay(5, cheapHold).expectStatus().isCreated();
        pay(5, cheapHold).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("ALREADY_PAID");

        clock.advance(Duration.ofMinutes(6));
        pay(5, dearHold).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("HOLD_EXPIRED");
        expiringHolds.sweep().block(CALL);
        pay(5, dearHold).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("HOLD_EXPIRED");

        for (String body : new String[]{"{}", "{\"reservationId\":\"x\"}", "{\"reservationId\":0}", "nope"}) {
            web.post().uri("/api/v1/payments").header("X-User-Id", "5").contentType(MediaType.APPLICATION_JSON).bodyValue(body)
                    .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        web.post().uri("/api/v1/payments").contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", cheapHold))
                .exchange().expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("USER_ID_REQUIRED");

        assertThat(records.balanceOf(5)).isEqualTo(20_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM payment")).isEqualTo(1);
        records.assertLedgerMatchesBalance(5, 6);
    }

    @Test
    void aRetriedPaymentWithTheSameIdempotencyKeyAnswersTheSameReceipt() {
        charge(7, 500_000);
        long reservation = booking.holdSeat(7, 1, 101, 20);

        List<Response> responses = concurrently(10, i -> send(http.post().uri("/api/v1/payments")
                .header("X-User-Id", "7").header("Idempotency-Key", "pay-1")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reservationId", reservation))));

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).isEqualTo(201));
        assertThat(responses.stream().map(Response::body).distinct()).hasSize(1);
        assertThat(records.balanceOf(7)).isEqualTo(500_000 - 110_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 7 AND type = 'USE'")).isEqualTo(1);
        records.assertLedgerMatchesBalance(7);
    }

    private void charge(long userId, long amount) {
        web.post().uri("/api/v1/points/charges").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", amount))
                .exchange().expectStatus().isOk();
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec pay(long userId, long reservationId) {
        return web.post().uri("/api/v1/payments").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservationId))
                .exchange();
    }

    /** A user may hold several seats: each hold spends a pass, so queue again for each. */
    private long holdSeatFor(long userId, long concertId, long scheduleId, int seat) {
        return booking.holdSeat(userId, concertId, scheduleId, seat);
    }
}
