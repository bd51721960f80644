package io.waitingroom.identity;

import java.util.List;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.common.problem.ProblemResponses;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import reactor.core.publisher.Mono;

/**
 * jwt mode: Spring Security's OAuth2 resource server in front of the user-scoped endpoints only.
 * The {@link ReactiveJwtDecoder} is Spring Boot's, made from the standard
 * {@code spring.security.oauth2.resourceserver.jwt.*} settings (public-key-location, jwk-set-uri
 * or issuer-uri; RS256 unless jws-algorithms says otherwise), and it picks up the two validators
 * below. Stateless: no session, no CSRF (no cookie is ever trusted), no login form, no basic auth.
 * {@link JwtModeSettings} has refused to start before any of this unless the settings are there.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(IdentityMode.JwtModeOnly.class)
class JwtModeSecurity {

    /** A token without an expiry would be good forever: refuse it (Spring's default lets it pass). */
    @Bean
    JwtTimestampValidator jwtMustExpire() {
        JwtTimestampValidator validator = new JwtTimestampValidator();
        validator.setAllowEmptyExpiryClaim(false);
        return validator;
    }

    @Bean
    OAuth2TokenValidator<Jwt> jwtSubjectIsAUserId() {
        OAuth2TokenValidatorResult notAUser = OAuth2TokenValidatorResult.failure(
                new OAuth2Error(BearerTokenErrorCodes.INVALID_TOKEN, "sub must be a positive whole number", null));
        return jwt -> UserId.ofSubject(jwt.getSubject()) > 0 ? OAuth2TokenValidatorResult.success() : notAUser;
    }

    @Bean
    SecurityWebFilterChain userScopedSecurity(ReactiveJwtDecoder keysOfTheIdentityProvider, ProblemResponses responses) {
        ProblemAuthenticationEntryPoint problems = new ProblemAuthenticationEntryPoint(responses);
        // A failure that is not the token's (the JWK set cannot be fetched) must not read as a bad
        // token: as a plain JwtException it becomes Spring's AuthenticationServiceException, which
        // the gate answers with 503.
        ReactiveJwtDecoder jwtDecoder = token -> keysOfTheIdentityProvider.decode(token)
                .onErrorMap(failure -> !(failure instanceof JwtException),
                        failure -> new JwtException("The identity provider's keys are unavailable", failure));
        return ServerHttpSecurity.http()
                .securityMatcher(UserScopedEndpoints.MATCHER)
                .authorizeExchange(exchanges -> exchanges.anyExchange().authenticated())
                .oauth2ResourceServer(server -> server
                        .jwt(jwt -> jwt.jwtDecoder(jwtDecoder).jwtAuthenticationConverter(
                                token -> Mono.just(new JwtAuthenticationToken(token, List.of(), token.getSubject()))))
                        .authenticationEntryPoint(problems))
                .exceptionHandling(exceptions -> exceptions.authenticationEntryPoint(problems))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // Answers about one user's money are not for caches on the way.
                .headers(Customizer.withDefaults())
                .build();
    }

    @Bean
    UserScopedSecurityGate userScopedSecurityGate(SecurityWebFilterChain userScopedSecurity, ProblemResponses responses) {
        WebFilterChainProxy proxy = new WebFilterChainProxy(userScopedSecurity);
        // Spring's firewall turns away odd paths and headers with a bare 400: answer in our shape.
        proxy.setExchangeRejectedHandler((exchange, rejected) -> responses.write(exchange.getResponse(),
                new ProblemException(ProblemCode.INVALID_REQUEST, "The request was rejected as malformed")));
        return new UserScopedSecurityGate(proxy);
    }
}
