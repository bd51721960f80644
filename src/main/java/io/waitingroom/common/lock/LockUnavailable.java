package io.waitingroom.common.lock;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;

/**
 * The lock service itself failed (not: somebody else holds the lock). Answers 503 unless the
 * caller's own writes are fence enough to go on without the lock.
 */
public class LockUnavailable extends ProblemException {

    LockUnavailable() {
        super(ProblemCode.LOCK_UNAVAILABLE, "Locking is briefly unavailable; retry shortly", 1);
    }
}
