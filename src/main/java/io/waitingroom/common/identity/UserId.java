package io.waitingroom.common.identity;

import io.waitingroom.common.problem.ProblemException;

/** The caller named by the gateway's {@code X-User-Id} header: a positive number or nothing. */
public final class UserId {

    public static final String HEADER = "X-User-Id";

    private UserId() {
    }

    public static long parse(String header) {
        if (header == null || header.isEmpty() || header.length() > 19) {
            throw missing();
        }
        long value = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c < '0' || c > '9') {
                throw missing();
            }
            value = value * 10 + (c - '0');
            if (value < 0) {
                throw missing();
            }
        }
        if (value <= 0) {
            throw missing();
        }
        return value;
    }

    private static ProblemException missing() {
        return ProblemException.badRequest("USER_ID_REQUIRED", "X-User-Id must be a positive number");
    }
}
