package io.waitingroom.production;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.waitingroom.WaitingRoomApplication;
import io.waitingroom.common.embedded.EmbeddedDefaults;
import io.waitingroom.identity.JwtModeSettings;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * waiting-room.production=true starts only with production settings: each unsafe one is named
 * at start (all of them at once), before anything embedded starts. Each case starts the
 * application with a safe set of settings but one.
 */
class ProductionModeTest {

    private static final String SECRET = "t".repeat(40);
    private static final String ADMIN = "a".repeat(40);

    /** Safe settings for header mode behind a trusted gateway. */
    private static Map<String, String> safe() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("waiting-room.production", "true");
        settings.put("waiting-room.identity.trusted-gateway", "true");
        settings.put("spring.data.redis.host", "127.0.0.1");
        settings.put("spring.r2dbc.url", "r2dbc:h2:mem:///production-test");
        settings.put("waiting-room.token-secret", SECRET);
        settings.put("waiting-room.admin-key", ADMIN);
        settings.put("server.port", "0");
        settings.put("management.server.port", "9001");
        return settings;
    }

    private static Map<String, String> safeJwt() {
        Map<String, String> settings = safe();
        settings.remove("waiting-room.identity.trusted-gateway");
        settings.put("waiting-room.identity.mode", "jwt");
        settings.put("spring.security.oauth2.resourceserver.jwt.jwk-set-uri", "https://id.example.test/jwks");
        settings.put("spring.security.oauth2.resourceserver.jwt.issuer-uri", "https://id.example.test");
        settings.put("spring.security.oauth2.resourceserver.jwt.audiences", "waiting-room");
        return settings;
    }

    @Test
    void theSafeSettingsPassTheChecksInBothModes() {
        assertThat(ProductionMode.violations(environment(safe()))).isEmpty();
        assertThat(ProductionMode.violations(environment(safeJwt()))).isEmpty();
    }

    @Test
    void withNothingSetEveryProblemIsNamedAtOnce() {
        List<String> violations = refusals(Map.of("waiting-room.production", "true", "server.port", "0"));
        assertThat(violations).hasSize(6);
        assertThat(violations.get(0)).startsWith("waiting-room.identity.mode is header: set waiting-room.identity.trusted-gateway=true");
        assertThat(violations.get(1)).startsWith("no Redis is configured");
        assertThat(violations.get(2)).startsWith("no database is configured");
        assertThat(violations.get(3)).startsWith("waiting-room.token-secret is not set");
        assertThat(violations.get(4)).startsWith("waiting-room.admin-key is not set");
        assertThat(violations.get(5)).startsWith("management.server.port is not set");
    }

    @Test
    void headerModeWithoutATrustedGatewayIsRefused() {
        Map<String, String> settings = safe();
        settings.remove("waiting-room.identity.trusted-gateway");
        assertThat(refusals(settings)).containsExactly("waiting-room.identity.mode is header: set "
                + "waiting-room.identity.trusted-gateway=true if a trusted gateway authenticates every caller and sets "
                + "X-User-Id itself, or use waiting-room.identity.mode=jwt");
        settings.put("waiting-room.identity.trusted-gateway", "false");
        assertThat(refusals(settings)).singleElement().asString().startsWith("waiting-room.identity.mode is header");
    }

    @Test
    void anEmbeddedRedisIsRefused() {
        Map<String, String> settings = safe();
        settings.remove("spring.data.redis.host");
        assertThat(refusals(settings)).containsExactly("no Redis is configured, so an embedded one would start: "
                + "set spring.data.redis.host (or url, cluster.nodes, sentinel.master)");
    }

    @Test
    void anEmbeddedDatabaseIsRefused() {
        Map<String, String> settings = safe();
        settings.remove("spring.r2dbc.url");
        assertThat(refusals(settings)).containsExactly(
                "no database is configured, so an in-memory H2 would be used: set spring.r2dbc.url");
    }

    @Test
    void aMissingShortOrPlaceholderTokenSecretIsRefused() {
        assertSecretRefused("waiting-room.token-secret");
    }

    @Test
    void aMissingShortOrPlaceholderAdminKeyIsRefused() {
        assertSecretRefused("waiting-room.admin-key");
    }

    private static void assertSecretRefused(String name) {
        Map<String, String> settings = safe();
        settings.put(name, " ");
        assertThat(refusals(settings)).containsExactly(name + " is not set (a generated one is not shared by "
                + "instances or restarts): set a random one of at least 32 bytes");
        settings.put(name, "s".repeat(31));
        assertThat(refusals(settings)).containsExactly(name + " is shorter than 32 bytes: set a random one of at least 32 bytes");
        for (String placeholder : List.of("change-me-compose-token-secret-0123456789", "change-me-admin-key",
                "change-me-and-make-it-long-enough-please")) {
            settings.put(name, placeholder);
            assertThat(refusals(settings)).as(placeholder).containsExactly(name
                    + " is a placeholder published in this repository: set a random one of at least 32 bytes");
        }
    }

    @Test
    void theDevelopmentJwtKeyIsRefusedByPathAndByContent() throws IOException {
        String refused = "spring.security.oauth2.resourceserver.jwt.public-key-location is the development key of "
                + "dev/jwt/ (its private half is public): point it at the identity provider's key, or use jwk-set-uri";
        Map<String, String> settings = safeJwt();
        settings.remove("spring.security.oauth2.resourceserver.jwt.jwk-set-uri");
        settings.put("spring.security.oauth2.resourceserver.jwt.public-key-location", "file:dev/jwt/dev-public.pem");
        assertThat(refusals(settings)).containsExactly(refused);

        Path copy = Files.createTempFile("jwt-public", ".pem");
        try {
            Files.copy(Path.of("dev/jwt/dev-public.pem"), copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            settings.put("spring.security.oauth2.resourceserver.jwt.public-key-location", copy.toUri().toString());
            assertThat(refusals(settings)).containsExactly(refused);
        } finally {
            Files.delete(copy);
        }
    }

    @Test
    void jwtModeWithoutAnAudienceIsRefused() {
        Map<String, String> settings = safeJwt();
        settings.remove("spring.security.oauth2.resourceserver.jwt.audiences");
        assertThat(refusals(settings)).containsExactly("spring.security.oauth2.resourceserver.jwt.audiences is not set: "
                + "set it to this service's audience, so that a JWT meant for another service is refused");
    }

    @Test
    void jwtModeWithoutAnIssuerIsRefused() {
        Map<String, String> settings = safeJwt();
        settings.remove("spring.security.oauth2.resourceserver.jwt.issuer-uri");
        assertThat(refusals(settings)).containsExactly("spring.security.oauth2.resourceserver.jwt.issuer-uri is not set: "
                + "set it to the identity provider's issuer, so that a JWT of another issuer is refused (Spring Boot then takes "
                + "the keys from the issuer, or from jwk-set-uri when set; public-key-location is not used)");
    }

    @Test
    void managementOnThePublicPortIsRefused() {
        Map<String, String> settings = safe();
        settings.remove("management.server.port");
        assertThat(refusals(settings)).containsExactly("management.server.port is not set: the actuator endpoints "
                + "(metrics, prometheus) would be on the public port; set another port and keep it off the public ingress");
        settings.put("server.port", "9001");
        settings.put("management.server.port", "9001");
        assertThat(refusals(settings)).containsExactly("management.server.port equals server.port: the actuator "
                + "endpoints (metrics, prometheus) would be on the public port; set another port and keep it off the public ingress");
    }

    @Test
    void theStartFailureListsEveryProblemAndWhatToDo() {
        Map<String, String> settings = safe();
        settings.remove("management.server.port");
        settings.put("waiting-room.admin-key", "change-me-admin-key");
        ProductionMode.Refused refused = catchRefusal(settings);
        FailureAnalysis analysis = new ProductionModeFailureAnalyzer().analyze(refused);
        assertThat(analysis.getDescription()).isEqualTo("waiting-room.production=true refuses to start with these settings:\n"
                + "  - waiting-room.admin-key is a placeholder published in this repository: set a random one of at least 32 bytes\n"
                + "  - management.server.port is not set: the actuator endpoints (metrics, prometheus) would be on the "
                + "public port; set another port and keep it off the public ingress");
        assertThat(analysis.getAction()).contains("docs/operations.md").endsWith("run with waiting-room.production=false.");
    }

    @Test
    void swaggerUiIsOffUnlessSetOutsideApplicationYml() {
        String applicationYml = "Config resource 'class path resource [application.yml]' via location 'optional:classpath:/'";
        MockEnvironment defaults = environment(safe());
        defaults.getPropertySources().addLast(new MapPropertySource(applicationYml, Map.of("springdoc.swagger-ui.enabled", true)));
        new ProductionMode().postProcessEnvironment(defaults, new SpringApplication());
        assertThat(defaults.getProperty("springdoc.swagger-ui.enabled", Boolean.class)).isFalse();

        MockEnvironment nothing = environment(safe());
        new ProductionMode().postProcessEnvironment(nothing, new SpringApplication());
        assertThat(nothing.getProperty("springdoc.swagger-ui.enabled", Boolean.class)).isFalse();

        Map<String, String> explicit = safe();
        explicit.put("springdoc.swagger-ui.enabled", "true");
        MockEnvironment on = environment(explicit);
        on.getPropertySources().addLast(new MapPropertySource(applicationYml, Map.of("springdoc.swagger-ui.enabled", true)));
        new ProductionMode().postProcessEnvironment(on, new SpringApplication());
        assertThat(on.getProperty("springdoc.swagger-ui.enabled", Boolean.class)).isTrue();
    }

    /** Spring sorts the post-processors by order: the check runs before anything embedded can start. */
    @Test
    void theCheckRunsBeforeTheEmbeddedDefaultsAndTheJwtModeCheck() {
        assertThat(new ProductionMode().getOrder())
                .isLessThan(new EmbeddedDefaults().getOrder())
                .isLessThan(new JwtModeSettings().getOrder());
    }

    @Test
    void offByDefaultNothingIsChecked() {
        Map<String, String> settings = new LinkedHashMap<>(Map.of("waiting-room.production", "false"));
        MockEnvironment environment = environment(settings);
        new ProductionMode().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("springdoc.swagger-ui.enabled")).isNull();
    }

    private static MockEnvironment environment(Map<String, String> settings) {
        MockEnvironment environment = new MockEnvironment();
        settings.forEach(environment::setProperty);
        return environment;
    }

    private static List<String> refusals(Map<String, String> settings) {
        return catchRefusal(settings).violations();
    }

    /**
     * Where the build points every test at real parts (the MariaDB and Cluster runs of .ci/run set
     * these as system properties), a case that leaves one out must not inherit it.
     */
    private static final List<String> OUTER_SETTINGS = List.of("spring.profiles.active", "spring.r2dbc.url",
            "spring.data.redis.host", "spring.data.redis.port", "spring.data.redis.url",
            "spring.data.redis.cluster.nodes", "spring.data.redis.sentinel.master");

    /** Starts the application for real, with these settings only: the check must refuse before anything is built. */
    private static ProductionMode.Refused catchRefusal(Map<String, String> settings) {
        List<String> args = new ArrayList<>();
        settings.forEach((name, value) -> args.add("--" + name + "=" + value));
        Map<String, String> outer = new LinkedHashMap<>();
        for (String name : OUTER_SETTINGS) {
            String value = System.clearProperty(name);
            if (value != null) {
                outer.put(name, value);
            }
        }
        try {
            SpringApplication.run(WaitingRoomApplication.class, args.toArray(String[]::new)).close();
        } catch (ProductionMode.Refused expected) {
            return expected;
        } finally {
            outer.forEach(System::setProperty);
        }
        throw new AssertionError("production mode started with " + Arrays.toString(args.toArray()));
    }
}
