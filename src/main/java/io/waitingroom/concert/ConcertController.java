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

    private final ConcertCatalog catalog;
    private final Seats seats;
    private final ActiveTokenGuard guard;
    private final Clock clock;

    ConcertController(ConcertCatalog catalog, Seats seats, ActiveTokenGuard guard, Clock clock) {
        this.catalog = catalog;
        this.seats = seats;
        this.guard = guard;
        this.clock = clock;
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

    @GetMapping("/schedules/{scheduleId}/seats")
    Mono<List<Seats.Seat>> seats(@PathVariable long scheduleId,
                                 @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return guard.requireActive(authorization)
                .flatMap(pass -> seats.schedule(scheduleId)
                        .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.SCHEDULE_NOT_FOUND, "No schedule " + scheduleId)))
                        .flatMap(schedule -> schedule.concertId() == pass.concertId()
                                ? seats.of(scheduleId)
                                : Mono.error(ActiveTokenGuard.notActive("The queue token is for concert " + pass.concertId()))));
    }
}
