package io.waitingroom.concert.setup;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static io.waitingroom.support.BoxOfficeCalls.JSON;
import static io.waitingroom.support.BoxOfficeCalls.number;
import static io.waitingroom.support.BoxOfficeCalls.object;
import static io.waitingroom.support.BoxOfficeCalls.section;
import static io.waitingroom.support.BoxOfficeCalls.sectionId;
import static org.assertj.core.api.Assertions.assertThat;

class SetupApiTest extends TestBase {

    @Test
    void aNewConcertIsOnSaleAndQueuesAtOnce() {
        Map<String, Object> concert = boxOffice.postConcert(Map.of("title", "  Autumn Nights ", "venue", "Olympic Hall",
                        "timeZone", "Asia/Seoul", "maxSeatsPerUser", 2))
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
        assertThat(concert).containsOnlyKeys("concertId", "title", "venue", "timeZone", "maxSeatsPerUser", "cancelUntil")
                .containsEntry("title", "Autumn Nights").containsEntry("venue", "Olympic Hall")
                .containsEntry("timeZone", "Asia/Seoul").containsEntry("maxSeatsPerUser", 2);
        long concertId = number(concert.get("concertId"));

        assertThat(concertId).isGreaterThan(4);
        web.get().uri("/api/v1/concerts").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.concertId == " + concertId + ")].title").isEqualTo(List.of("Autumn Nights"));
        // Its line exists at once, with the default settings.
        web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "1").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", concertId)).exchange().expectStatus().isCreated();
        web.get().uri("/admin/queues/{id}/settings", concertId).header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk().expectBody().jsonPath("$.paused").isEqualTo(false);
    }

    @Test
    void leftOutZoneLimitAndCancelPeriodAreUtcFourAnd24Hours() {
        boxOffice.postConcert(Map.of("title", "T", "venue", "V")).expectStatus().isCreated()
                .expectBody().jsonPath("$.timeZone").isEqualTo("UTC").jsonPath("$.maxSeatsPerUser").isEqualTo(4)
                .jsonPath("$.cancelUntil").isEqualTo("PT24H");
        assertThat(records.countRows("SELECT cancel_until_seconds FROM concert WHERE id = 1")).as("a demo concert's").isEqualTo(86_400);
    }

    @Test
    void theCancelPeriodIsKeptAndAnsweredAsADuration() {
        long concertId = number(boxOffice.postConcert(Map.of("title", "T", "venue", "V", "cancelUntil", "P3DT30M"))
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody().get("concertId"));
        boxOffice.postConcert(Map.of("title", "T", "venue", "V", "cancelUntil", "PT0S")).expectStatus().isCreated()
                .expectBody().jsonPath("$.cancelUntil").isEqualTo("PT0S");

        assertThat(records.countRows("SELECT cancel_until_seconds FROM concert WHERE id = " + concertId))
                .isEqualTo(3 * 86_400 + 30 * 60);
        web.get().uri("/admin/concerts").header("X-Admin-Key", ADMIN_KEY).exchange().expectStatus().isOk().expectBody()
                .jsonPath("$[?(@.concertId == " + concertId + ")].cancelUntil").isEqualTo(List.of("PT72H30M"));
        web.get().uri("/admin/concerts/{id}", concertId).header("X-Admin-Key", ADMIN_KEY).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.cancelUntil").isEqualTo("PT72H30M");
        web.get().uri("/admin/concerts/{id}", 1).header("X-Admin-Key", ADMIN_KEY).exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.cancelUntil").isEqualTo("PT24H");
    }

    @Test
    void badConcertsAre400AndWriteNothing() {
        long before = records.countRows("SELECT COUNT(*) FROM concert");
        List<Map<String, Object>> bad = List.of(
                Map.of("title", " ", "venue", "V"),
                Map.of("venue", "V"),
                Map.of("title", "x".repeat(201), "venue", "V"),
                Map.of("title", "T", "venue", "V", "timeZone", "Mars/Olympus"),
                Map.of("title", "T", "venue", "V", "maxSeatsPerUser", 0),
                Map.of("title", "T", "venue", "V", "maxSeatsPerUser", 11),
                Map.of("title", "T", "venue", "V", "maxSeatsPerUser", "four"),
                Map.of("title", "T", "venue", "V", "cancelUntil", "-PT1H"),
                Map.of("title", "T", "venue", "V", "cancelUntil", "tomorrow"),
                Map.of("title", "T", "venue", "V", "cancelUntil", "24"),
                Map.of("title", "T", "venue", "V", "cancelUntil", 86400),
                Map.of("title", "T", "venue", "V", "cancelUntil", "PT0.5S"),
                Map.of("title", "T", "venue", "V", "cancelUntil", "P367D"),
                Map.of("title", "T", "venue", "V", "cancelUntil", ""));
        for (Map<String, Object> body : bad) {
            boxOffice.postConcert(body).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        web.post().uri("/admin/concerts").header("X-Admin-Key", "wrong").contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("title", "T", "venue", "V")).exchange()
                .expectStatus().isUnauthorized().expectBody().jsonPath("$.code").isEqualTo("ADMIN_KEY_REQUIRED");
        web.get().uri("/admin/concerts").exchange().expectStatus().isUnauthorized();
        assertThat(records.countRows("SELECT COUNT(*) FROM concert")).isEqualTo(before);
    }

    @Test
    void aDateIsLaidOutSectionBySectionRowByRowInTheVenuesZone() {
        long concertId = boxOffice.concert(4);
        Map<String, Object> created = boxOffice.postSchedule(concertId, Map.of("startsAt", "2099-03-01T19:00:00",
                        "sections", List.of(section("Floor A", "VIP", 165_000, 2, 3), section("Balcony", "S", 88_000, 1, 4))))
                .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
        assertThat(created).containsOnlyKeys("scheduleId", "startsAt", "localStartsAt", "seats", "sections")
                .containsEntry("startsAt", "2099-03-01T10:00:00Z")
                .containsEntry("localStartsAt", "2099-03-01T19:00:00+09:00")
                .containsEntry("seats", 10);
        assertThat((List<?>) created.get("sections")).hasSize(2);
        assertThat(object(((List<?>) created.get("sections")).get(0)))
                .containsOnlyKeys("sectionId", "name", "grade", "price", "rows", "seatsPerRow", "seats")
                .containsEntry("name", "Floor A").containsEntry("grade", "VIP").containsEntry("price", 165_000)
                .containsEntry("rows", 2).containsEntry("seatsPerRow", 3).containsEntry("seats", 6);
        assertThat(object(((List<?>) created.get("sections")).get(1))).containsEntry("seats", 4);
        long scheduleId = number(created.get("scheduleId"));
        String token = queue.activeToken(1, concertId);

        List<Map<String, Object>> floor = boxOffice.sectionSeats(token, scheduleId, sectionId(created, 0));
        assertThat(floor).extracting(seat -> seat.get("label"))
                .containsExactly("Floor A 1-1", "Floor A 1-2", "Floor A 1-3", "Floor A 2-1", "Floor A 2-2", "Floor A 2-3");
        assertThat(floor).allSatisfy(seat -> {
            assertThat(seat).containsOnlyKeys("seatId", "row", "number", "label", "price", "status");
            assertThat(seat.get("price")).isEqualTo(165_000);
            assertThat(seat.get("status")).isEqualTo("AVAILABLE");
        });
        // Numbers run over the date, section after section: the balcony's first seat is number 7.
        web.get().uri("/api/v1/schedules/{id}/seats", scheduleId).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.length()").isEqualTo(10)
                .jsonPath("$[6].seatNumber").isEqualTo(7)
                .jsonPath("$[6].label").isEqualTo("Balcony 1-1")
                .jsonPath("$[6].price").isEqualTo(88_000);
    }

    @Test
    void badDatesAre400AndWriteNothing() {
        long concertId = boxOffice.concert(4);
        String future = clock.instant().plus(Duration.ofDays(30)).toString();
        Map<String, Object> fine = section("A", "R", 1000, 1, 1);
        List<Map<String, Object>> bad = new ArrayList<>(List.of(
                Map.of("startsAt", clock.instant().minus(Duration.ofMinutes(1)).toString(), "sections", List.of(fine)),
                Map.of("startsAt", "next tuesday", "sections", List.of(fine)),
                Map.of("startsAt", future, "sections", List.of()),
                Map.of("startsAt", future),
                Map.of("startsAt", future, "sections", List.of(section("A", "R", 1000, 0, 5))),
                Map.of("startsAt", future, "sections", List.of(section("A", "R", 1000, 5, 0))),
                Map.of("startsAt", future, "sections", List.of(section("A", "R", -1, 1, 1))),
                Map.of("startsAt", future, "sections", List.of(section(" ", "R", 1, 1, 1))),
                Map.of("startsAt", future, "sections", List.of(section("A", "R", 1, 1, 1), section("a ", "S", 1, 1, 1))),
                Map.of("startsAt", future, "sections", List.of(section("A", "R", 1, 400, 200), section("B", "R", 1, 100, 201)))));
        Map<String, Object> noGrade = new HashMap<>(fine);
        noGrade.remove("grade");
        bad.add(Map.of("startsAt", future, "sections", List.of(noGrade)));
        for (Map<String, Object> body : bad) {
            boxOffice.postSchedule(concertId, body).expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
        }
        boxOffice.postSchedule(999_999, Map.of("startsAt", future, "sections", List.of(fine)))
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("CONCERT_NOT_FOUND");
        assertThat(records.countRows("SELECT COUNT(*) FROM concert_schedule WHERE concert_id = " + concertId)).isZero();
        assertThat(records.countRows("SELECT COUNT(*) FROM seat_section sec JOIN concert_schedule s ON s.id = sec.schedule_id"
                + " WHERE s.concert_id = " + concertId)).isZero();
    }

    @Test
    void theOperatorSeesFreeHeldAndSoldSeatsPerSection() {
        long concertId = boxOffice.concert(4);
        Map<String, Object> created = boxOffice.schedule(concertId, List.of(section("Floor", "VIP", 1000, 1, 4), section("Stand", "R", 500, 1, 6)));
        long scheduleId = number(created.get("scheduleId"));
        String token = queue.activeToken(1, concertId);
        boxOffice.holdSeats(token, scheduleId, boxOffice.seatIds(token, scheduleId, sectionId(created, 0), 1, 1, 2))
                .expectStatus().isCreated();

        web.get().uri("/admin/concerts/{id}", concertId).header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isOk().expectBody()
                .jsonPath("$.maxSeatsPerUser").isEqualTo(4)
                .jsonPath("$.schedules.length()").isEqualTo(1)
                .jsonPath("$.schedules[0].scheduleId").isEqualTo(scheduleId)
                .jsonPath("$.schedules[0].seats").isEqualTo(10)
                .jsonPath("$.schedules[0].available").isEqualTo(8)
                .jsonPath("$.schedules[0].held").isEqualTo(2)
                .jsonPath("$.schedules[0].reserved").isEqualTo(0)
                .jsonPath("$.schedules[0].sections[0].held").isEqualTo(2)
                .jsonPath("$.schedules[0].sections[0].available").isEqualTo(2)
                .jsonPath("$.schedules[0].sections[1].available").isEqualTo(6);
        web.get().uri("/admin/concerts/{id}", 999_999).header("X-Admin-Key", ADMIN_KEY).exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.code").isEqualTo("CONCERT_NOT_FOUND");
    }

    @Test
    void aFiftyThousandSeatDateIsWrittenWhole() {
        long concertId = boxOffice.concert(4);
        List<Map<String, Object>> sections = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            sections.add(section("Block " + i, i <= 2 ? "VIP" : "R", 100_000 - i, 100, 50));
        }
        long started = System.nanoTime();
        Map<String, Object> created = boxOffice.schedule(concertId, sections);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.println("A 50,000-seat date was set up in " + millis + " ms");

        long scheduleId = number(created.get("scheduleId"));
        assertThat(created.get("seats")).isEqualTo(50_000);
        assertThat(records.countRows("SELECT COUNT(*) FROM seat WHERE schedule_id = " + scheduleId)).isEqualTo(50_000);
        assertThat(records.countRows("SELECT COUNT(DISTINCT seat_number) FROM seat WHERE schedule_id = " + scheduleId
                + " AND seat_number BETWEEN 1 AND 50000")).isEqualTo(50_000);
    }
}
