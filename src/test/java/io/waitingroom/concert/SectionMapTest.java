package io.waitingroom.concert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.TestBase;
import io.waitingroom.support.Waits;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

import static io.waitingroom.support.BoxOfficeCalls.number;
import static io.waitingroom.support.BoxOfficeCalls.section;
import static io.waitingroom.support.BoxOfficeCalls.sectionId;
import static org.assertj.core.api.Assertions.assertThat;

class SectionMapTest extends TestBase {

    /** The demo stadium: concert 4, its first date of 12,000 seats. */
    private static final long STADIUM = 4;
    private static final long STADIUM_DATE = 401;

    @Test
    void theSectionMapShowsEachSectionsPriceAndFreeSeatsAndFollowsTheHolds() {
        long concertId = boxOffice.concert(4);
        Map<String, Object> created = boxOffice.schedule(concertId, List.of(section("Floor", "VIP", 2000, 2, 5), section("Stand", "R", 900, 1, 8)));
        long scheduleId = number(created.get("scheduleId"));
        String token = queue.activeToken(1, concertId);

        List<Map<String, Object>> sections = sections(token, scheduleId);
        assertThat(sections).hasSize(2);
        assertThat(sections.get(0)).containsOnlyKeys("sectionId", "name", "grade", "price", "total", "available")
                .containsEntry("name", "Floor").containsEntry("grade", "VIP").containsEntry("price", 2000)
                .containsEntry("total", 10).containsEntry("available", 10);
        assertThat(sections.get(1)).containsEntry("name", "Stand").containsEntry("total", 8).containsEntry("available", 8);

        boxOffice.bestAvailable(token, scheduleId, sectionId(created, 1), 3).expectStatus().isCreated();
        // The map is a copy kept for a second: a moment later it shows the hold.
        String next = queue.activeToken(2, concertId);
        long deadline = System.nanoTime() + Waits.CALL.toNanos();
        while (number(sections(next, scheduleId).get(1).get("available")) != 5 && System.nanoTime() < deadline) {
            Waits.sleep(Duration.ofMillis(20));
        }
        assertThat(sections(next, scheduleId).get(1)).containsEntry("available", 5);
        assertThat(sections(next, scheduleId).get(0)).containsEntry("available", 10);
    }

    @Test
    void aStadiumIsReadPerSectionNotWhole() {
        String token = queue.activeToken(1, STADIUM);
        web.get().uri("/api/v1/schedules/{id}/seats", STADIUM_DATE).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isBadRequest().expectBody().jsonPath("$.code").isEqualTo("USE_SECTIONS");
        List<Map<String, Object>> sections = sections(token, STADIUM_DATE);
        assertThat(sections.stream().mapToLong(section -> number(section.get("total"))).sum()).isGreaterThanOrEqualTo(10_000);
        long lower = number(sections.get(2).get("sectionId"));
        List<Map<String, Object>> seats = boxOffice.sectionSeats(token, STADIUM_DATE, lower);
        assertThat(seats).hasSize((int) number(sections.get(2).get("total")));
        assertThat(seats.get(0)).containsEntry("row", 1).containsEntry("number", 1).containsEntry("label", sections.get(2).get("name") + " 1-1");
    }

    @Test
    void theSectionsOfADateAreForAPassOfItsConcertOnly() {
        String other = queue.activeToken(1, 1);
        web.get().uri("/api/v1/schedules/{id}/sections", STADIUM_DATE).header(HttpHeaders.AUTHORIZATION, "Bearer " + other).exchange()
                .expectStatus().isForbidden().expectBody().jsonPath("$.code").isEqualTo("TOKEN_NOT_ACTIVE");
        web.get().uri("/api/v1/schedules/{id}/sections", STADIUM_DATE).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("TOKEN_INVALID");
        String token = queue.activeToken(2, STADIUM);
        web.get().uri("/api/v1/schedules/{id}/sections", 999_999).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("SCHEDULE_NOT_FOUND");
        // A section of another date of the same concert is not one of this date.
        long ofTheSecondDate = number(sections(token, STADIUM_DATE + 1).get(0).get("sectionId"));
        web.get().uri("/api/v1/schedules/{s}/sections/{c}/seats", STADIUM_DATE, ofTheSecondDate)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("SECTION_NOT_FOUND");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> sections(String token, long scheduleId) {
        return web.get().uri("/api/v1/schedules/{id}/sections", scheduleId).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange().expectStatus().isOk().expectBody(List.class).returnResult().getResponseBody();
    }
}
