package io.waitingroom.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The box office as an operator sets it up and a buyer with a pass uses it, over the public HTTP API. */
public final class BoxOfficeCalls {

    private final WebTestClient web;
    private final MutableClock clock;

    public BoxOfficeCalls(WebTestClient web, MutableClock clock) {
        this.web = web;
        this.clock = clock;
    }

    public static Map<String, Object> section(String name, String grade, long price, int rows, int seatsPerRow) {
        return Map.of("name", name, "grade", grade, "price", price, "rows", rows, "seatsPerRow", seatsPerRow);
    }

    public WebTestClient.ResponseSpec postConcert(Object body) {
        return web.post().uri("/admin/concerts").header("X-Admin-Key", TestBase.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec postSchedule(long concertId, Object body) {
        return web.post().uri("/admin/concerts/{id}/schedules", concertId).header("X-Admin-Key", TestBase.ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    /** A new concert of the given limit per buyer, in Seoul: its id. */
    public long concert(int maxSeatsPerUser) {
        return number(postConcert(Map.of("title", "Test concert", "venue", "Test hall", "timeZone", "Asia/Seoul",
                "maxSeatsPerUser", maxSeatsPerUser)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("concertId"));
    }

    /** A new concert in Seoul whose paid reservations may be cancelled until {@code cancelUntil} (ISO-8601) before a date: its id. */
    public long concert(int maxSeatsPerUser, String cancelUntil) {
        return number(postConcert(Map.of("title", "Test concert", "venue", "Test hall", "timeZone", "Asia/Seoul",
                "maxSeatsPerUser", maxSeatsPerUser, "cancelUntil", cancelUntil)).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("concertId"));
    }

    /** A date a week from the test clock's now with these sections: the created answer. */
    public Map<String, Object> schedule(long concertId, List<Map<String, Object>> sections) {
        String startsAt = clock.instant().plus(Duration.ofDays(7)).toString();
        return postSchedule(concertId, Map.of("startsAt", startsAt, "sections", sections)).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody();
    }

    @SuppressWarnings("unchecked")
    public static long sectionId(Map<String, Object> schedule, int index) {
        return number(((List<Map<String, Object>>) schedule.get("sections")).get(index).get("sectionId"));
    }

    /** A JSON object as the tests read it. */
    public static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {
    };

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    public static long number(Object value) {
        return ((Number) value).longValue();
    }

    public WebTestClient.ResponseSpec hold(String token, String idempotencyKey, Map<String, Object> body) {
        WebTestClient.RequestBodySpec request = web.post().uri("/api/v1/reservations").header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
    }

    public WebTestClient.ResponseSpec holdSeats(String token, long scheduleId, List<Long> seatIds) {
        return hold(token, null, Map.of("scheduleId", scheduleId, "seatIds", seatIds));
    }

    public WebTestClient.ResponseSpec bestAvailable(String token, long scheduleId, long sectionId, int count) {
        return hold(token, null, Map.of("scheduleId", scheduleId, "sectionId", sectionId, "count", count));
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> sectionSeats(String token, long scheduleId, long sectionId) {
        return web.get().uri("/api/v1/schedules/{s}/sections/{c}/seats", scheduleId, sectionId)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }

    /** The ids of a section's seats in row {@code row}, numbers {@code from..to}. */
    public List<Long> seatIds(String token, long scheduleId, long sectionId, int row, int from, int to) {
        return sectionSeats(token, scheduleId, sectionId).stream()
                .filter(seat -> number(seat.get("row")) == row && number(seat.get("number")) >= from && number(seat.get("number")) <= to)
                .map(seat -> number(seat.get("seatId"))).toList();
    }
}
