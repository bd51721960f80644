package io.waitingroom.common.problem;

import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import io.lettuce.core.RedisException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.r2dbc.spi.R2dbcException;
import org.redisson.client.RedisConnectionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Turns every failure into an RFC 9457 problem response with a stable {@code code}. It sits in
 * front of Boot's own error handler so that unknown paths, bad JSON and infrastructure faults
 * answer in the same shape as the domain errors, and never with a stack trace.
 */
@Component
@Order(-2)
public class ProblemResponses implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemResponses.class);
    private static final MediaType PROBLEM_JSON = MediaType.APPLICATION_PROBLEM_JSON;

    private final Map<ProblemCode, Counter> answered = new EnumMap<>(ProblemCode.class);

    public ProblemResponses(MeterRegistry registry) {
        // Every code's counter exists from the start, at zero: a dashboard or an alert never finds "no data".
        for (ProblemCode code : ProblemCode.values()) {
            answered.put(code, Counter.builder("waiting_room.problems")
                    .description("Problem responses by status and code")
                    .tag("status", Integer.toString(code.status().value())).tag("code", code.name())
                    .register(registry));
        }
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.error(ex);
        }
        if (clientWentAway(ex)) {
            // Nobody is left to read an answer (a browser closed the tab mid-request): not our fault, not news.
            log.debug("Client went away during {}: {}", exchange.getRequest().getPath(), ex.toString());
            return Mono.empty();
        }
        return write(response, toProblem(ex, exchange));
    }

    /**
     * Answers with the problem and counts it; also for filters that answer before any handler
     * (the jwt-mode 401s).
     */
    public Mono<Void> write(ServerHttpResponse response, ProblemException problem) {
        counter(problem).increment();
        response.setStatusCode(problem.status());
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(PROBLEM_JSON);
        if (problem.retryAfterSeconds() > 0) {
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(problem.retryAfterSeconds()));
        }
        byte[] body = ProblemJson.render(problem);
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    private Counter counter(ProblemException problem) {
        return answered.get(problem.code());
    }

    private ProblemException toProblem(Throwable ex, ServerWebExchange exchange) {
        if (ex instanceof ProblemException problem) {
            return problem;
        }
        if (ex instanceof WebExchangeBindException bind) {
            String detail = bind.getFieldErrors().stream()
                    .map(error -> error.getField() + ": " + error.getDefaultMessage())
                    .sorted()
                    .collect(Collectors.joining("; "));
            return new ProblemException(ProblemCode.INVALID_REQUEST, detail.isEmpty() ? "Invalid request" : detail);
        }
        if (ex instanceof ServerWebInputException input) {
            return new ProblemException(ProblemCode.INVALID_REQUEST, input.getReason() == null ? "Invalid request" : input.getReason());
        }
        if (ex instanceof ResponseStatusException status) {
            HttpStatus httpStatus = HttpStatus.resolve(status.getStatusCode().value());
            if (httpStatus == null) {
                httpStatus = HttpStatus.BAD_REQUEST;
            }
            return new ProblemException(ProblemCode.forStatus(httpStatus),
                    status.getReason() == null ? httpStatus.getReasonPhrase() : status.getReason());
        }
        if (isRedisFault(ex)) {
            log.warn("Redis unavailable on {}: {}", exchange.getRequest().getPath(), ex.toString());
            return new ProblemException(ProblemCode.QUEUE_UNAVAILABLE, "The waiting room is briefly unavailable; retry shortly", 2);
        }
        if (isDatabaseFault(ex)) {
            log.warn("Database unavailable on {}: {}", exchange.getRequest().getPath(), ex.toString());
            return new ProblemException(ProblemCode.SERVICE_UNAVAILABLE, "The booking service is briefly unavailable; retry shortly", 2);
        }
        log.error("Unexpected failure on {}", exchange.getRequest().getPath(), ex);
        return new ProblemException(ProblemCode.INTERNAL_ERROR, "Unexpected server error");
    }

    static boolean clientWentAway(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof AbortedException || t instanceof ClosedChannelException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean isRedisFault(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof RedisException || t instanceof RedisConnectionFailureException
                    || t instanceof RedisSystemException || t instanceof RedisConnectionException
                    || t instanceof org.redisson.client.RedisException
                    || (t instanceof QueryTimeoutException && !(t.getCause() instanceof R2dbcException))
                    || t instanceof java.util.concurrent.TimeoutException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    static boolean isDatabaseFault(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof R2dbcException || t instanceof DataAccessResourceFailureException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** Hand-written JSON: the error path must stay cheap even when flooded with forged tokens. */
    static final class ProblemJson {

        static byte[] render(ProblemException problem) {
            StringBuilder json = new StringBuilder(192);
            json.append("{\"type\":\"urn:problem:waiting-room:")
                    .append(problem.code().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .append("\",\"title\":");
            quote(json, problem.status().getReasonPhrase());
            json.append(",\"status\":").append(problem.status().value()).append(",\"detail\":");
            quote(json, problem.getMessage() == null ? "" : problem.getMessage());
            json.append(",\"code\":");
            quote(json, problem.code().name());
            problem.extensions().forEach((member, value) -> {
                json.append(',');
                quote(json, member);
                json.append(':').append(value instanceof Collection<?> all
                        ? all.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"))
                        : String.valueOf(value));
            });
            json.append('}');
            return json.toString().getBytes(StandardCharsets.UTF_8);
        }

        private static void quote(StringBuilder json, String value) {
            json.append('"');
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                switch (c) {
                    case '"' -> json.append("\\\"");
                    case '\\' -> json.append("\\\\");
                    case '\n' -> json.append("\\n");
                    case '\r' -> json.append("\\r");
                    case '\t' -> json.append("\\t");
                    default -> {
                        if (c < 0x20) {
                            json.append(String.format("\\u%04x", (int) c));
                        } else {
                            json.append(c);
                        }
                    }
                }
            }
            json.append('"');
        }
    }
}
