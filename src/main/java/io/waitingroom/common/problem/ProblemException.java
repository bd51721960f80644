package io.waitingroom.common.problem;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

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
    /** Empty and shared until a member is added: the flooded error paths allocate nothing for it. */
    private Map<String, Object> extensions = Map.of();

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, 0);
    }

    /** @param retryAfterSeconds sent as {@code Retry-After} when above 0 */
    public ProblemException(ProblemCode code, String detail, long retryAfterSeconds) {
        super(detail, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Adds a member to the problem body: a number, or a collection of numbers (e.g. the taken {@code seatIds}). */
    public ProblemException with(String member, Object value) {
        if (!(value instanceof Number) && !(value instanceof Collection<?> all && all.stream().allMatch(Number.class::isInstance))) {
            throw new IllegalArgumentException("A problem member is a number or numbers: " + member);
        }
        if (extensions.isEmpty()) {
            extensions = new LinkedHashMap<>();
        }
        extensions.put(member, value);
        return this;
    }

    public Map<String, Object> extensions() {
        return extensions;
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
