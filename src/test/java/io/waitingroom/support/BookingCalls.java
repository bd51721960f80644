package io.waitingroom.support;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Seat holds as a buyer with a pass makes them, over the public HTTP API. */
public final class BookingCalls {

    private final WebTestClient web;
    private final QueueCalls queue;

    public BookingCalls(WebTestClient web, QueueCalls queue) {
        this.web = web;
        this.queue = queue;
    }

    /** The demo data's first date of a concert. */
    public static long firstScheduleOf(long concertId) {
        return concertId * 100 + 1;
    }

    public WebTestClient.ResponseSpec hold(String token, long scheduleId, int seatNumber) {
        return web.post().uri("/api/v1/reservations").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", scheduleId, "seatNumber", seatNumber))
                .exchange();
    }

    /** Admits the user and holds the seat with the pass: the reservation's id. */
    public long holdSeat(long userId, long concertId, long scheduleId, int seatNumber) {
        String token = queue.activeToken(userId, concertId);
        return ((Number) hold(token, scheduleId, seatNumber).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId")).longValue();
    }
}
