package io.waitingroom.common.web;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.EventLoop;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;

/**
 * The last word on how long a request may take: whatever hangs below (a bug in the server, a
 * silent Redis or database, a body that never comes) ends at the deadline with 503 TIMEOUT and a
 * {@code Retry-After}, is logged with its route and counted. Cancelling the handler rolls back
 * what it had open; Redis scripts are atomic either way. Only the routes that stream on purpose
 * are exempt.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestDeadline implements WebFilter {

    static final long RETRY_AFTER_SECONDS = 2;
    private static final Logger log = LoggerFactory.getLogger(RequestDeadline.class);

    private final WebDeadlines deadlines;
    private final List<PathPattern> longLived;
    private final MeterRegistry registry;
    private final Map<EventLoop, Scheduler> timers = new ConcurrentHashMap<>();

    RequestDeadline(WebDeadlines deadlines, MeterRegistry registry) {
        this.deadlines = deadlines;
        this.registry = registry;
        this.longLived = deadlines.longLivedPaths().stream().map(PathPatternParser.defaultInstance::parse).toList();
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (isLongLived(exchange)) {
            return chain.filter(exchange);
        }
        long started = System.nanoTime();
        return chain.filter(exchange)
                // Cancelling what hangs may itself block (the embedded H2 rolls back on the calling
                // thread, behind the statement it waits for): do it elsewhere and answer at once.
                .cancelOn(Schedulers.boundedElastic())
                .timeout(deadlines.requestDeadline(), Mono.defer(() -> abandoned(exchange, started)), timerOf(exchange));
    }

    /**
     * The deadline's timer runs on the connection's own event loop: setting and clearing it there
     * is a queue operation of that thread, where a shared scheduler would take a lock per request.
     */
    private Scheduler timerOf(ServerWebExchange exchange) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (request instanceof Connection connection) {
            EventLoop loop = connection.channel().eventLoop();
            Scheduler timer = timers.get(loop);
            return timer != null ? timer : timers.computeIfAbsent(loop, Schedulers::fromExecutorService);
        }
        return Schedulers.parallel();
    }

    private boolean isLongLived(ServerWebExchange exchange) {
        if (longLived.isEmpty()) {
            return false;
        }
        var path = exchange.getRequest().getPath().pathWithinApplication();
        for (PathPattern pattern : longLived) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    private Mono<Void> abandoned(ServerWebExchange exchange, long started) {
        String route = route(exchange);
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        log.warn("{} {} did not answer within its deadline of {} ms (elapsed {} ms): answering 503 TIMEOUT",
                exchange.getRequest().getMethod(), route, deadlines.requestDeadline().toMillis(), elapsedMillis);
        Counter.builder("waiting_room.request.timeouts")
                .description("Requests ended by the request deadline (503 TIMEOUT)")
                .tag("route", route)
                .register(registry)
                .increment();
        return Mono.error(new ProblemException(ProblemCode.TIMEOUT,
                "The request took too long and was abandoned; retry shortly", RETRY_AFTER_SECONDS));
    }

    /** The route's pattern, not the raw path, so the metric stays small whatever clients send. */
    private static String route(ServerWebExchange exchange) {
        Object pattern = exchange.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
        return pattern != null ? pattern.toString() : "unmatched";
    }
}
