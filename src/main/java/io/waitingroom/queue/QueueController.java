package io.waitingroom.queue;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.waitingroom.common.identity.CurrentUser;
import io.waitingroom.common.problem.ProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1")
class QueueController {

    private final EnteringQueue entering;
    private final CheckingPosition checking;
    private final LeavingQueue leaving;
    private final QueueStatistics statistics;

    QueueController(EnteringQueue entering, CheckingPosition checking, LeavingQueue leaving, QueueStatistics statistics) {
        this.entering = entering;
        this.checking = checking;
        this.leaving = leaving;
        this.statistics = statistics;
    }

    /** Checked by hand rather than by Bean Validation: this is the stampede's first request. */
    record EnterRequest(Long concertId) {

        long validConcertId() {
            if (concertId == null || concertId <= 0) {
                throw ProblemException.badRequest("INVALID_REQUEST", "concertId: must be a positive number");
            }
            return concertId;
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record TokenIssued(String token, QueueStatus status, long rank, long etaSeconds, long pollAfterMillis, Instant activeUntil) {
    }

    @PostMapping("/queue/tokens")
    Mono<ResponseEntity<TokenIssued>> enter(@CurrentUser long userId, @RequestBody EnterRequest request) {
        return entering.enter(userId, request.validConcertId())
                .map(entry -> ResponseEntity.status(entry.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(new TokenIssued(entry.token(), entry.status(), entry.rank(), entry.etaSeconds(),
                                entry.pollAfterMillis(), entry.activeUntil())));
    }

    @GetMapping("/queue/tokens/me")
    Mono<CheckingPosition.PositionView> position(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                                 ServerHttpResponse response) {
        return checking.check(authorization).doOnNext(view -> {
            if (view.status() == QueueStatus.WAITING) {
                response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(view.retryAfterSeconds()));
            }
        });
    }

    @DeleteMapping("/queue/tokens/me")
    Mono<ResponseEntity<Void>> leave(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return leaving.leave(authorization).thenReturn(ResponseEntity.noContent().build());
    }

    @GetMapping("/concerts/{concertId}/queue")
    Mono<QueueStatistics.Stats> stats(@PathVariable long concertId) {
        if (concertId <= 0) {
            return Mono.error(ProblemException.notFound("CONCERT_NOT_FOUND", "No concert " + concertId));
        }
        return statistics.of(concertId);
    }
}
