package io.waitingroom.common.problem;

import org.springframework.http.HttpStatus;

import static org.springframework.http.HttpStatus.BAD_REQUEST;
import static org.springframework.http.HttpStatus.CONFLICT;
import static org.springframework.http.HttpStatus.FORBIDDEN;
import static org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR;
import static org.springframework.http.HttpStatus.UNAUTHORIZED;

/**
 * Every problem the service can answer with: its stable machine code (the {@code code} of the
 * problem response), its HTTP status, and the key of its words in the pages' message files. The
 * contract (docs/api.md), the message files of both languages and the problem counter all
 * iterate this list, so a code cannot exist in one and be missing from another.
 */
public enum ProblemCode {

    INVALID_REQUEST(BAD_REQUEST),
    USER_ID_REQUIRED(BAD_REQUEST),
    INVALID_AMOUNT(BAD_REQUEST),
    TOO_MANY_SEATS(BAD_REQUEST),
    USE_SECTIONS(BAD_REQUEST),

    AUTHENTICATION_REQUIRED(UNAUTHORIZED),
    JWT_INVALID(UNAUTHORIZED),
    TOKEN_INVALID(UNAUTHORIZED),
    ADMIN_KEY_REQUIRED(UNAUTHORIZED),

    TOKEN_NOT_ACTIVE(FORBIDDEN),
    NOT_OWNER(FORBIDDEN),

    CONCERT_NOT_FOUND(HttpStatus.NOT_FOUND),
    SCHEDULE_NOT_FOUND(HttpStatus.NOT_FOUND),
    SEAT_NOT_FOUND(HttpStatus.NOT_FOUND),
    SECTION_NOT_FOUND(HttpStatus.NOT_FOUND),
    RESERVATION_NOT_FOUND(HttpStatus.NOT_FOUND),
    /** No such path. The plain-HTTP codes below are what the web layer itself refuses with. */
    NOT_FOUND(HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE),

    SEAT_UNAVAILABLE(CONFLICT),
    NOT_ENOUGH_SEATS(CONFLICT),
    SEAT_LIMIT_REACHED(CONFLICT),
    SOLD_OUT(CONFLICT),
    SCHEDULE_STARTED(CONFLICT),
    ALREADY_PAID(CONFLICT),
    HOLD_EXPIRED(CONFLICT),
    CANCEL_CLOSED(CONFLICT),
    RESERVATION_CANCELLED(CONFLICT),
    INSUFFICIENT_BALANCE(CONFLICT),
    IDEMPOTENCY_KEY_REUSED(CONFLICT),
    SALE_ALREADY_OPEN(CONFLICT),

    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS),

    INTERNAL_ERROR(INTERNAL_SERVER_ERROR),

    QUEUE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    TIMEOUT(HttpStatus.SERVICE_UNAVAILABLE),
    WALLET_BUSY(HttpStatus.SERVICE_UNAVAILABLE),
    LOCK_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE),
    IDENTITY_PROVIDER_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE);

    private final HttpStatus status;

    ProblemCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /** Where the pages find this problem's words: {@code errors.<CODE>} in static/i18n/{ko,en}.json. */
    public String messageKey() {
        return "errors." + name();
    }

    /**
     * The code of a refusal the web layer raised with a bare status (an unknown path, a wrong
     * method or media type): the plain-HTTP code of that status, else the general one of its class.
     */
    public static ProblemCode forStatus(HttpStatus status) {
        for (ProblemCode plain : new ProblemCode[]{NOT_FOUND, METHOD_NOT_ALLOWED, NOT_ACCEPTABLE, UNSUPPORTED_MEDIA_TYPE,
                INVALID_REQUEST, TOO_MANY_REQUESTS, SERVICE_UNAVAILABLE}) {
            if (plain.status == status) {
                return plain;
            }
        }
        return status.is4xxClientError() ? INVALID_REQUEST : INTERNAL_ERROR;
    }
}
