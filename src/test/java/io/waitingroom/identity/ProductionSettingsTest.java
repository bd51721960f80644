package io.waitingroom.identity;

import io.waitingroom.support.TestBase;
import io.waitingroom.support.TestJwts;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jwt mode as production would run it: keys from the identity provider's JWK set (here an address
 * where nothing answers), Swagger UI switched off.
 */
@TestPropertySource(properties = {
        "waiting-room.identity.mode=jwt",
        "spring.security.oauth2.resourceserver.jwt.jwk-set-uri=http://127.0.0.1:9/jwks",
        "springdoc.swagger-ui.enabled=false",
})
class ProductionSettingsTest extends TestBase {

    /**
     * Off means no page that shows this API. (Spring Boot still serves every webjar's own files
     * under /webjars/, the stock Swagger UI among them: it knows nothing of this service.)
     */
    @Test
    void swaggerUiIsOffWhileTheOpenApiDocumentStays() {
        web.get().uri("/swagger-ui.html").exchange().expectStatus().isNotFound();
        web.get().uri("/swagger-ui/index.html").exchange().expectStatus().isNotFound();
        web.get().uri("/v3/api-docs/swagger-config").exchange().expectStatus().isNotFound();
        web.get().uri("/webjars/swagger-ui/swagger-initializer.js").exchange()
                .expectBody(String.class).value(script -> assertThat(script).doesNotContain("/v3/api-docs"));
        web.get().uri("/v3/api-docs").exchange().expectStatus().isOk();
    }

    @Test
    void anUnreachableIdentityProviderIs503WithRetryAfterNot401() {
        web.get().uri("/api/v1/points").header(HttpHeaders.AUTHORIZATION, "Bearer " + TestJwts.forUser(7)).exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2")
                .expectBody().jsonPath("$.code").isEqualTo("IDENTITY_PROVIDER_UNAVAILABLE");
        // Without a token there is nothing to check against the keys: still 401.
        web.get().uri("/api/v1/points").exchange()
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("AUTHENTICATION_REQUIRED");
    }
}
