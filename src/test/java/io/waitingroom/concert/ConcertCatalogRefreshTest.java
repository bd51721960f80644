package io.waitingroom.concert;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import io.waitingroom.support.MutableClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A concert set up on this instance is on sale at once, even when a background re-read that began
 * before it was written is still running when the set-up asks for a fresh copy, and whichever
 * finishes last. (Caffeine hands a refresh asked for mid-read the running read; before the fix
 * the new concert was then 404 until a later miss re-read, and never under the tests' still clock.)
 * Reads run on the caller's thread here, so each step happens when the test says.
 */
class ConcertCatalogRefreshTest {

    private static final Duration CALL = Duration.ofSeconds(5);
    private static final ConcertCatalog.Concert OLD = new ConcertCatalog.Concert(1, "Old", "Hall", "UTC", 4);
    private static final ConcertCatalog.Concert NEW = new ConcertCatalog.Concert(2, "New", "Hall", "UTC", 4);

    private final MutableClock clock = new MutableClock();
    private final Sinks.One<List<ConcertCatalog.Concert>> staleRead = Sinks.one();
    private final ConcurrentLinkedQueue<Mono<List<ConcertCatalog.Concert>>> reads = new ConcurrentLinkedQueue<>(List.of(
            Mono.just(List.of(OLD)),
            staleRead.asMono(),
            Mono.just(List.of(OLD, NEW))));
    private final ConcertCatalog catalog = new ConcertCatalog(Mono.defer(reads::remove), Schedulers.immediate(), clock);

    @Test
    void aRefreshAfterAChangeSeesItThoughAnOlderReadIsRunningAndEndsLater() {
        assertThat(catalog.find(1).block(CALL)).isEqualTo(OLD);
        // The copy grows old: the next look starts a background re-read, which is held mid-way.
        clock.advance(Duration.ofSeconds(11));
        assertThat(catalog.find(1).block(CALL)).isEqualTo(OLD);
        assertThat(reads).as("the background re-read has begun").hasSize(1);

        // Concert 2 is written now, and its set-up asks for a fresh copy while the old read runs.
        catalog.refresh().block(CALL);
        assertThat(catalog.find(2).block(CALL)).isEqualTo(NEW);

        staleRead.tryEmitValue(List.of(OLD));
        assertThat(catalog.find(2).block(CALL)).as("the older read, ending last, does not hide it").isEqualTo(NEW);
        assertThat(catalog.all().block(CALL)).containsExactly(OLD, NEW);
    }
}
