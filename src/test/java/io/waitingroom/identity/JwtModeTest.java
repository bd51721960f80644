package io.waitingroom.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.waitingroom.support.JwtMode;
import io.waitingroom.support.TestBase;
import io.waitingroom.support.TestJwts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.reactive.result.method.RequestMappingInfo;
import org.springframework.web.reactive.result.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

@JwtMode
class JwtModeTest extends TestBase {

    /** Every user-scoped endpoint, called with a valid body, so that only identity can refuse it. */
    record Endpoint(HttpMethod method, String path, Object body) {

        WebTestClient.RequestHeadersSpec<?> on(WebTestClient web) {
            WebTestClient.RequestBodySpec request = web.method(method).uri(path);
            return body == null ? request : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body);
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static final List<Endpoint> USER_SCOPED = List.of(
            new Endpoint(HttpMethod.POST, "/api/v1/queue/tokens", Map.of("concertId", 1)),
            new Endpoint(HttpMethod.GET, "/api/v1/points", null),
            new Endpoint(HttpMethod.POST, "/api/v1/points/charges", Map.of("amount", 100)),
            new Endpoint(HttpMethod.GET, "/api/v1/points/history", null),
            new Endpoint(HttpMethod.POST, "/api/v1/payments", Map.of("reservationId", 1)),
            new Endpoint(HttpMethod.GET, "/api/v1/reservations/1", null));

    @Autowired
    ApplicationContext context;
    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping handlerMappings;

    @Test
    void springSecurityIsOneGateInFrontOfOneChain() {
        assertThat(context.getBeansOfType(SecurityWebFilterChain.class)).hasSize(1);
        assertThat(context.getBeansOfType(WebFilterChainProxy.class)).isEmpty();
        assertThat(context.getBeansOfType(WebFilter.class).values())
                .filteredOn(filter -> filter.getClass().getName().startsWith("org.springframework.security"))
                .isEmpty();
        assertThat(context.getBeansOfType(UserScopedSecurityGate.class)).hasSize(1);
    }

    @Test
    void theJwtsSubjectIsTheCaller() {
        web.get().uri("/api/v1/points").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(41)).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(41).jsonPath("$.balance").isEqualTo(0);
        String token = (String) web.post().uri("/api/v1/queue/tokens")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(5))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1))
                .exchange().expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("token");
        assertThat(token).startsWith("1.5.");
    }

    @Test
    void aJwtForBWithTheXUserIdOfAActsAsB() {
        web.post().uri("/api/v1/points/charges")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(22))
                .header(UserId.HEADER, "21")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("amount", 300))
                .exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.userId").isEqualTo(22).jsonPath("$.balance").isEqualTo(300);

        assertThat(records.balanceOf(22)).isEqualTo(300);
        assertThat(records.balanceOf(21)).isZero();
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger WHERE user_id = 21")).isZero();
    }

    @Test
    void everyUserScopedEndpointWithoutAJwtIs401AuthenticationRequiredAndTouchesNothing() {
        long scriptsBefore = scriptCalls.count();
        for (Endpoint endpoint : USER_SCOPED) {
            for (String xUserId : new String[]{null, "7"}) {
                WebTestClient.RequestHeadersSpec<?> request = endpoint.on(web);
                if (xUserId != null) {
                    request = request.header(UserId.HEADER, xUserId);
                }
                expectProblem(request.exchange(), "AUTHENTICATION_REQUIRED", endpoint)
                        .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            }
            expectProblem(endpoint.on(web).header(HttpHeaders.AUTHORIZATION, "Basic dXNlcjpwYXNz").exchange(),
                    "AUTHENTICATION_REQUIRED", endpoint);
        }
        web.head().uri("/api/v1/points").exchange().expectStatus().isUnauthorized();
        assertNothingChanged(scriptsBefore);
    }

    static Stream<Arguments> invalidJwts() {
        return Stream.of(
                Arguments.of("expired", TestJwts.expired(7)),
                Arguments.of("signed by another key", TestJwts.signedByAnotherKey(7)),
                Arguments.of("alg none", TestJwts.unsigned(7)),
                Arguments.of("HS256 keyed with the public key", TestJwts.hmacWithThePublicKey(7)),
                Arguments.of("subject swapped after signing", TestJwts.withSwappedSubject(7, 8)),
                Arguments.of("no expiry", TestJwts.withoutExpiry(7)),
                Arguments.of("not valid yet", TestJwts.notYetValid(7)),
                Arguments.of("sub 0", TestJwts.withSubject("0")),
                Arguments.of("sub negative", TestJwts.withSubject("-7")),
                Arguments.of("sub not a number", TestJwts.withSubject("abc")),
                Arguments.of("sub with a leading zero", TestJwts.withSubject("007")),
                Arguments.of("sub past a long", TestJwts.withSubject("9223372036854775808")),
                Arguments.of("no sub", TestJwts.withSubject(null)),
                Arguments.of("not a JWT", "not-a-jwt"),
                Arguments.of("three empty parts", "a.b.c"),
                Arguments.of("a truncated JWT", TestJwts.forUser(7).substring(0, 60)),
                Arguments.of("a queue pass", "1.7.abc.c2lnbmF0dXJl"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidJwts")
    void anInvalidJwtIs401JwtInvalidOnEveryUserScopedEndpointAndTouchesNothing(String what, String jwt) {
        long scriptsBefore = scriptCalls.count();
        for (Endpoint endpoint : USER_SCOPED) {
            expectProblem(endpoint.on(web).header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt).header(UserId.HEADER, "7").exchange(),
                    "JWT_INVALID", endpoint)
                    .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
        assertNothingChanged(scriptsBefore);
    }

    @Test
    void anAuthorizationHeaderThatHoldsNoBearerTokenIs401JwtInvalid() {
        for (String authorization : new String[]{"Bearer", "Bearer ", "Bearer two words", "Bearer \u00e9t\u00e9"}) {
            expectProblem(web.get().uri("/api/v1/points").header(HttpHeaders.AUTHORIZATION, authorization).exchange(),
                    "JWT_INVALID", authorization)
                    .expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
        }
    }

    @Test
    void aUserScopedPathThatSpringSecuritysFirewallRefusesIs400InOurShape() {
        web.get().uri("/api/v1/points;jsessionid=1").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(3)).exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("INVALID_REQUEST");
    }

    @Test
    void theQueuePassEndpointsTakeThePassAloneAndMeetNoSecurityFilter() {
        String pass = queue.activeToken(3, 1);

        // Spring Security would add its response headers (Cache-Control: no-store, ...): these have none.
        web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + pass).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("X-Content-Type-Options")
                .expectBody().jsonPath("$.status").isEqualTo("ACTIVE");
        web.get().uri("/api/v1/concerts/1/schedules").header(HttpHeaders.AUTHORIZATION, "Bearer " + pass).exchange()
                .expectStatus().isOk().expectHeader().doesNotExist("X-Content-Type-Options");
        web.get().uri("/api/v1/schedules/101/seats").header(HttpHeaders.AUTHORIZATION, "Bearer " + pass).exchange()
                .expectStatus().isOk().expectHeader().doesNotExist("X-Content-Type-Options");
        booking.hold(pass, 101, 3).expectStatus().isCreated().expectHeader().doesNotExist("X-Content-Type-Options");
        String otherPass = queue.tokenOf(4, 1);
        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + otherPass).exchange()
                .expectStatus().isNoContent();
        // A JWT is no pass: the pass check itself answers, not the JWT filter.
        web.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(3)).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("TOKEN_INVALID");
        // ...while a user-scoped answer carries them.
        web.get().uri("/api/v1/points").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(3)).exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff")
                .expectHeader().value(HttpHeaders.CACHE_CONTROL, value -> assertThat(value).contains("no-store"));
    }

    @Test
    void publicEndpointsAndThePagesNeedNothing() {
        for (String path : new String[]{"/api/v1/concerts", "/api/v1/concerts/1/queue", "/", "/app.js",
                "/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness", "/v3/api-docs"}) {
            web.get().uri(path).exchange().expectStatus().isOk();
        }
    }

    @Test
    void theOperatorApiTakesTheAdminKeyNotAJwt() {
        web.get().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY).exchange().expectStatus().isOk();
        web.get().uri("/admin/queues/1/settings").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(1)).exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("ADMIN_KEY_REQUIRED");
    }

    @Test
    void theSecurityGateCoversEveryCurrentUserHandlerAndNoOther() {
        List<String> covered = new ArrayList<>();
        handlerMappings.getHandlerMethods().forEach((mapping, handler) -> {
            boolean userScoped = takesCurrentUser(handler);
            for (String request : requestsOf(mapping)) {
                String[] methodAndPath = request.split(" ", 2);
                boolean gated = UserScopedEndpoints.contains(
                        MockServerHttpRequest.method(HttpMethod.valueOf(methodAndPath[0]), methodAndPath[1]).build());
                assertThat(gated).as("%s (%s) goes through the JWT check", request, handler).isEqualTo(userScoped);
                if (gated) {
                    covered.add(request);
                }
            }
        });
        assertThat(covered).contains("GET /api/v1/points", "GET /api/v1/reservations/1");
    }

    @Test
    void theOpenApiDocumentAsksForTheJwtOnUserScopedOperations() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.info.description").value(description -> assertThat((String) description)
                        .contains("Identity mode of this instance: `jwt`"))
                .jsonPath("$.components.securitySchemes.userJwt.scheme").isEqualTo("bearer")
                .jsonPath("$.components.securitySchemes.userJwt.bearerFormat").isEqualTo("JWT")
                .jsonPath("$.paths['/api/v1/points'].get.security[0].userJwt").exists()
                .jsonPath("$.paths['/api/v1/queue/tokens'].post.security[0].userJwt").exists()
                .jsonPath("$.paths['/api/v1/queue/tokens/me'].get.security[0].queuePass").exists();
    }

    // ---- helpers ----

    private static WebTestClient.ResponseSpec expectProblem(WebTestClient.ResponseSpec response, String code, Object what) {
        response.expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code").value(actual -> assertThat(actual).as("code of %s", what).isEqualTo(code))
                .jsonPath("$.status").isEqualTo(401)
                .jsonPath("$.type").isEqualTo("urn:problem:waiting-room:" + code.toLowerCase().replace('_', '-'))
                .jsonPath("$.title").isEqualTo("Unauthorized")
                .jsonPath("$.detail").isNotEmpty();
        return response;
    }

    /** No wallet, ledger, reservation or payment row, and not one queue script ran. */
    private void assertNothingChanged(long scriptsBefore) {
        assertThat(records.countRows("SELECT COUNT(*) FROM point_wallet")).isZero();
        assertThat(records.countRows("SELECT COUNT(*) FROM point_ledger")).isZero();
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation")).isZero();
        assertThat(records.countRows("SELECT COUNT(*) FROM payment")).isZero();
        assertThat(scriptCalls.count()).isEqualTo(scriptsBefore);
    }

    private static boolean takesCurrentUser(HandlerMethod handler) {
        return Stream.of(handler.getMethodParameters()).anyMatch(p -> p.hasParameterAnnotation(CurrentUser.class));
    }

    /** "METHOD /path" for each method and pattern of a mapping, with every path variable as 1. */
    private static List<String> requestsOf(RequestMappingInfo mapping) {
        var methods = mapping.getMethodsCondition().getMethods();
        List<String> verbs = methods.isEmpty() ? List.of("GET", "POST")
                : methods.stream().map(Enum::name).toList();
        List<String> requests = new ArrayList<>();
        mapping.getPatternsCondition().getPatterns().forEach(pattern -> {
            String path = pattern.getPatternString().replaceAll("\\{[^}]+}", "1").replace("/**", "/x");
            verbs.forEach(verb -> requests.add(verb + " " + path));
        });
        return requests;
    }
}
