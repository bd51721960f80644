package io.waitingroom.identity;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.common.problem.ProblemResponses;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.BearerTokenErrorCodes;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The jwt-mode 401s, in the service's problem+json shape with a stable code and the RFC 6750
 * challenge. The detail never repeats the parser's reason (which key, which claim): a client can
 * do nothing with it but probe.
 */
final class ProblemAuthenticationEntryPoint implements ServerAuthenticationEntryPoint {

    private final ProblemResponses responses;

    ProblemAuthenticationEntryPoint(ProblemResponses responses) {
        this.responses = responses;
    }

    @Override
    public Mono<Void> commence(ServerWebExchange exchange, AuthenticationException failure) {
        // A bearer token was there but failed (signature, algorithm, expiry, claims, form); anything
        // else means no bearer token came at all.
        boolean tokenRejected = failure instanceof OAuth2AuthenticationException;
        ProblemException problem = tokenRejected
                ? new ProblemException(ProblemCode.JWT_INVALID,
                "The bearer JWT is malformed, expired, not yet valid, not signed by the identity provider, or its sub is not a user id")
                : new ProblemException(ProblemCode.AUTHENTICATION_REQUIRED,
                "This endpoint needs Authorization: Bearer <JWT> from the identity provider");
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE,
                tokenRejected ? "Bearer error=\"" + errorCode((OAuth2AuthenticationException) failure) + "\"" : "Bearer");
        return responses.write(exchange.getResponse(), problem);
    }

    /** Spring's RFC 6750 code: invalid_token for a token that failed or is malformed, invalid_request for two tokens. */
    private static String errorCode(OAuth2AuthenticationException failure) {
        String code = failure.getError() == null ? null : failure.getError().getErrorCode();
        return BearerTokenErrorCodes.INVALID_REQUEST.equals(code) ? BearerTokenErrorCodes.INVALID_REQUEST : BearerTokenErrorCodes.INVALID_TOKEN;
    }
}
