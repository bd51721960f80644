package io.waitingroom.common.problem;

import org.springframework.http.HttpStatus;

/**
 * A failure the client can act on: it carries the HTTP status and the stable machine code of
 * the problem response. No stack trace is captured: these are expected outcomes (a lost seat
 * race, a forged token flood), and filling a stack for each would make the error path far
 * slower than the success path.
 */
public class ProblemException extends RuntimeException {

    private final HttpStatus status;
    private final String code;
    private final long retryAfterSeconds;

    public ProblemException(HttpStatus status, String code, String detail) {
        this(status, code, detail, 0);
    }

    public ProblemException(HttpStatus status, String code, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public static ProblemException badRequest(String code, String detail) {
        return new ProblemException(HttpStatus.BAD_REQUEST, code, detail);
    }

    public static ProblemException notFound(String code, String detail) {
        return new ProblemException(HttpStatus.NOT_FOUND, code, detail);
    }

    public static ProblemException conflict(String code, String detail) {
        return new ProblemException(HttpStatus.CONFLICT, code, detail);
    }

    public static ProblemException forbidden(String code, String detail) {
        return new ProblemException(HttpStatus.FORBIDDEN, code, detail);
    }

    public static ProblemException unauthorized(String code, String detail) {
        return new ProblemException(HttpStatus.UNAUTHORIZED, code, detail);
    }

    public static ProblemException unavailable(String code, String detail, long retryAfterSeconds) {
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, code, detail, retryAfterSeconds);
    }
}
