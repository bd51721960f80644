package io.waitingroom.queue.entry;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.waitingroom.common.identity.CurrentUser;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.position.PositionView;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@RestController
@RequestMapping("/api/v1/queue/tokens")
class EntryController {

    private final EnteringQueue entering;
    private final LeavingQueue leaving;
    private final ClientAddress clientAddress;

    EntryController(EnteringQueue entering, LeavingQueue leaving, ClientAddress clientAddress) {
        this.entering = entering;
        this.leaving = leaving;
        this.clientAddress = clientAddress;
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

    /** The new or kept place: rank and ETA are null before the sale opens, the ETA also while paused. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record TokenIssued(String token, QueueStatus status, Long rank, Long etaSeconds, long pollAfterMillis,
                       @JsonInclude(JsonInclude.Include.NON_NULL) Instant activeUntil,
                       boolean paused, boolean preQueue, Instant saleOpensAt) {

        static TokenIssued of(String token, PositionView position) {
            return new TokenIssued(token, position.status(), position.rank(), position.etaSeconds(), position.pollAfterMillis(),
                    position.activeUntil(), position.paused(), position.preQueue(), position.saleOpensAt());
        }
    }

    @PostMapping
    Mono<ResponseEntity<TokenIssued>> enter(@CurrentUser long userId, @RequestBody EnterRequest request,
                                            ServerWebExchange exchange) {
        return entering.enter(userId, request.validConcertId(), clientAddress.of(exchange))
                .map(entry -> ResponseEntity.status(entry.created() ? HttpStatus.CREATED : HttpStatus.OK)
                        .body(TokenIssued.of(entry.token(), entry.position())));
    }

    @DeleteMapping("/me")
    Mono<ResponseEntity<Void>> leave(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        return leaving.leave(authorization).thenReturn(ResponseEntity.noContent().build());
    }
}
