package io.waitingroom.common.lock;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.waitingroom.common.problem.ProblemException;
import org.redisson.api.RLockReactive;
import org.redisson.api.RedissonClient;
import org.redisson.api.RedissonReactiveClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

@Component
public class RedissonNamedLocks implements NamedLocks {

    private static final Logger log = LoggerFactory.getLogger(RedissonNamedLocks.class);

    private final RedissonReactiveClient redisson;

    public RedissonNamedLocks(RedissonClient redisson) {
        this.redisson = redisson.reactive();
    }

    @Override
    public <T> Mono<T> withLock(String name, Duration wait, Duration lease, Supplier<Mono<T>> work,
                                Supplier<? extends RuntimeException> whenBusy) {
        RLockReactive lock = redisson.getLock(name);
        // Reactive code has no owning thread, so each attempt names its own owner id.
        long owner = ThreadLocalRandom.current().nextLong();
        Mono<Long> acquire = lock.tryLock(wait.toMillis(), lease.toMillis(), TimeUnit.MILLISECONDS, owner)
                .onErrorMap(error -> !(error instanceof ProblemException), error -> new LockUnavailable())
                .flatMap(acquired -> acquired ? Mono.just(owner) : Mono.error(whenBusy.get()));
        return Mono.usingWhen(acquire, held -> work.get(), held -> release(lock, held));
    }

    private static Mono<Void> release(RLockReactive lock, long owner) {
        // The lease may have run out mid-operation; the conditional write already decided the outcome.
        return lock.unlock(owner)
                .onErrorResume(error -> {
                    log.debug("Lock {} was no longer held at release: {}", lock.getName(), error.toString());
                    return Mono.empty();
                });
    }
}
