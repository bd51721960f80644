package io.waitingroom.identity;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertyResolver;

/**
 * jwt mode is the production mode, so it does not start unsafely: without an explicit queue-token
 * secret (a generated one breaks every pass at the next start and across instances), an explicit
 * admin key (a generated one is written to the log), and a source of the identity provider's
 * keys, the service refuses to start and names what is missing. Checked on the environment,
 * before anything is built or connected.
 */
public class JwtModeSettings implements EnvironmentPostProcessor, Ordered {

    static final int MIN_TOKEN_SECRET_BYTES = 32;
    static final String TOKEN_SECRET = "waiting-room.token-secret";
    static final String ADMIN_KEY = "waiting-room.admin-key";
    static final List<String> KEY_SOURCES = List.of(
            "spring.security.oauth2.resourceserver.jwt.public-key-location",
            "spring.security.oauth2.resourceserver.jwt.jwk-set-uri",
            "spring.security.oauth2.resourceserver.jwt.issuer-uri");

    /** The settings jwt mode cannot start without. */
    public static final class Missing extends IllegalStateException {

        private final List<String> settings;

        Missing(List<String> settings) {
            super("waiting-room.identity.mode=jwt refuses to start without: " + String.join("; ", settings));
            this.settings = List.copyOf(settings);
        }

        public List<String> settings() {
            return settings;
        }
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (IdentityMode.of(environment) == IdentityMode.JWT) {
            check(environment);
        }
    }

    static void check(PropertyResolver environment) {
        List<String> missing = new ArrayList<>();
        String secret = environment.getProperty(TOKEN_SECRET, "");
        if (secret.isBlank() || secret.getBytes(StandardCharsets.UTF_8).length < MIN_TOKEN_SECRET_BYTES) {
            missing.add(TOKEN_SECRET + " (at least " + MIN_TOKEN_SECRET_BYTES + " bytes, the same on every instance)");
        }
        if (environment.getProperty(ADMIN_KEY, "").isBlank()) {
            missing.add(ADMIN_KEY);
        }
        if (KEY_SOURCES.stream().allMatch(key -> environment.getProperty(key, "").isBlank())) {
            missing.add("the identity provider's keys: one of " + String.join(", ", KEY_SOURCES));
        }
        if (!missing.isEmpty()) {
            throw new Missing(missing);
        }
    }

    /** After the config files are read (so they count), before the embedded Redis starts. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
