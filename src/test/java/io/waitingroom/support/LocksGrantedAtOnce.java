package io.waitingroom.support;

import java.time.Duration;
import java.util.function.Supplier;

import io.waitingroom.common.lock.NamedLocks;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import reactor.core.publisher.Mono;

/**
 * Named locks that every caller "gets" at once, on its own thread: for tests of what stands
 * behind the locks (the conditional writes) and of work that runs right where the lock was granted.
 */
@TestConfiguration(proxyBeanMethods = false)
public class LocksGrantedAtOnce {

    @Bean
    @Primary
    NamedLocks grantedAtOnce() {
        return new NamedLocks() {
            @Override
            public <T> Mono<T> withLock(String name, Duration wait, Duration lease, Supplier<Mono<T>> work,
                                        Supplier<? extends RuntimeException> whenBusy) {
                return Mono.defer(work);
            }
        };
    }
}
