package io.waitingroom.identity;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;

/** A user id as the service knows it: a positive {@code long}, written in decimal digits. */
public final class UserId {

    public static final String HEADER = "X-User-Id";

    private UserId() {
    }

    /** The gateway's {@code X-User-Id} header (header mode): a positive number, or 400 USER_ID_REQUIRED. */
    public static long parse(String header) {
        long value = valueOf(header);
        if (value == 0) {
            throw missing();
        }
        return value;
    }

    /**
     * The {@code sub} of a JWT (jwt mode). Stricter than the header: only the canonical form
     * (no leading zero), so that one user has exactly one subject string.
     *
     * @return the user id, or 0 when the subject is not one
     */
    static long ofSubject(String subject) {
        if (subject == null || subject.isEmpty() || subject.charAt(0) == '0') {
            return 0;
        }
        return valueOf(subject);
    }

    /** Digits only, at most 19, no overflow, above zero; 0 for anything else (0 is never a user). */
    private static long valueOf(String digits) {
        if (digits == null || digits.isEmpty() || digits.length() > 19) {
            return 0;
        }
        long value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return 0;
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                return 0;
            }
        }
        return value;
    }

    private static ProblemException missing() {
        return new ProblemException(ProblemCode.USER_ID_REQUIRED, "X-User-Id must be a positive number");
    }
}
