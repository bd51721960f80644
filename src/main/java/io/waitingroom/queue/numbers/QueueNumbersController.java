package io.waitingroom.queue.numbers;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The public numbers of a queue, for anyone: the waiting page's context and a status board. */
@RestController
class QueueNumbersController {

    private final QueueStatistics statistics;

    QueueNumbersController(QueueStatistics statistics) {
        this.statistics = statistics;
    }

    @GetMapping("/api/v1/concerts/{concertId}/queue")
    Mono<QueueStatistics.Stats> stats(@PathVariable long concertId) {
        if (concertId <= 0) {
            return Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + concertId));
        }
        return statistics.of(concertId);
    }
}
