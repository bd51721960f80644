package io.waitingroom.queue.position;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.waitingroom.queue.JsonBody;
import io.waitingroom.queue.QueuePaths;
import io.waitingroom.queue.QueueStatus;
import org.springdoc.core.annotations.RouterOperation;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * The poll, the request a waiting room gets most: a functional route (no annotation lookup or
 * argument resolution per request) writing its few bytes by hand, with a Retry-After equal to
 * the poll hint while WAITING.
 */
@Component
class PollEndpoint {

    static final String PATH = QueuePaths.MINE;

    private final CheckingPosition checking;

    PollEndpoint(CheckingPosition checking) {
        this.checking = checking;
    }

    @Bean
    @RouterOperation(path = PATH, method = RequestMethod.GET, beanClass = PollEndpoint.class, beanMethod = "poll")
    RouterFunction<ServerResponse> pollRoute() {
        return route(GET(PATH), this::poll);
    }

    @Operation(summary = "Where this pass stands: status, rank, ETA and when to ask again",
            security = @SecurityRequirement(name = "queuePass"),
            responses = {
                    @ApiResponse(responseCode = "200", description = "Also a Retry-After header while WAITING",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PositionView.class))),
                    @ApiResponse(responseCode = "401", description = "TOKEN_INVALID: forged or malformed pass",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    Mono<ServerResponse> poll(ServerRequest request) {
        return checking.check(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))
                .flatMap(view -> {
                    ServerResponse.BodyBuilder answer = ServerResponse.ok().contentType(MediaType.APPLICATION_JSON);
                    if (view.status() == QueueStatus.WAITING) {
                        answer.header(HttpHeaders.RETRY_AFTER, Long.toString(view.retryAfterSeconds()));
                    }
                    byte[] body = PositionJson.poll(view);
                    return answer.contentLength(body.length).body(JsonBody.of(body));
                });
    }
}
