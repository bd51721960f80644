package io.waitingroom.identity;

import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * The paths whose handlers act for a user ({@link CurrentUser}): in jwt mode, the only requests
 * that meet the security filter chain. Everything else (the queue pass endpoints, public reads,
 * pages, actuator, admin) never does, so the poll costs the same in both modes.
 * <p>
 * Matched by path with the handler mappings' own {@link PathPattern}s, whatever the method: HEAD
 * runs the GET handler, and any method on these paths is a user's (but for {@code /api/v1/reservations},
 * where only GET and HEAD are: POST there holds seats with a pass). OPTIONS is left out: the
 * framework answers it (allowed methods, CORS preflight) without running a handler.
 */
final class UserScopedEndpoints {

    private static final List<PathPattern> PATHS = List.of(
            "/api/v1/queue/tokens",
            "/api/v1/points/**",
            "/api/v1/payments/**",
            "/api/v1/reservations/{reservationId}/**"
    ).stream().map(PathPatternParser.defaultInstance::parse).toList();
    /** The list of one's reservations shares its path with the hold, which is a pass endpoint: only reading it is a user's. */
    private static final PathPattern MY_RESERVATIONS = PathPatternParser.defaultInstance.parse("/api/v1/reservations");

    static final ServerWebExchangeMatcher MATCHER = exchange -> contains(exchange.getRequest())
            ? ServerWebExchangeMatcher.MatchResult.match()
            : ServerWebExchangeMatcher.MatchResult.notMatch();

    private UserScopedEndpoints() {
    }

    static boolean contains(ServerHttpRequest request) {
        if (HttpMethod.OPTIONS.equals(request.getMethod())) {
            return false;
        }
        PathContainer path = request.getPath().pathWithinApplication();
        if (MY_RESERVATIONS.matches(path)) {
            return HttpMethod.GET.equals(request.getMethod()) || HttpMethod.HEAD.equals(request.getMethod());
        }
        for (PathPattern pattern : PATHS) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }
}
