package io.waitingroom.production;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.waitingroom.common.embedded.EmbeddedDefaults;
import io.waitingroom.identity.IdentityMode;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertyResolver;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * {@code waiting-room.production=true}: the service refuses to start while any of its settings is
 * one meant for a try-out, and names them all at once. Checked on the environment after the config
 * files are read and before {@link EmbeddedDefaults} could start an embedded Redis or database.
 * In production mode Swagger UI is also off unless a setting outside {@code application.yml} turns it on.
 */
public class ProductionMode implements EnvironmentPostProcessor, Ordered {

    public static final String PROPERTY = "waiting-room.production";
    static final String TRUSTED_GATEWAY = "waiting-room.identity.trusted-gateway";
    static final String TOKEN_SECRET = "waiting-room.token-secret";
    static final String ADMIN_KEY = "waiting-room.admin-key";
    static final int MIN_SECRET_BYTES = 32;
    private static final String JWT = "spring.security.oauth2.resourceserver.jwt.";
    static final String PUBLIC_KEY_LOCATION = JWT + "public-key-location";
    static final String AUDIENCES = JWT + "audiences";
    static final String ISSUER_URI = JWT + "issuer-uri";
    static final String SWAGGER_UI = "springdoc.swagger-ui.enabled";

    /**
     * The public values this repository itself writes for secrets (docker-compose.yml's defaults,
     * the docs' examples): never a secret. Any value starting with {@code change-me} counts too.
     */
    static final List<String> PLACEHOLDERS = List.of(
            "change-me-compose-token-secret-0123456789",
            "change-me-admin-key",
            "an-admin-key");

    /** The body of dev/jwt/dev-public.pem, whose private half is in the repository. */
    static final String DEVELOPMENT_PUBLIC_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA0F0qN2rQY39nY/tGptkU"
            + "XYG47+jAMj0/d2I8spM4KJYl737vJaBrZjZNtmo+xWMHjxQt6fbwhHCmizGbLoP6"
            + "BAU1uwwSKGj7X9qjZKKwtx77Ny042Hc1o4RNp4SVrDQYrXhzA4JTH2bDdw7ufUHS"
            + "LPxmH0OQe1a5sXp6wgjX34dXv/C5jSnlH8JiGou+xx/pthO5nVOphJ6rK3ocdKTM"
            + "xDIrPEAXXHbDZ63mGb2XlWwGbHro9arJJN3rppTptV1of5+jA28N8QfWoxdLPtv3"
            + "hSkdDBgj2rLMi+VG8eQA8Y2l1DVOgfzBPelRAoLWXU5JNAodxv/Kj/iPgN/sMQ+d"
            + "iwIDAQAB";

    /** Every setting that keeps production mode from starting, each with what to do. */
    public static final class Refused extends IllegalStateException {

        private final List<String> violations;

        Refused(List<String> violations) {
            super(PROPERTY + "=true refuses to start: " + String.join("; ", violations));
            this.violations = List.copyOf(violations);
        }

        public List<String> violations() {
            return violations;
        }
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.getProperty(PROPERTY, Boolean.class, false)) {
            return;
        }
        List<String> violations = violations(environment);
        if (!violations.isEmpty()) {
            throw new Refused(violations);
        }
        swaggerUiOffUnlessSetOutsideTheDefaults(environment);
    }

    static List<String> violations(PropertyResolver environment) {
        List<String> violations = new ArrayList<>();
        IdentityMode mode = IdentityMode.of(environment);
        if (mode == IdentityMode.HEADER && !environment.getProperty(TRUSTED_GATEWAY, Boolean.class, false)) {
            violations.add(IdentityMode.PROPERTY + " is header: set " + TRUSTED_GATEWAY
                    + "=true if a trusted gateway authenticates every caller and sets X-User-Id itself, "
                    + "or use " + IdentityMode.PROPERTY + "=jwt");
        }
        if (!EmbeddedDefaults.redisConfigured(environment)) {
            violations.add("no Redis is configured, so an embedded one would start: set spring.data.redis.host "
                    + "(or url, cluster.nodes, sentinel.master)");
        }
        if (!EmbeddedDefaults.databaseConfigured(environment)) {
            violations.add("no database is configured, so an in-memory H2 would be used: set spring.r2dbc.url");
        }
        secret(environment, TOKEN_SECRET, violations);
        secret(environment, ADMIN_KEY, violations);
        if (mode == IdentityMode.JWT) {
            if (trustsTheDevelopmentKey(environment.getProperty(PUBLIC_KEY_LOCATION, ""))) {
                violations.add(PUBLIC_KEY_LOCATION + " is the development key of dev/jwt/ (its private half is public): "
                        + "point it at the identity provider's key, or use jwk-set-uri");
            }
            if (environment.getProperty(AUDIENCES, "").isBlank()) {
                violations.add(AUDIENCES + " is not set: set it to this service's audience, so that a JWT "
                        + "meant for another service is refused");
            }
            if (environment.getProperty(ISSUER_URI, "").isBlank()) {
                violations.add(ISSUER_URI + " is not set: set it to the identity provider's issuer, so that a JWT "
                        + "of another issuer is refused (Spring Boot then takes the keys from the issuer, or from jwk-set-uri "
                        + "when set; public-key-location is not used)");
            }
        }
        String serverPort = environment.getProperty("server.port", "8080").trim();
        String managementPort = environment.getProperty("management.server.port", "").trim();
        if (managementPort.isEmpty() || managementPort.equals(serverPort)) {
            violations.add("management.server.port " + (managementPort.isEmpty() ? "is not set" : "equals server.port")
                    + ": the actuator endpoints (metrics, prometheus) would be on the public port; "
                    + "set another port and keep it off the public ingress");
        }
        return violations;
    }

    private static void secret(PropertyResolver environment, String name, List<String> violations) {
        String value = environment.getProperty(name, "");
        if (value.isBlank()) {
            violations.add(name + " is not set (a generated one is not shared by instances or restarts): "
                    + "set a random one of at least " + MIN_SECRET_BYTES + " bytes");
        } else if (isPlaceholder(value)) {
            violations.add(name + " is a placeholder published in this repository: set a random one of at least "
                    + MIN_SECRET_BYTES + " bytes");
        } else if (value.getBytes(StandardCharsets.UTF_8).length < MIN_SECRET_BYTES) {
            violations.add(name + " is shorter than " + MIN_SECRET_BYTES + " bytes: set a random one of at least "
                    + MIN_SECRET_BYTES + " bytes");
        }
    }

    static boolean isPlaceholder(String value) {
        String trimmed = value.trim();
        return PLACEHOLDERS.contains(trimmed) || trimmed.toLowerCase(Locale.ROOT).startsWith("change-me");
    }

    /** By its path, or by its content wherever it was copied to (compose mounts it elsewhere). */
    static boolean trustsTheDevelopmentKey(String location) {
        if (location.isBlank()) {
            return false;
        }
        if (location.replace('\\', '/').endsWith("dev/jwt/dev-public.pem")) {
            return true;
        }
        Resource key = new DefaultResourceLoader().getResource(location.trim());
        if (!key.isReadable()) {
            return false; // Spring Boot itself then refuses to start, naming the location
        }
        try (InputStream in = key.getInputStream()) {
            String pem = new String(in.readNBytes(64 * 1024), StandardCharsets.US_ASCII);
            return pem.replaceAll("-----[A-Z ]+-----|\\s", "").equals(DEVELOPMENT_PUBLIC_KEY);
        } catch (IOException unreadable) {
            return false;
        }
    }

    /**
     * application.yml switches Swagger UI on for the demo; in production that default is off. A
     * setting anywhere else (a profile file, the environment, the command line) still decides.
     */
    private static void swaggerUiOffUnlessSetOutsideTheDefaults(ConfigurableEnvironment environment) {
        for (PropertySource<?> source : environment.getPropertySources()) {
            if (source.containsProperty(SWAGGER_UI)) {
                if (source.getName().contains("[application.yml]")) {
                    environment.getPropertySources().addBefore(source.getName(),
                            new MapPropertySource("productionModeDefaults", Map.of(SWAGGER_UI, false)));
                }
                return;
            }
        }
        environment.getPropertySources().addLast(new MapPropertySource("productionModeDefaults", Map.of(SWAGGER_UI, false)));
    }

    /** After the config files are read (so they count), before EmbeddedDefaults and JwtModeSettings. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE - 2;
    }
}
