package io.waitingroom.common.identity;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says at start, without a stack trace, which jwt-mode settings are missing. */
class JwtModeSettingsFailureAnalyzer extends AbstractFailureAnalyzer<JwtModeSettings.Missing> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, JwtModeSettings.Missing cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Set " + String.join(", and ", cause.settings())
                        + " (README, \"Identity\"), or run in waiting-room.identity.mode=header behind a trusted gateway.",
                cause);
    }
}
