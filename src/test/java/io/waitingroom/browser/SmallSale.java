package io.waitingroom.browser;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.BoxOfficeCalls;
import io.waitingroom.support.MutableClock;
import io.waitingroom.support.QueueCalls;
import io.waitingroom.support.TestCallers;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.waitingroom.support.BoxOfficeCalls.JSON;
import static io.waitingroom.support.BoxOfficeCalls.number;

/**
 * A concert of the box office small enough to sell out in a test: a few dates of two seats each
 * (1,000 points a seat, at most four a person), and buyers who take and pay for a date's seats
 * over the public API. What the line makes of it (all held, sold out) is counted by {@link #count()}.
 */
final class SmallSale {

    static final int SEATS_PER_DATE = 2;
    static final long PRICE = 1000;

    /** One date and its one section. */
    record Date(long scheduleId, long sectionId) {
    }

    final long concertId;
    final List<Date> dates;
    private final WebTestClient web;
    private final QueueCalls queue;
    private final BoxOfficeCalls boxOffice;
    private final TestCallers callers;

    private SmallSale(long concertId, List<Date> dates, WebTestClient web, QueueCalls queue, BoxOfficeCalls boxOffice,
                      TestCallers callers) {
        this.concertId = concertId;
        this.dates = dates;
        this.web = web;
        this.queue = queue;
        this.boxOffice = boxOffice;
        this.callers = callers;
    }

    /** A new concert with {@code n} dates, a day apart from a week after the test clock's now. */
    static SmallSale withDates(int n, WebTestClient web, QueueCalls queue, BoxOfficeCalls boxOffice, TestCallers callers,
                               MutableClock clock) {
        long concertId = boxOffice.concert(4);
        List<Date> dates = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String startsAt = clock.instant().plus(Duration.ofDays(7 + i)).toString();
            Map<String, Object> date = boxOffice.postSchedule(concertId, Map.of("startsAt", startsAt,
                            "sections", List.of(BoxOfficeCalls.section("A", "R", PRICE, 1, SEATS_PER_DATE))))
                    .expectStatus().isCreated().expectBody(JSON).returnResult().getResponseBody();
            dates.add(new Date(number(date.get("scheduleId")), BoxOfficeCalls.sectionId(date, 0)));
        }
        return new SmallSale(concertId, List.copyOf(dates), web, queue, boxOffice, callers);
    }

    /** The user is admitted (a tick) and holds every seat of the date with the pass: the reservation's id. */
    long holdEverySeat(long userId, Date date) {
        String token = queue.activeToken(userId, concertId);
        List<Long> seats = boxOffice.seatIds(token, date.scheduleId(), date.sectionId(), 1, 1, SEATS_PER_DATE);
        return number(boxOffice.holdSeats(token, date.scheduleId(), seats).expectStatus().isCreated()
                .expectBody(JSON).returnResult().getResponseBody().get("reservationId"));
    }

    /** The user charges what the reservation costs and pays it: its seats are sold. */
    void pay(long userId, long reservationId) {
        web.post().uri("/api/v1/points/charges").headers(headers -> callers.identify(headers, userId))
                .header("Idempotency-Key", "charge-" + reservationId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", PRICE * SEATS_PER_DATE))
                .exchange().expectStatus().is2xxSuccessful();
        web.post().uri("/api/v1/payments").headers(headers -> callers.identify(headers, userId))
                .header("Idempotency-Key", "pay-" + reservationId)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("reservationId", reservationId))
                .exchange().expectStatus().isCreated();
    }

    /** The line counts the seats again (as its tick does): free, held and sold, and what follows for it. */
    void count() {
        queue.tick(concertId);
    }
}
