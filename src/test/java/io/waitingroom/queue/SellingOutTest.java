package io.waitingroom.queue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.waitingroom.concert.SeatRecount;
import io.waitingroom.reservation.ExpiringHolds;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.waitingroom.support.BoxOfficeCalls.number;
import static io.waitingroom.support.BoxOfficeCalls.section;
import static io.waitingroom.support.BoxOfficeCalls.sectionId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A sale of 20 seats with 200 people in line: the line follows the seats. Admission never lets in
 * more people than there are free seats; with every seat held nobody more is let in and the line
 * is told why; a lapsed hold lets exactly one more in; after the last payment every waiter is told
 * SOLD_OUT and entries are refused; a cancelled seat, and a new date, reopen the concert. Waiters here stay in line
 * through the five minutes a hold takes to lapse (a long idle timeout), as polling browsers would.
 */
@TestPropertySource(properties = "waiting-room.waiting-idle-timeout=1h")
class SellingOutTest extends TestBase {

    private static final int SEATS = 20;
    private static final int PEOPLE = 200;

    @Autowired
    private SeatInventory inventory;
    @Autowired
    private SeatRecount recount;
    @Autowired
    private ExpiringHolds expiringHolds;

    @Test
    void twentySeatsForTwoHundredPeopleSellOutThroughTheLineAndACancellationOrANewDateReopensIt() {
        long concertId = boxOffice.concert(4);
        Map<String, Object> date = boxOffice.schedule(concertId, List.of(section("Hall", "R", 1_000, 1, SEATS)));
        long scheduleId = number(date.get("scheduleId"));
        long sectionId = sectionId(date, 0);
        assertThat(inventory.counts(concertId).block(CALL)).as("counted when the date was set up")
                .containsEntry("free", "20").containsEntry("held", "0").containsEntry("sold", "0")
                .containsEntry("free:" + scheduleId, "20");

        List<String> line = new ArrayList<>();
        for (long user = 1; user <= PEOPLE; user++) {
            line.add(queue.tokenOf(user, concertId));
            charge(user, 10_000);
        }

        // 100 a tick would be allowed, but there are 20 seats.
        assertThat(queue.tick(concertId)).isEqualTo(SEATS);
        assertActiveAtMostFree(concertId);
        assertThat(redis.opsForZSet().size("wr:{" + concertId + "}:waiting").block(CALL)).isEqualTo(PEOPLE - SEATS);

        // Nineteen buy; the twentieth holds and does not pay: every seat is taken, one only held.
        List<Long> reservations = new ArrayList<>();
        for (int i = 0; i < SEATS; i++) {
            List<Long> seat = boxOffice.seatIds(line.get(i), scheduleId, sectionId, 1, i + 1, i + 1);
            reservations.add(number(boxOffice.holdSeats(line.get(i), scheduleId, seat).expectStatus().isCreated()
                    .expectBody(Map.class).returnResult().getResponseBody().get("reservationId")));
            if (i < SEATS - 1) {
                pay(i + 1, reservations.get(i)).expectStatus().isCreated();
            }
            assertThat(queue.tick(concertId)).as("every pass is held or spent: no free seat for a newcomer").isZero();
            assertActiveAtMostFree(concertId);
        }
        assertThat(inventory.counts(concertId).block(CALL))
                .containsEntry("free", "0").containsEntry("held", "1").containsEntry("sold", "19");

        Map<String, Object> allHeld = queue.position(line.get(SEATS));
        assertThat(allHeld).containsEntry("status", "WAITING").containsEntry("availability", "ALL_HELD")
                .containsEntry("rank", 1).containsEntry("etaSeconds", null);
        assertThat(number(allHeld.get("pollAfterMillis"))).isGreaterThanOrEqualTo(5_000);

        // The hold lapses: one seat is free again, and exactly one more person is let in.
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(expiringHolds.sweep().block(CALL)).isEqualTo(1);
        assertThat(inventory.counts(concertId).block(CALL)).containsEntry("free", "1").containsEntry("held", "0");
        assertThat(queue.tick(concertId)).isEqualTo(1);
        assertActiveAtMostFree(concertId);
        String newcomer = line.get(SEATS);
        assertThat(queue.position(newcomer)).containsEntry("status", "ACTIVE").containsEntry("availability", "AVAILABLE");

        long last = number(boxOffice.holdSeats(newcomer, scheduleId,
                        boxOffice.seatIds(newcomer, scheduleId, sectionId, 1, SEATS, SEATS)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId"));
        pay(SEATS + 1, last).expectStatus().isCreated();

        // Sold out within one tick of the last payment: every waiter is told, entries are refused.
        queue.tick(concertId);
        for (String waiter : line.subList(SEATS + 1, PEOPLE)) {
            assertThat(queue.position(waiter)).containsEntry("status", "SOLD_OUT").containsEntry("availability", "SOLD_OUT")
                    .containsEntry("pollAfterMillis", 0);
        }
        enter(PEOPLE + 1, concertId).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SOLD_OUT");
        web.get().uri("/api/v1/concerts/{id}/queue", concertId).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.soldOut").isEqualTo(true)
                .jsonPath("$.availability").isEqualTo("SOLD_OUT");
        assertThat(redis.hasKey("wr:{" + concertId + "}:waiting").block(CALL)).as("the line's keys are freed").isFalse();
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status = 'RESERVED'"))
                .isEqualTo(SEATS);

        // A buyer cancels for a refund: the seat is back, the concert takes entries again, and the
        // seat goes to a newcomer through the line.
        web.post().uri("/api/v1/reservations/{id}/cancel", reservations.get(0)).headers(headers -> callers.identify(headers, 1))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.refunded").isEqualTo(1_000);
        assertThat(queue.tick(concertId)).isZero();
        String returning = (String) enter(PEOPLE + 1, concertId).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("token");
        assertThat(queue.tick(concertId)).isEqualTo(1);
        assertThat(queue.position(returning)).containsEntry("status", "ACTIVE").containsEntry("availability", "AVAILABLE");
        long resold = number(boxOffice.holdSeats(returning, scheduleId,
                        boxOffice.seatIds(returning, scheduleId, sectionId, 1, 1, 1)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId"));
        charge(PEOPLE + 1, 1_000);
        pay(PEOPLE + 1, resold).expectStatus().isCreated();
        queue.tick(concertId);
        assertThat(queue.position(line.get(PEOPLE - 1))).containsEntry("status", "SOLD_OUT");
        enter(PEOPLE + 2, concertId).expectStatus().isEqualTo(409);

        // A second date: the concert takes entries again and sells through the line.
        Map<String, Object> second = boxOffice.schedule(concertId, List.of(section("Hall", "R", 1_000, 1, 2)));
        long secondId = number(second.get("scheduleId"));
        queue.tick(concertId);
        String late = (String) enter(PEOPLE + 2, concertId).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("token");
        assertThat(queue.position(late)).containsEntry("status", "WAITING").containsEntry("availability", "AVAILABLE");
        assertThat(queue.tick(concertId)).isEqualTo(1);
        charge(PEOPLE + 2, 1_000);
        long secondSale = number(boxOffice.holdSeats(late, secondId,
                        boxOffice.seatIds(late, secondId, sectionId(second, 0), 1, 1, 1)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId"));
        pay(PEOPLE + 2, secondSale).expectStatus().isCreated();
        assertThat(inventory.counts(concertId).block(CALL)).containsEntry("free", "1").containsEntry("sold", "21")
                .containsEntry("sold:" + secondId, "1");
        // The moves agree with the database: a recount finds nothing to change.
        assertThat(recount.recount(concertId, false).block(CALL)).isTrue();
        assertThat(inventory.counts(concertId).block(CALL)).containsEntry("free", "1").containsEntry("held", "0")
                .containsEntry("sold", "21");
    }

    @Test
    void aCancelledHoldLetsTheNextPersonInAtTheNextTick() {
        long concertId = boxOffice.concert(4);
        Map<String, Object> date = boxOffice.schedule(concertId, List.of(section("Hall", "R", 1_000, 1, 1)));
        long scheduleId = number(date.get("scheduleId"));
        String first = queue.tokenOf(1, concertId);
        String second = queue.tokenOf(2, concertId);
        assertThat(queue.tick(concertId)).isEqualTo(1);
        long hold = number(boxOffice.holdSeats(first, scheduleId, boxOffice.seatIds(first, scheduleId, sectionId(date, 0), 1, 1, 1))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("reservationId"));
        assertThat(queue.tick(concertId)).isZero();
        assertThat(queue.position(second)).containsEntry("status", "WAITING").containsEntry("availability", "ALL_HELD");

        web.post().uri("/api/v1/reservations/{id}/cancel", hold).headers(headers -> callers.identify(headers, 1))
                .exchange().expectStatus().isOk().expectBody().jsonPath("$.refunded").isEqualTo(0);

        assertThat(queue.tick(concertId)).as("admission resumes within one tick").isEqualTo(1);
        assertThat(queue.position(second)).containsEntry("status", "ACTIVE").containsEntry("availability", "AVAILABLE");
    }

    @Test
    void theOperatorSetsHowManyMayShopPerFreeSeatLive() {
        long concertId = boxOffice.concert(4);
        boxOffice.schedule(concertId, List.of(section("Hall", "R", 1_000, 1, SEATS)));
        for (long user = 1; user <= 60; user++) {
            queue.enter(user, concertId);
        }

        queue.putSettings(concertId, Map.of("maxActivePerFreeSeat", 0.5));
        assertThat(queue.tick(concertId)).as("half a pass per free seat: 10 of 20").isEqualTo(10);
        queue.putSettings(concertId, Map.of("maxActivePerFreeSeat", 1.5));
        assertThat(queue.tick(concertId)).as("30 in all may shop now").isEqualTo(20);
        web.get().uri("/admin/queues/{id}/settings", concertId).header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.maxActivePerFreeSeat").isEqualTo(1.5);

        for (Object bad : List.of(0, -1, 1001, "many")) {
            web.put().uri("/admin/queues/{id}/settings", concertId).header("X-Admin-Key", ADMIN_KEY)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("maxActivePerFreeSeat", bad)).exchange()
                    .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        assertThat(queue.tick(concertId)).as("nothing changed: 30 already shop").isZero();
        assertThat(redis.opsForZSet().size("wr:{" + concertId + "}:active").block(CALL)).isEqualTo(30);
    }

    private void assertActiveAtMostFree(long concertId) {
        long active = redis.opsForZSet().size("wr:{" + concertId + "}:active").block(CALL);
        long free = Long.parseLong(inventory.counts(concertId).block(CALL).get("free"));
        assertThat(active).as("active passes never exceed free seats x 1.0").isLessThanOrEqualTo(free);
    }

    private WebTestClient.ResponseSpec enter(long userId, long concertId) {
        return web.post().uri("/api/v1/queue/tokens").headers(headers -> callers.identify(headers, userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", concertId)).exchange();
    }

    private void charge(long userId, long amount) {
        web.post().uri("/api/v1/points/charges").headers(headers -> callers.identify(headers, userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", amount)).exchange()
                .expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec pay(long userId, long reservationId) {
        return web.post().uri("/api/v1/payments").headers(headers -> callers.identify(headers, userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservationId)).exchange();
    }
}
