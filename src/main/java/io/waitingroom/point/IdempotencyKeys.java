package io.waitingroom.point;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;

/** The optional {@code Idempotency-Key} header: absent, or 1..100 printable characters. */
public final class IdempotencyKeys {

    private IdempotencyKeys() {
    }

    public static String check(String key) {
        if (key == null) {
            return null;
        }
        if (key.isEmpty() || key.length() > 100 || !key.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
            throw new ProblemException(ProblemCode.INVALID_REQUEST, "Idempotency-Key must be 1..100 printable ASCII characters");
        }
        return key;
    }
}
