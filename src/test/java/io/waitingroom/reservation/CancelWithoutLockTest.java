package io.waitingroom.reservation;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.waitingroom.support.LocksGrantedAtOnce;
import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
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
 * The cancel races with the wallet lock made useless: every racer "gets" it. Only the conditional
 * updates (PAID -> CANCELLED, HELD -> PAID / CANCELLED) stand between them and a double refund or
 * lost points, and they are enough.
 */
@Import(LocksGrantedAtOnce.class)
class CancelWithoutLockTest extends TestBase {

    private long concertId;
    private long scheduleId;
    private long floor;

    @BeforeEach
    void aSmallDate() {
        concertId = boxOffice.concert(4);
        Map<String, Object> created = boxOffice.schedule(concertId, List.of(section("Floor", "VIP", 1000, 2, 5)));
        scheduleId = number(created.get("scheduleId"));
        floor = sectionId(created, 0);
    }

    @Test
    void twentyCancelsOfOnePaidReservationWithoutALockStillRefundOnce() {
        charge(1, 10_000);
        long reservation = hold(1, 1, 1, 4);
        pay(1, reservation).expectStatus().isCreated();

        List<Response> answers = concurrently(20, i -> send(http.post().uri("/api/v1/reservations/{id}/cancel", reservation)
                .header("X-User-Id", "1")));

        assertThat(answers).extracting(Response::status).containsOnly(200);
        assertThat(answers.stream().map(Response::body).collect(Collectors.toSet())).hasSize(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 1 AND type = 'REFUND'")).isEqualTo(1);
        assertThat(records.balanceOf(1)).isEqualTo(10_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status = 'AVAILABLE'"))
                .isEqualTo(10);
        records.assertLedgerMatchesBalance(1);
    }

    @Test
    void aCancelRacingItsPaymentWithoutALockNeverLosesPoints() {
        for (int round = 0; round < 10; round++) {
            long user = 100 + round;
            int seat = 1 + round % 5;
            int row = 1 + round / 5;
            charge(user, 10_000);
            long reservation = hold(user, row, seat, seat);

            var results = Mono.zip(
                    Mono.defer(() -> send(http.post().uri("/api/v1/payments").header("X-User-Id", Long.toString(user))
                            .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservation))))
                            .subscribeOn(Schedulers.parallel()),
                    Mono.defer(() -> send(http.post().uri("/api/v1/reservations/{id}/cancel", reservation)
                            .header("X-User-Id", Long.toString(user)))).subscribeOn(Schedulers.parallel())).block(CALL);

            assertThat(results.getT2().status()).as(results.getT2().body()).isEqualTo(200);
            assertThat(results.getT1().status() == 201 || results.getT1().hasCode("RESERVATION_CANCELLED"))
                    .as(results.getT1().body()).isTrue();
            assertThat(results.getT2().body()).contains(results.getT1().status() == 201 ? "\"refunded\":1000" : "\"refunded\":0");
            assertThat(records.balanceOf(user)).isEqualTo(10_000);
            assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status <> 'AVAILABLE'"))
                    .isZero();
            records.assertLedgerMatchesBalance(user);
        }
    }

    private long hold(long userId, int row, int from, int to) {
        String token = queue.activeToken(userId, concertId);
        List<Long> seatIds = boxOffice.seatIds(token, scheduleId, floor, row, from, to);
        return number(boxOffice.holdSeats(token, scheduleId, seatIds).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody().get("reservationId"));
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
}
