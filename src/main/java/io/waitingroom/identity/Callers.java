package io.waitingroom.identity;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import org.springframework.core.env.Environment;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Who is calling a user-scoped endpoint: the one place the web layer asks. Annotated controllers
 * get it through {@code @CurrentUser long userId}; functional handlers call
 * {@code callers.userId(request.exchange())}.
 * <ul>
 *   <li>header mode: {@code X-User-Id}, parsed as ever (400 USER_ID_REQUIRED). No security context
 *       exists; the answer is a plain {@code Mono.just}.</li>
 *   <li>jwt mode: the {@code sub} of the JWT that the security filter already checked for this
 *       request. {@code X-User-Id} is never read. A request that reached here without passing that
 *       filter (a path missing from {@link UserScopedEndpoints}) gets 401, never a header's word.</li>
 * </ul>
 */
@Component
public class Callers {

    private final boolean jwtMode;

    public Callers(Environment environment) {
        this.jwtMode = IdentityMode.of(environment) == IdentityMode.JWT;
    }

    public Mono<Long> userId(ServerWebExchange exchange) {
        if (!jwtMode) {
            try {
                return Mono.just(UserId.parse(exchange.getRequest().getHeaders().getFirst(UserId.HEADER)));
            } catch (ProblemException missing) {
                return Mono.error(missing);
            }
        }
        return exchange.getPrincipal()
                .map(Callers::userOf)
                .switchIfEmpty(Mono.error(Callers::authenticationRequired));
    }

    private static Long userOf(Object principal) {
        long userId = principal instanceof JwtAuthenticationToken jwt ? UserId.ofSubject(jwt.getToken().getSubject()) : 0;
        if (userId == 0) {
            throw new ProblemException(ProblemCode.JWT_INVALID,
                    "The JWT's sub is not a user id");
        }
        return userId;
    }

    private static ProblemException authenticationRequired() {
        return new ProblemException(ProblemCode.AUTHENTICATION_REQUIRED,
                "A bearer JWT from the identity provider is required");
    }
}
