package io.waitingroom.queue.entry;

import java.time.Instant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.identity.ActsForUser;
import io.waitingroom.identity.Callers;
import io.waitingroom.queue.JsonBody;
import io.waitingroom.queue.QueuePaths;
import io.waitingroom.queue.Availability;
import io.waitingroom.queue.QueueStatus;
import io.waitingroom.queue.position.PositionJson;
import org.springdoc.core.annotations.RouterOperation;
import org.springdoc.core.annotations.RouterOperations;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

import static org.springframework.web.reactive.function.server.RequestPredicates.DELETE;
import static org.springframework.web.reactive.function.server.RequestPredicates.POST;
import static org.springframework.web.reactive.function.server.RouterFunctions.route;

/**
 * Entering and leaving the line. The entry is what a stampede sends first: a functional route
 * (no annotation lookup or argument resolution per request), its body read with the streaming
 * parser and its answer written by hand.
 */
@Component
class EntryEndpoints {

    static final String PATH = QueuePaths.TOKENS;
    private static final int MAX_BODY_BYTES = 1024;

    private final EnteringQueue entering;
    private final LeavingQueue leaving;
    private final Callers callers;
    private final ClientAddress clientAddress;

    EntryEndpoints(EnteringQueue entering, LeavingQueue leaving, Callers callers, ClientAddress clientAddress) {
        this.entering = entering;
        this.leaving = leaving;
        this.callers = callers;
        this.clientAddress = clientAddress;
    }

    @Bean
    @RouterOperations({
            @RouterOperation(path = PATH, method = RequestMethod.POST, beanClass = EntryEndpoints.class, beanMethod = "enter"),
            @RouterOperation(path = QueuePaths.MINE, method = RequestMethod.DELETE, beanClass = EntryEndpoints.class, beanMethod = "leave")})
    RouterFunction<ServerResponse> entryRoutes() {
        return route(POST(PATH), this::enter).andRoute(DELETE(QueuePaths.MINE), this::leave);
    }

    @ActsForUser
    @Operation(summary = "Take a place in a concert's line, or get back the place or pass already held",
            requestBody = @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    examples = @ExampleObject("{\"concertId\":1}"))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "A new place", content = @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TokenIssued.class))),
                    @ApiResponse(responseCode = "200", description = "The place or pass this user already holds: same token, same place",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = TokenIssued.class))),
                    @ApiResponse(responseCode = "404", description = "CONCERT_NOT_FOUND", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "429", description = "TOO_MANY_REQUESTS, with Retry-After", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "503", description = "QUEUE_UNAVAILABLE, with Retry-After", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    Mono<ServerResponse> enter(ServerRequest request) {
        return callers.userId(request.exchange())
                .flatMap(userId -> body(request)
                        .map(EntryRequest::parse)
                        .flatMap(entry -> entering.enter(userId, entry.concertId(), clientAddress.of(request.exchange()))))
                .flatMap(entry -> {
                    byte[] body = PositionJson.entry(entry.token(), entry.position());
                    return ServerResponse.status(entry.created() ? HttpStatus.CREATED : HttpStatus.OK)
                            .contentType(MediaType.APPLICATION_JSON).contentLength(body.length).body(JsonBody.of(body));
                });
    }

    @Operation(summary = "Leave the line, or give up the active slot",
            security = @SecurityRequirement(name = "queuePass"),
            responses = {
                    @ApiResponse(responseCode = "204", description = "Left (or already gone)"),
                    @ApiResponse(responseCode = "401", description = "TOKEN_INVALID", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    Mono<ServerResponse> leave(ServerRequest request) {
        return leaving.leave(request.headers().firstHeader(HttpHeaders.AUTHORIZATION))
                .then(ServerResponse.noContent().build());
    }

    private static Mono<byte[]> body(ServerRequest request) {
        return DataBufferUtils.join(request.body(BodyExtractors.toDataBuffers()), MAX_BODY_BYTES)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .onErrorMap(DataBufferLimitException.class, tooBig -> new ProblemException(ProblemCode.INVALID_REQUEST,
                        "The body is larger than " + MAX_BODY_BYTES + " bytes"))
                .switchIfEmpty(Mono.error(() -> new ProblemException(ProblemCode.INVALID_REQUEST, "A JSON body {\"concertId\":N} is required")));
    }

    /** What an entry answers (for the OpenAPI description; the bytes are written by {@link PositionJson}). */
    record TokenIssued(String token, QueueStatus status, Long rank, Long waitingAhead, Long etaSeconds,
                       long pollAfterMillis, Instant activeUntil, boolean paused, boolean preQueue, Instant saleOpensAt,
                       Availability availability) {
    }
}
