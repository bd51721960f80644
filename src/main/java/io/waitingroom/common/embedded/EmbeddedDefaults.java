package io.waitingroom.common.embedded;

import java.util.HashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;

/**
 * Makes {@code ./mvnw spring-boot:run} work on a bare machine: when no Redis is configured it
 * starts the embedded one, and when no database URL is configured it points R2DBC at an
 * in-memory H2 in MySQL mode (a row lock is waited for 3 s at most, inside the request deadline).
 * Configuring either switches to the real thing. Runs after the
 * config files are read, so profile settings count as "configured".
 */
public class EmbeddedDefaults implements EnvironmentPostProcessor, Ordered {

    static final String EMBEDDED_DATABASE_URL =
            "r2dbc:h2:mem:///waitingroom?options=DB_CLOSE_DELAY=-1;MODE=MySQL;LOCK_TIMEOUT=3000";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> defaults = new HashMap<>();
        if (!redisConfigured(environment)) {
            int port = EmbeddedRedis.ensureStarted();
            defaults.put("spring.data.redis.host", "127.0.0.1");
            defaults.put("spring.data.redis.port", port);
        }
        if (!databaseConfigured(environment)) {
            defaults.put("spring.r2dbc.url", EMBEDDED_DATABASE_URL);
        }
        if (!defaults.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("embeddedDefaults", defaults));
        }
    }

    /** Whether a Redis is configured; when not, this starts the embedded one. */
    public static boolean redisConfigured(PropertyResolver environment) {
        return environment.containsProperty("spring.data.redis.host")
                || environment.containsProperty("spring.data.redis.port")
                || environment.containsProperty("spring.data.redis.url")
                || environment.containsProperty("spring.data.redis.cluster.nodes")
                || environment.containsProperty("spring.data.redis.cluster.nodes[0]")
                || environment.containsProperty("spring.data.redis.sentinel.master");
    }

    /** Whether a database URL is configured; when not, this points R2DBC at an in-memory H2. */
    public static boolean databaseConfigured(PropertyResolver environment) {
        return environment.containsProperty("spring.r2dbc.url");
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 1;
    }
}
