package io.waitingroom.identity;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * The jwt-mode entrance to Spring Security, and the only web filter of it. Spring Security's own
 * {@link WebFilterChainProxy} would meet every request (its firewall, then a reactive search for
 * a matching chain) before letting the queue's polls through; here a plain path match sends only
 * the user-scoped requests to it, and every other request on untouched.
 */
final class UserScopedSecurityGate implements WebFilter, Ordered {

    /** Where Spring Security puts its proxy: ahead of the application's filters. */
    static final int ORDER = -100;

    private static final Logger log = LoggerFactory.getLogger(UserScopedSecurityGate.class);

    private final WebFilterChainProxy security;

    UserScopedSecurityGate(WebFilterChainProxy security) {
        this.security = security;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!UserScopedEndpoints.contains(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        // The JWT may be fine: the identity provider's keys could not be fetched. Retry, not 401.
        return security.filter(exchange, chain).onErrorMap(AuthenticationServiceException.class, unavailable -> {
            log.warn("JWT not checked on {}: {}", exchange.getRequest().getPath(), NestedExceptionUtils.getMostSpecificCause(unavailable).toString());
            return new ProblemException(ProblemCode.IDENTITY_PROVIDER_UNAVAILABLE,
                    "The identity provider's signing keys cannot be read; retry shortly", 2);
        });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }
}
