package io.waitingroom.reservation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.waitingroom.support.BoxOfficeCalls.JSON;
import static io.waitingroom.support.BoxOfficeCalls.number;
import static io.waitingroom.support.BoxOfficeCalls.object;
import static io.waitingroom.support.BoxOfficeCalls.section;
import static io.waitingroom.support.BoxOfficeCalls.sectionId;
import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static io.waitingroom.support.Waits.CALL;
import static org.assertj.core.api.Assertions.assertThat;

/** Parties of seats on a date set up by the test: one section "Floor" of 5 rows of 10 at 1,000, one "Stand" of 2 x 10 at 500. */
class PartyHoldTest extends TestBase {

    @Autowired
    private ExpiringHolds expiringHolds;
    private long concertId;
    private long scheduleId;
    private long floor;
    private long stand;

    @BeforeEach
    void aSmallVenue() {
        concertId = boxOffice.concert(4);
        Map<String, Object> created = boxOffice.schedule(concertId, List.of(section("Floor", "VIP", 1000, 5, 10),
                section("Stand", "R", 500, 2, 10)));
        scheduleId = number(created.get("scheduleId"));
        floor = sectionId(created, 0);
        stand = sectionId(created, 1);
    }

    @Test
    void aPartyIsHeldWholeWithItsPriceTheSumOfItsSeats() {
        String token = queue.activeToken(1, concertId);
        List<Long> seats = new ArrayList<>(boxOffice.seatIds(token, scheduleId, floor, 1, 1, 2));
        seats.addAll(boxOffice.seatIds(token, scheduleId, stand, 1, 1, 1));

        Map<String, Object> held = boxOffice.holdSeats(token, scheduleId, seats).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody();

        assertThat(held).containsEntry("scheduleId", (int) scheduleId).containsEntry("price", 2_500)
                .containsEntry("status", "HELD").containsKeys("reservationId", "holdExpiresAt").doesNotContainKey("seatNumber");
        assertThat((List<?>) held.get("seats")).extracting(seat -> object(seat).get("label"))
                .containsExactly("Floor 1-1", "Floor 1-2", "Stand 1-1");
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status = 'HELD'")).isEqualTo(3);
        assertThat(queue.position(token).get("status")).as("the pass, spent by the hold").isEqualTo("EXPIRED");
    }

    @Test
    void aPartyWithOneTakenSeatHoldsNothingAndNamesIt() {
        String first = queue.activeToken(1, concertId);
        List<Long> row = boxOffice.seatIds(first, scheduleId, floor, 1, 1, 4);
        boxOffice.holdSeats(first, scheduleId, List.of(row.get(1))).expectStatus().isCreated();

        String second = queue.activeToken(2, concertId);
        boxOffice.holdSeats(second, scheduleId, row).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SEAT_UNAVAILABLE")
                .jsonPath("$.seatIds").isEqualTo(List.of(row.get(1).intValue()));

        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status = 'HELD'")).isEqualTo(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE user_id = 2")).isZero();
        assertThat(queue.position(second).get("status")).as("the pass, after the refused hold").isEqualTo("ACTIVE");
        boxOffice.holdSeats(second, scheduleId, List.of(row.get(0), row.get(2), row.get(3))).expectStatus().isCreated();
    }

    @Test
    void holdsAskingWrongAre4xxAndHoldNothing() {
        String token = queue.activeToken(1, concertId);
        List<Long> five = boxOffice.seatIds(token, scheduleId, floor, 1, 1, 5);
        boxOffice.holdSeats(token, scheduleId, five).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("TOO_MANY_SEATS");
        boxOffice.bestAvailable(token, scheduleId, floor, 5).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("TOO_MANY_SEATS");
        boxOffice.holdSeats(token, scheduleId, List.of(five.get(0), five.get(0))).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        boxOffice.holdSeats(token, scheduleId, List.of()).expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        for (Map<String, Object> body : List.<Map<String, Object>>of(
                Map.of("scheduleId", scheduleId, "seatNumber", 1, "seatIds", List.of(five.get(0))),
                Map.of("scheduleId", scheduleId, "sectionId", floor),
                Map.of("scheduleId", scheduleId, "count", 2),
                Map.of("scheduleId", scheduleId, "sectionId", floor, "count", 0),
                Map.of("scheduleId", scheduleId, "seatIds", List.of(-1)))) {
            boxOffice.hold(token, null, body).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        // A seat of another date is no seat of this one.
        long demoSeat = records.seatId(101, 1);
        boxOffice.holdSeats(token, scheduleId, List.of(five.get(0), demoSeat)).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("SEAT_NOT_FOUND").jsonPath("$.seatIds").isEqualTo(List.of((int) demoSeat));
        boxOffice.bestAvailable(token, scheduleId, 999_999, 2).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("SECTION_NOT_FOUND");

        assertThat(records.countRows("SELECT COUNT(*) FROM reservation")).isZero();
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE status <> 'AVAILABLE'")).isZero();
        assertThat(queue.position(token).get("status")).isEqualTo("ACTIVE");
    }

    @Test
    void theLimitPerBuyerCountsHeldAndPaidSeatsWhateverPassTheyCameWith() {
        String first = queue.activeToken(1, concertId);
        long reservation = number(boxOffice.holdSeats(first, scheduleId, boxOffice.seatIds(first, scheduleId, floor, 1, 1, 2))
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody().get("reservationId"));
        charge(1, 10_000);
        pay(1, reservation).expectStatus().isCreated().expectBody().jsonPath("$.amount").isEqualTo(2_000);

        String second = queue.activeToken(1, concertId);
        boxOffice.bestAvailable(second, scheduleId, stand, 1).expectStatus().isCreated();

        String third = queue.activeToken(1, concertId);
        boxOffice.bestAvailable(third, scheduleId, stand, 2).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SEAT_LIMIT_REACHED").jsonPath("$.seatsLeft").isEqualTo(1);
        boxOffice.bestAvailable(third, scheduleId, stand, 1).expectStatus().isCreated();

        String fourth = queue.activeToken(1, concertId);
        boxOffice.bestAvailable(fourth, scheduleId, stand, 1).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SEAT_LIMIT_REACHED").jsonPath("$.seatsLeft").isEqualTo(0);
        // Another buyer is not limited by this one.
        boxOffice.bestAvailable(queue.activeToken(2, concertId), scheduleId, stand, 4).expectStatus().isCreated();
    }

    @Test
    void bestAvailableSeatsAPartyTogetherInTheFrontRowAndSaysWhenThereIsNoRoom() {
        String token = queue.activeToken(1, concertId);
        boxOffice.bestAvailable(token, scheduleId, floor, 4).expectStatus().isCreated()
                .expectBody().jsonPath("$.seats[*].label").isEqualTo(List.of("Floor 1-4", "Floor 1-5", "Floor 1-6", "Floor 1-7"))
                .jsonPath("$.price").isEqualTo(4_000);
        // Row 1 now has 1-3 and 8-10 free: the next party of four sits in row 2.
        boxOffice.bestAvailable(queue.activeToken(2, concertId), scheduleId, floor, 4).expectStatus().isCreated()
                .expectBody().jsonPath("$.seats[*].label").isEqualTo(List.of("Floor 2-4", "Floor 2-5", "Floor 2-6", "Floor 2-7"));

        // The stand's 20 seats go to five parties of four; a sixth is told there is no room.
        for (long user = 10; user < 15; user++) {
            boxOffice.bestAvailable(queue.activeToken(user, concertId), scheduleId, stand, 4).expectStatus().isCreated();
        }
        String late = queue.activeToken(20, concertId);
        boxOffice.bestAvailable(late, scheduleId, stand, 1).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("NOT_ENOUGH_SEATS").jsonPath("$.available").isEqualTo(0);
        assertThat(queue.position(late).get("status")).isEqualTo("ACTIVE");
    }

    @Test
    void overlappingPartiesRacingNeverShareASeatNorDeadlock() {
        // 60 buyers each want 4 seats side by side somewhere in row 1 of the floor (10 seats): every
        // window overlaps others, and each takes its seats in its own order of asking.
        String token = queue.activeToken(999, concertId);
        List<Long> row = boxOffice.seatIds(token, scheduleId, floor, 1, 1, 10);
        List<String> tokens = queue.activeTokens(60, concertId);
        List<Response> responses = concurrently(60, i -> {
            List<Long> party = new ArrayList<>(row.subList(i % 7, i % 7 + 4));
            if (i % 2 == 1) {
                Collections.reverse(party);
            }
            return send(http.post().uri("/api/v1/reservations").header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", scheduleId, "seatIds", party)));
        });

        assertThat(responses).allSatisfy(r -> assertThat(r.status() == 201 || (r.status() == 409 && r.hasCode("SEAT_UNAVAILABLE")))
                .as("every answer is a hold or SEAT_UNAVAILABLE: %s", r).isTrue());
        long held = responses.stream().filter(r -> r.status() == 201).count();
        assertThat(held).isBetween(1L, 2L);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation_seat")).isEqualTo(4 * held);
        assertThat(records.countRows("SELECT COUNT(DISTINCT seat_id) FROM reservation_seat")).isEqualTo(4 * held);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status = 'HELD'"))
                .isEqualTo(4 * held);
    }

    @Test
    void anIdempotencyKeyGivesTheSameReservationBackAndNoOtherHold() {
        String token = queue.activeToken(1, concertId);
        Map<String, Object> party = Map.of("scheduleId", scheduleId, "sectionId", floor, "count", 3);
        Map<String, Object> first = boxOffice.hold(token, "party-1", party).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody();
        // The answer was lost; the retry comes with the spent pass and the same key.
        Map<String, Object> again = boxOffice.hold(token, "party-1", party).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody();

        assertThat(again.get("reservationId")).isEqualTo(first.get("reservationId"));
        assertThat(again.get("seats")).isEqualTo(first.get("seats"));
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation")).isEqualTo(1);
        boxOffice.hold(token, "party-1", Map.of("scheduleId", scheduleId, "sectionId", floor, "count", 2))
                .expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("IDEMPOTENCY_KEY_REUSED");
        // Without the key, the spent pass buys nothing more.
        boxOffice.hold(token, null, party).expectStatus().isForbidden();
    }

    @Test
    void racingRetriesUnderOneKeyMakeOneReservation() {
        String token = queue.activeToken(1, concertId);
        List<Response> responses = concurrently(20, i -> send(http.post().uri("/api/v1/reservations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).header("Idempotency-Key", "same")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", scheduleId, "sectionId", stand, "count", 2))));

        assertThat(records.countRows("SELECT COUNT(*) FROM reservation")).isEqualTo(1);
        long reservationId = records.countRows("SELECT MAX(id) FROM reservation");
        Set<Integer> statuses = new HashSet<>();
        for (Response response : responses) {
            statuses.add(response.status());
            if (response.status() == 201) {
                assertThat(response.body()).contains("\"reservationId\":" + reservationId + ",");
            }
        }
        assertThat(statuses).as("a retry sees the hold, or is told the pass is spent while it commits").isSubsetOf(201, 403);
        assertThat(responses.stream().filter(r -> r.status() == 201)).isNotEmpty();
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE status = 'HELD'")).isEqualTo(2);
    }

    @Test
    void aPartyIsPaidWholeAndListedNewestFirstAndALapsedOneComesBack() {
        String token = queue.activeToken(1, concertId);
        long paid = number(boxOffice.bestAvailable(token, scheduleId, floor, 2).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody().get("reservationId"));
        charge(1, 100_000);
        pay(1, paid).expectStatus().isCreated().expectBody().jsonPath("$.amount").isEqualTo(2_000).jsonPath("$.balance").isEqualTo(98_000);
        long lapsing = number(boxOffice.bestAvailable(queue.activeToken(1, concertId), scheduleId, stand, 2).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody().get("reservationId"));

        web.get().uri("/api/v1/reservations").header("X-User-Id", "1").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(2)
                .jsonPath("$[0].reservationId").isEqualTo(lapsing)
                .jsonPath("$[0].status").isEqualTo("HELD")
                .jsonPath("$[0].concertId").isEqualTo(concertId)
                .jsonPath("$[0].startsAt").isNotEmpty()
                .jsonPath("$[0].seats.length()").isEqualTo(2)
                .jsonPath("$[1].reservationId").isEqualTo(paid)
                .jsonPath("$[1].status").isEqualTo("PAID")
                .jsonPath("$[1].price").isEqualTo(2_000);
        web.get().uri("/api/v1/reservations").header("X-User-Id", "2").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.length()").isEqualTo(0);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status = 'RESERVED'")).isEqualTo(2);

        clock.advance(Duration.ofMinutes(6));
        assertThat(expiringHolds.sweep().block(CALL)).isEqualTo(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status = 'HELD'")).isZero();
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId + " AND status = 'AVAILABLE'"))
                .isEqualTo(70 - 2);
        pay(1, lapsing).expectStatus().isEqualTo(409).expectBody().jsonPath("$.code").isEqualTo("HOLD_EXPIRED");
        records.assertLedgerMatchesBalance(1);
    }

    private void charge(long userId, long amount) {
        web.post().uri("/api/v1/points/charges").header("X-User-Id", String.valueOf(userId)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("amount", amount)).exchange().expectStatus().isOk();
    }

    private WebTestClient.ResponseSpec pay(long userId, long reservationId) {
        return web.post().uri("/api/v1/payments").header("X-User-Id", String.valueOf(userId)).contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("reservationId", reservationId)).exchange();
    }
}
