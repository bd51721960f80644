package io.waitingroom.common.lock;

import java.time.Duration;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Cluster-wide mutual exclusion by name. A lock here only keeps racers off the database; the
 * writes it guards are still conditional, so a lock that expires mid-operation cannot
 * double-book. Kept behind this small type so a test can replace it and prove exactly that.
 */
public interface NamedLocks {

    /**
     * Runs {@code work} while holding the lock {@code name}, releasing it on success, error and
     * cancel alike. Fails with {@code whenBusy} if the lock is not had within {@code wait}, and
     * with {@link LockUnavailable} if the lock service cannot be asked.
     */
    <T> Mono<T> withLock(String name, Duration wait, Duration lease, Supplier<Mono<T>> work,
                         Supplier<? extends RuntimeException> whenBusy);
}
