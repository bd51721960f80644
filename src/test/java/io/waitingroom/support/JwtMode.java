package io.waitingroom.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * Runs an {@link IntegrationTest} with {@code waiting-room.identity.mode=jwt}, trusting the keys
 * of {@link TestJwts}. TestBase's helpers then identify users with {@link TestJwts#forUser}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@TestPropertySource(properties = {
        "waiting-room.identity.mode=jwt",
        // Checked at start, before TestJwts.PublicKeyLocation replaces it with this JVM's key file.
        TestJwts.PUBLIC_KEY_LOCATION + "=file:set-by-TestJwts.pem",
})
@ContextConfiguration(initializers = TestJwts.PublicKeyLocation.class)
public @interface JwtMode {
}
