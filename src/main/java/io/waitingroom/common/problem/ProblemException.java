package io.waitingroom.common.problem;

import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on: its {@link ProblemCode} (which fixes the HTTP status) and a
 * detail for people. No stack trace is captured: these are expected outcomes (a lost seat race, a
 * forged token flood), and filling a stack for each would make the error path far slower than the
 * success path.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final long retryAfterSeconds;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, 0);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} when above 0 */
    public ProblemException(ProblemCode code, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return code.status();
    }

    public ProblemCode code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
