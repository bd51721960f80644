package io.waitingroom.identity;

import io.waitingroom.support.JwtMode;
import io.waitingroom.support.TestBase;
import io.waitingroom.support.TestJwts;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the audience and issuer settings that production mode requires do: the audience is
 * checked whatever the key source; an issuer-uri makes Spring Boot take the keys from the issuer
 * (and check it), so a public-key-location beside it is not used.
 */
@JwtMode
@TestPropertySource(properties = "spring.security.oauth2.resourceserver.jwt.audiences=waiting-room")
class JwtAudienceTest extends TestBase {

    @Test
    void aJwtForThisAudienceIsAccepted() {
        balance(web, TestJwts.issuedBy(7, "https://id.example.test", "waiting-room")).expectStatus().isOk();
    }

    @Test
    void aJwtForAnotherAudienceOrNoneIsRefused() {
        balance(web, TestJwts.issuedBy(7, "https://id.example.test", "another-service")).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("JWT_INVALID");
        balance(web, TestJwts.forUser(7)).expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.code").isEqualTo("JWT_INVALID");
    }

    @Nested
    @TestPropertySource(properties = "spring.security.oauth2.resourceserver.jwt.issuer-uri=http://127.0.0.1:9/issuer")
    class WithAnIssuerUri {

        @Test
        void theKeysComeFromTheIssuerNotFromThePublicKeyLocation() {
            balance(web, TestJwts.issuedBy(7, "http://127.0.0.1:9/issuer", "waiting-room")).expectStatus().isEqualTo(503)
                    .expectBody().jsonPath("$.code").isEqualTo("IDENTITY_PROVIDER_UNAVAILABLE");
        }
    }

    static WebTestClient.ResponseSpec balance(WebTestClient web, String jwt) {
        return web.get().uri("/api/v1/points").header(HttpHeaders.AUTHORIZATION, "Bearer " + jwt).exchange();
    }
}
