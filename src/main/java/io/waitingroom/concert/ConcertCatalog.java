package io.waitingroom.concert;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.waitingroom.queue.QueueableConcerts;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The concerts on sale. Queue entries ask "does this concert exist?" at stampede rates, so the
 * answer comes from a copy in memory, re-read from the database every few seconds or, after a
 * miss, at most once a second (a new concert shows up quickly, unknown ids cannot flood the
 * database). Reactor's cache shares one read among everybody who arrives while it runs.
 */
@Component
public class ConcertCatalog implements QueueableConcerts {

    private static final long REFRESH_NANOS = 10_000_000_000L;
    private static final long MISS_REFRESH_NANOS = 1_000_000_000L;

    public record Concert(long concertId, String title, String venue) {
    }

    private static final class Copy {
        final List<Concert> concerts;
        final Set<Long> ids;
        final long readAtNanos = System.nanoTime();
        volatile boolean missed;

        Copy(List<Concert> concerts) {
            this.concerts = List.copyOf(concerts);
            this.ids = concerts.stream().map(Concert::concertId).collect(Collectors.toUnmodifiableSet());
        }

        boolean stale() {
            return System.nanoTime() - readAtNanos >= (missed ? MISS_REFRESH_NANOS : REFRESH_NANOS);
        }
    }

    private final Mono<Copy> copy;
    private volatile Copy last;

    ConcertCatalog(DatabaseClient db) {
        this.copy = db.sql("SELECT id, title, venue FROM concert ORDER BY id")
                .map(row -> new Concert(row.get("id", Long.class), row.get("title", String.class), row.get("venue", String.class)))
                .all()
                .collectList()
                .map(Copy::new)
                .doOnNext(read -> last = read)
                .cacheInvalidateIf(Copy::stale);
    }

    public Mono<List<Concert>> all() {
        return copy.map(read -> read.concerts);
    }

    @Override
    public Mono<Boolean> exists(long concertId) {
        Copy known = last;
        if (known != null && known.ids.contains(concertId)) {
            return Mono.just(true);
        }
        return copy.flatMap(read -> {
            if (read.ids.contains(concertId)) {
                return Mono.just(true);
            }
            // Perhaps a concert added since: this copy may now be re-read a second after it was.
            read.missed = true;
            return copy.map(again -> again.ids.contains(concertId));
        });
    }

    @Override
    public Flux<Long> ids() {
        return copy.flatMapIterable(read -> read.ids);
    }
}
