package io.waitingroom.concert;

import java.time.Clock;
import java.util.List;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.queue.token.ActiveTokenGuard;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1")
class ConcertController {

    /** The largest date whose seats are listed in one answer; larger ones are read per section. */
    static final int WHOLE_DATE_SEAT_LIST_LIMIT = 2_000;

    private final ConcertCatalog catalog;
    private final Seats seats;
    private final SectionMap sectionMap;
    private final ActiveTokenGuard guard;
    private final Clock clock;

    ConcertController(ConcertCatalog catalog, Seats seats, SectionMap sectionMap, ActiveTokenGuard guard, Clock clock) {
        this.catalog = catalog;
        this.seats = seats;
        this.sectionMap = sectionMap;
        this.guard = guard;
        this.clock = clock;
    }

    record SectionSeat(long seatId, int row, int number, String label, long price, SeatStatus status) {

        static SectionSeat of(Seats.Seat seat) {
            return new SectionSeat(seat.seatId(), seat.row(), seat.number(), seat.label(), seat.price(), seat.status());
        }
    }

    @GetMapping("/concerts")
    Mono<List<ConcertCatalog.Concert>> concerts() {
        return catalog.all();
    }

    @GetMapping("/concerts/{concertId}/schedules")
    Mono<List<Seats.ScheduleAvailability>> schedules(@PathVariable long concertId,
                                                    @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return guard.requireActive(authorization)
                .flatMap(pass -> catalog.exists(concertId).flatMap(known -> {
                    if (!known) {
                        return Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + concertId));
                    }
                    if (pass.concertId() != concertId) {
                        return Mono.error(ActiveTokenGuard.notActive("The queue token is for concert " + pass.concertId()));
                    }
                    return seats.withFreeSeats(concertId, clock.instant());
                }));
    }

    @GetMapping("/schedules/{scheduleId}/sections")
    Mono<List<SectionMap.Section>> sections(@PathVariable long scheduleId,
                                            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return layoutForPass(authorization, scheduleId).map(SectionMap.Layout::sections);
    }

    @GetMapping("/schedules/{scheduleId}/sections/{sectionId}/seats")
    Mono<List<SectionSeat>> sectionSeats(@PathVariable long scheduleId, @PathVariable long sectionId,
                                         @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return layoutForPass(authorization, scheduleId)
                .flatMap(layout -> layout.section(sectionId).isPresent()
                        ? seats.inSection(scheduleId, sectionId)
                        : Mono.error(new ProblemException(ProblemCode.SECTION_NOT_FOUND,
                                "No section " + sectionId + " on date " + scheduleId)))
                .map(list -> list.stream().map(SectionSeat::of).toList());
    }

    @GetMapping("/schedules/{scheduleId}/seats")
    Mono<List<Seats.Seat>> seats(@PathVariable long scheduleId,
                                 @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return layoutForPass(authorization, scheduleId)
                .flatMap(layout -> layout.seats() <= WHOLE_DATE_SEAT_LIST_LIMIT
                        ? seats.of(scheduleId)
                        : Mono.error(new ProblemException(ProblemCode.USE_SECTIONS, "Date " + scheduleId + " has "
                                + layout.seats() + " seats, more than " + WHOLE_DATE_SEAT_LIST_LIMIT
                                + " are listed at once: read them per section")));
    }

    /** The date, for an ACTIVE pass of its concert. */
    private Mono<SectionMap.Layout> layoutForPass(String authorization, long scheduleId) {
        return guard.requireActive(authorization)
                .flatMap(pass -> sectionMap.of(scheduleId)
                        .flatMap(layout -> layout.schedule().concertId() == pass.concertId()
                                ? Mono.just(layout)
                                : Mono.error(ActiveTokenGuard.notActive("The queue token is for concert " + pass.concertId()))));
    }
}
