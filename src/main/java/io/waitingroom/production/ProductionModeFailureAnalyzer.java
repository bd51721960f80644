package io.waitingroom.production;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Says at start, without a stack trace, every setting that keeps production mode from starting. */
class ProductionModeFailureAnalyzer extends AbstractFailureAnalyzer<ProductionMode.Refused> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, ProductionMode.Refused cause) {
        return new FailureAnalysis(ProductionMode.PROPERTY + "=true refuses to start with these settings:\n  - "
                + String.join("\n  - ", cause.violations()),
                "Fix each of these, as a property or as an environment variable (WAITING_ROOM_TOKEN_SECRET, "
                        + "MANAGEMENT_SERVER_PORT, ...); see docs/operations.md. For a local try-out, "
                        + "run with " + ProductionMode.PROPERTY + "=false.",
                cause);
    }
}
