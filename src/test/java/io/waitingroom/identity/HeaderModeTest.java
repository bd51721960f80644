package io.waitingroom.identity;

import io.waitingroom.support.TestBase;
import io.waitingroom.support.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.WebFilterChainProxy;
import org.springframework.web.server.WebFilter;

import static org.assertj.core.api.Assertions.assertThat;

/** The default mode: X-User-Id as sent, and Spring Security absent from the request path. */
class HeaderModeTest extends TestBase {

    @Autowired
    ApplicationContext context;

    @Test
    void noSecurityFilterExistsInHeaderMode() {
        assertThat(context.getBeansOfType(SecurityWebFilterChain.class)).isEmpty();
        assertThat(context.getBeansOfType(WebFilterChainProxy.class)).isEmpty();
        assertThat(context.getBeansOfType(UserScopedSecurityGate.class)).isEmpty();
        assertThat(context.getBeansOfType(ReactiveJwtDecoder.class)).isEmpty();
        assertThat(context.getBeansOfType(WebFilter.class).values())
                .extracting(filter -> filter.getClass().getName())
                .noneMatch(name -> name.startsWith("org.springframework.security") || name.startsWith("io.waitingroom.common.identity"));
    }

    @Test
    void xUserIdIsTheCallerAndABearerJwtChangesNothing() {
        web.get().uri("/api/v1/points").header(UserId.HEADER, "7")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(8)).exchange()
                .expectStatus().isOk()
                .expectHeader().doesNotExist("X-Content-Type-Options")
                .expectBody().jsonPath("$.userId").isEqualTo(7);
        web.get().uri("/api/v1/points").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(8)).exchange()
                .expectStatus().isBadRequest()
                .expectBody().jsonPath("$.code").isEqualTo("USER_ID_REQUIRED");
    }

    @Test
    void healthTellsAnonymousCallersUpOrDownAndNothingMore() {
        for (String path : new String[]{"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness"}) {
            web.get().uri(path).exchange()
                    .expectStatus().isOk()
                    .expectBody()
                    .jsonPath("$.status").isEqualTo("UP")
                    .jsonPath("$.components").doesNotExist()
                    .jsonPath("$.details").doesNotExist();
        }
        web.get().uri("/actuator/health/redis").exchange().expectStatus().isNotFound();
    }

    @Test
    void swaggerUiIsServedUnlessSwitchedOff() {
        web.get().uri("/swagger-ui.html").exchange().expectStatus().is3xxRedirection();
        web.get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isOk();
        web.get().uri("/webjars/swagger-ui/swagger-initializer.js").exchange()
                .expectBody(String.class).value(script -> assertThat(script).contains("/v3/api-docs"));
    }

    @Test
    void theOpenApiDocumentDescribesBothModesAndAsksForXUserIdHere() {
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.components.securitySchemes.userIdHeader.type").isEqualTo("apiKey")
                .jsonPath("$.components.securitySchemes.userIdHeader.in").isEqualTo("header")
                .jsonPath("$.components.securitySchemes.userIdHeader.name").isEqualTo("X-User-Id")
                .jsonPath("$.components.securitySchemes.userJwt.bearerFormat").isEqualTo("JWT")
                .jsonPath("$.components.securitySchemes.queuePass.scheme").isEqualTo("bearer")
                .jsonPath("$.components.securitySchemes.adminKey.name").isEqualTo("X-Admin-Key")
                .jsonPath("$.paths['/api/v1/points'].get.security[0].userIdHeader").exists()
                .jsonPath("$.paths['/api/v1/payments'].post.security[0].userIdHeader").exists()
                .jsonPath("$.paths['/api/v1/reservations'].post.security[0].queuePass").exists()
                .jsonPath("$.paths['/admin/queues/{concertId}/settings'].get.security[0].adminKey").exists()
                .jsonPath("$.paths['/api/v1/concerts'].get.security").doesNotExist()
                // The caller is no request parameter.
                .jsonPath("$.paths['/api/v1/points'].get.parameters").doesNotExist();
    }
}
