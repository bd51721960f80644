package io.waitingroom.identity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says at start, without a stack trace, which jwt-mode settings are missing. */
class JwtModeSettingsFailureAnalyzer extends AbstractFailureAnalyzer<JwtModeSettings.Missing> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, JwtModeSettings.Missing cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set each of these, as a property or as an environment variable (WAITING_ROOM_TOKEN_SECRET, "
                        + "WAITING_ROOM_ADMIN_KEY, SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_PUBLIC_KEY_LOCATION, ...):\n  - "
                        + String.join("\n  - ", cause.settings())
                        + "\nSee docs/identity.md. Or run in waiting-room.identity.mode=header behind a trusted gateway.",
                cause);
    }
}
