package io.waitingroom.reservation;

import java.util.List;
import java.util.Map;

import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static io.waitingroom.support.BookingCalls.firstScheduleOf;
import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

class SeatHoldTest extends TestBase {

    @Test
    void twoHundredActiveClientsRacingForOneSeatGetExactlyOneHold() {
        long schedule = firstScheduleOf(1);
        List<String> tokens = queue.activeTokens(200, 1);

        List<Response> responses = concurrently(200, i -> send(http.post().uri("/api/v1/reservations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", schedule, "seatNumber", 7))));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() != 201 && !r.hasCode("SEAT_UNAVAILABLE")))
                .as("every loser is told SEAT_UNAVAILABLE").isEmpty();
        assertThat(responses.stream().filter(r -> r.status() == 409 && r.hasCode("SEAT_UNAVAILABLE"))).hasSize(199);
        assertThat(records.seatStatus(schedule, 7)).isEqualTo("HELD");
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE status = 'HELD'")).isEqualTo(1);
    }

    @Test
    void onePassHoldsOneSeatEvenWhenItsHoldsRace() {
        long schedule = firstScheduleOf(1);
        String token = queue.activeToken(1, 1);

        List<Response> responses = concurrently(20, i -> send(http.post().uri("/api/v1/reservations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", schedule, "seatNumber", i + 1))));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() == 403 && r.hasCode("TOKEN_NOT_ACTIVE"))).hasSize(19);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE user_id = 1")).isEqualTo(1);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + schedule + " AND status = 'HELD'")).isEqualTo(1);
    }

    @Test
    void holdsOnFiftyDifferentSeatsInParallelAllSucceed() {
        long schedule = firstScheduleOf(1);
        List<String> tokens = queue.activeTokens(50, 1);

        List<Response> responses = concurrently(50, i -> send(http.post().uri("/api/v1/reservations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", schedule, "seatNumber", i + 1))));

        assertThat(responses).allSatisfy(response -> assertThat(response.status()).isEqualTo(201));
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + schedule + " AND status = 'HELD'")).isEqualTo(50);
        assertThat(records.countRows("SELECT COUNT(DISTINCT seat_id) FROM reservation WHERE status = 'HELD'")).isEqualTo(50);
    }

    @Test
    void theFlowOfSeedDiagramTwoWorksEndToEnd() {
        String token = queue.activeToken(77, 2);

        web.get().uri("/api/v1/concerts").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$[0].title").isNotEmpty().jsonPath("$[3].title").isEqualTo("Aurora Stadium Night");
        web.get().uri("/api/v1/concerts/2/schedules").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(4)
                .jsonPath("$[0].scheduleId").isEqualTo(201)
                .jsonPath("$[0].availableSeats").isEqualTo(50)
                .jsonPath("$[0].startsAt").isNotEmpty();
        web.get().uri("/api/v1/schedules/201/seats").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(50)
                .jsonPath("$[0].seatNumber").isEqualTo(1)
                .jsonPath("$[49].seatNumber").isEqualTo(50)
                .jsonPath("$[0].status").isEqualTo("AVAILABLE")
                .jsonPath("$[0].price").isNumber();

        web.post().uri("/api/v1/reservations").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", 201, "seatNumber", 12))
                .exchange()
                .expectStatus().isCreated()
                .expectBody()
                .jsonPath("$.reservationId").isNumber()
                .jsonPath("$.scheduleId").isEqualTo(201)
                .jsonPath("$.seatNumber").isEqualTo(12)
                .jsonPath("$.status").isEqualTo("HELD")
                .jsonPath("$.price").isEqualTo(110_000)
                .jsonPath("$.holdExpiresAt").isNotEmpty();

        // Seed: ACTIVE -> EXPIRE after a reservation; the slot is freed.
        assertThat(queue.position(token).get("status")).isEqualTo("EXPIRED");
        assertThat(redis.opsForZSet().size("wr:{2}:active").block(CALL)).isZero();
        String anotherToken = queue.tokenOf(78, 2);
        queue.tick(2);
        web.get().uri("/api/v1/schedules/201/seats").header(HttpHeaders.AUTHORIZATION, "Bearer " + anotherToken).exchange()
                .expectBody().jsonPath("$[11].status").isEqualTo("HELD");
        web.get().uri("/api/v1/concerts/2/schedules").header(HttpHeaders.AUTHORIZATION, "Bearer " + anotherToken).exchange()
                .expectBody().jsonPath("$[0].availableSeats").isEqualTo(49);
    }

    @Test
    void datesWithoutFreeSeatsAreNotListed() {
        db.sql("UPDATE seat SET status = 'RESERVED' WHERE schedule_id = 301").then().block(CALL);
        String token = queue.activeToken(1, 3);

        web.get().uri("/api/v1/concerts/3/schedules").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.length()").isEqualTo(3)
                .jsonPath("$[0].scheduleId").isEqualTo(302);
    }

    @Test
    void withoutATokenItIs401AndWaitingOrExpiredTokensAre403() {
        web.get().uri("/api/v1/concerts/1/schedules").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_INVALID");
        web.post().uri("/api/v1/reservations").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", 101, "seatNumber", 1)).exchange()
                .expectStatus().isUnauthorized();

        String waiting = queue.tokenOf(1, 1);
        web.get().uri("/api/v1/concerts/1/schedules").header(HttpHeaders.AUTHORIZATION, "Bearer " + waiting).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_NOT_ACTIVE");

        String spent = queue.activeToken(2, 1);
        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + spent).exchange()
                .expectStatus().isNoContent();
        web.get().uri("/api/v1/schedules/101/seats").header(HttpHeaders.AUTHORIZATION, "Bearer " + spent).exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_NOT_ACTIVE");
        web.post().uri("/api/v1/reservations").header(HttpHeaders.AUTHORIZATION, "Bearer " + spent)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", 101, "seatNumber", 1)).exchange()
                .expectStatus().isForbidden();
        assertThat(records.seatStatus(101, 1)).isEqualTo("AVAILABLE");
    }

    @Test
    void theHoldersTokenIsExpiredAfterTheHoldSoItCannotHoldASecondSeat() {
        String token = queue.activeToken(1, 1);
        booking.hold(token, 101, 1).expectStatus().isCreated();

        booking.hold(token, 101, 2).expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_NOT_ACTIVE");
        assertThat(records.seatStatus(101, 2)).isEqualTo("AVAILABLE");
    }

    @Test
    void badSeatNumbersTypesAndUnknownSchedulesAre4xxAndChangeNothing() {
        String token = queue.activeToken(1, 1);
        for (String body : new String[]{"{\"scheduleId\":101,\"seatNumber\":0}", "{\"scheduleId\":101,\"seatNumber\":51}",
                "{\"scheduleId\":101,\"seatNumber\":\"seven\"}", "{\"scheduleId\":101}", "{\"seatNumber\":1}", "[1,2]"}) {
            web.post().uri("/api/v1/reservations").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        booking.hold(token, 9999, 1).expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("SCHEDULE_NOT_FOUND");
        web.get().uri("/api/v1/schedules/9999/seats").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("SCHEDULE_NOT_FOUND");
        web.get().uri("/api/v1/concerts/999/schedules").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isNotFound();
        web.get().uri("/api/v1/schedules/abc/seats").header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");

        assertThat(records.countRows("SELECT COUNT(*) FROM reservation")).isZero();
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE status <> 'AVAILABLE'")).isZero();
        assertThat(queue.position(token).get("status")).as("a failed hold does not spend the pass").isEqualTo("ACTIVE");
    }

    @Test
    void reservationsAreReadableByTheirOwnerOnly() {
        String token = queue.activeToken(1, 1);
        long id = ((Number) booking.hold(token, 101, 3).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId")).longValue();

        web.get().uri("/api/v1/reservations/{id}", id).header("X-User-Id", "1").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("HELD").jsonPath("$.seatNumber").isEqualTo(3);
        web.get().uri("/api/v1/reservations/{id}", id).header("X-User-Id", "2").exchange()
                .expectStatus().isForbidden()
                .expectBody().jsonPath("$.code").isEqualTo("NOT_OWNER");
        web.get().uri("/api/v1/reservations/{id}", 987654).header("X-User-Id", "1").exchange()
                .expectStatus().isNotFound()
                .expectBody().jsonPath("$.code").isEqualTo("RESERVATION_NOT_FOUND");
        web.get().uri("/api/v1/reservations/{id}", id).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("USER_ID_REQUIRED");
    }
}
