package io.waitingroom.identity;

import java.util.ArrayList;
import java.util.List;

import io.waitingroom.WaitingRoomApplication;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** jwt mode cannot be started unsafely: each missing setting is named, and nothing else starts. */
class JwtModeStartupTest {

    private static final String SECRET = "--waiting-room.token-secret=" + "s".repeat(32);
    private static final String ADMIN = "--waiting-room.admin-key=an-admin-key";
    private static final String KEY = "--spring.security.oauth2.resourceserver.jwt.public-key-location=file:/nowhere.pem";

    @Test
    void withNothingSetAllThreeAreNamed() {
        assertThatThrownBy(() -> start())
                .isInstanceOf(JwtModeSettings.Missing.class)
                .hasMessageContaining("waiting-room.token-secret (at least 32 bytes")
                .hasMessageContaining("waiting-room.admin-key")
                .hasMessageContaining("spring.security.oauth2.resourceserver.jwt.public-key-location, "
                        + "spring.security.oauth2.resourceserver.jwt.jwk-set-uri, spring.security.oauth2.resourceserver.jwt.issuer-uri");
    }

    @Test
    void aTokenSecretOf31BytesIsNotEnough() {
        assertThat(missing(ADMIN, KEY, "--waiting-room.token-secret=" + "s".repeat(31)))
                .singleElement().asString().startsWith("waiting-room.token-secret");
        assertThat(missing(ADMIN, KEY, "--waiting-room.token-secret=" + " ".repeat(40)))
                .singleElement().asString().startsWith("waiting-room.token-secret");
    }

    @Test
    void aMissingAdminKeyIsNamed() {
        assertThat(missing(SECRET, KEY)).containsExactly("waiting-room.admin-key");
        assertThat(missing(SECRET, KEY, "--waiting-room.admin-key= ")).containsExactly("waiting-room.admin-key");
    }

    @Test
    void aMissingKeySourceIsNamed() {
        assertThat(missing(SECRET, ADMIN)).singleElement().asString()
                .startsWith("the identity provider's keys: one of spring.security.oauth2.resourceserver.jwt.public-key-location");
    }

    @Test
    void anyOneKeySourceWithTheSecretAndTheAdminKeyPassesTheCheck() {
        for (String source : List.of("public-key-location", "jwk-set-uri", "issuer-uri")) {
            MockEnvironment environment = new MockEnvironment()
                    .withProperty(IdentityMode.PROPERTY, "jwt")
                    .withProperty(JwtModeSettings.TOKEN_SECRET, "s".repeat(32))
                    .withProperty(JwtModeSettings.ADMIN_KEY, "an-admin-key")
                    .withProperty("spring.security.oauth2.resourceserver.jwt." + source, "https://id.example.test/x");
            assertThatCode(() -> JwtModeSettings.check(environment)).as(source).doesNotThrowAnyException();
        }
    }

    @Test
    void anUnknownModeIsRefused() {
        assertThatThrownBy(() -> SpringApplication.run(WaitingRoomApplication.class, "--waiting-room.identity.mode=oidc",
                "--server.port=0").close())
                .hasMessageContaining("waiting-room.identity.mode must be 'header' or 'jwt', not 'oidc'");
    }

    @Test
    void theStartFailureSaysWhatToSet() {
        JwtModeSettings.Missing missing = (JwtModeSettings.Missing) catchFailure(SECRET, KEY);
        FailureAnalysis analysis = new JwtModeSettingsFailureAnalyzer().analyze(missing);
        assertThat(analysis.getDescription()).contains("refuses to start without: waiting-room.admin-key");
        assertThat(analysis.getAction()).startsWith("Set each of these").contains("\n  - waiting-room.admin-key\n");
    }

    private static List<String> missing(String... settings) {
        return ((JwtModeSettings.Missing) catchFailure(settings)).settings();
    }

    private static Throwable catchFailure(String... settings) {
        try {
            start(settings);
        } catch (JwtModeSettings.Missing expected) {
            return expected;
        }
        throw new AssertionError("jwt mode started without complaint");
    }

    private static void start(String... settings) {
        List<String> args = new ArrayList<>(List.of(settings));
        args.add("--waiting-room.identity.mode=jwt");
        args.add("--server.port=0"); // should the check ever let it through
        SpringApplication.run(WaitingRoomApplication.class, args.toArray(String[]::new)).close();
    }
}
