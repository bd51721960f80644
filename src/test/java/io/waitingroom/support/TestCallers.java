package io.waitingroom.support;

import io.waitingroom.identity.IdentityMode;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;

/** Names the caller of a user-scoped endpoint as the context's identity mode wants it: a JWT or {@code X-User-Id}. */
public final class TestCallers {

    private final boolean jwtMode;

    public TestCallers(Environment environment) {
        this.jwtMode = IdentityMode.of(environment) == IdentityMode.JWT;
    }

    public void identify(HttpHeaders headers, long userId) {
        if (jwtMode) {
            headers.setBearerAuth(TestJwts.forUser(userId));
        } else {
            headers.set("X-User-Id", Long.toString(userId));
        }
    }
}
