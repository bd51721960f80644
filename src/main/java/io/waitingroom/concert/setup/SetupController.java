package io.waitingroom.concert.setup;

import java.util.List;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.concert.ConcertCatalog;
import io.waitingroom.identity.AdminKeys;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The box office's set-up, for operators with the admin key. */
@RestController
@RequestMapping("/admin/concerts")
class SetupController {

    private final AdminKeys adminKeys;
    private final ConcertSetup setup;
    private final ConcertCatalog catalog;
    private final SeatCounts counts;

    SetupController(AdminKeys adminKeys, ConcertSetup setup, ConcertCatalog catalog, SeatCounts counts) {
        this.adminKeys = adminKeys;
        this.setup = setup;
        this.catalog = catalog;
        this.counts = counts;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ConcertCatalog.Concert> create(@RequestHeader(value = "X-Admin-Key", required = false) String key,
                                        @RequestBody NewConcert concert) {
        return adminKeys.require(key).then(Mono.defer(() -> setup.createConcert(concert)));
    }

    @GetMapping
    Mono<List<ConcertCatalog.Concert>> all(@RequestHeader(value = "X-Admin-Key", required = false) String key) {
        return adminKeys.require(key).then(Mono.defer(catalog::all));
    }

    @GetMapping("/{concertId}")
    Mono<SeatCounts.ConcertCounts> one(@RequestHeader(value = "X-Admin-Key", required = false) String key,
                                       @PathVariable long concertId) {
        return adminKeys.require(key)
                .then(Mono.defer(() -> catalog.find(concertId)))
                .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + concertId)))
                .flatMap(counts::of);
    }

    @PostMapping("/{concertId}/schedules")
    @ResponseStatus(HttpStatus.CREATED)
    Mono<ConcertSetup.ScheduleCreated> addSchedule(@RequestHeader(value = "X-Admin-Key", required = false) String key,
                                                   @PathVariable long concertId, @RequestBody NewSchedule schedule) {
        return adminKeys.require(key).then(Mono.defer(() -> setup.addSchedule(concertId, schedule)));
    }
}
