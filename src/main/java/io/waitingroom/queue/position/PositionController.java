package io.waitingroom.queue.position;

import io.waitingroom.queue.QueueStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

@RestController
class PositionController {

    private final CheckingPosition checking;

    PositionController(CheckingPosition checking) {
        this.checking = checking;
    }

    /** The poll: also a Retry-After header while WAITING, equal to the poll hint. */
    @GetMapping("/api/v1/queue/tokens/me")
    Mono<PositionView> position(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization,
                                ServerHttpResponse response) {
        return checking.check(authorization).doOnNext(view -> {
            if (view.status() == QueueStatus.WAITING) {
                response.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(view.retryAfterSeconds()));
            }
        });
    }
}
