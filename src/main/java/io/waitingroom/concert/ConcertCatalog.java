package io.waitingroom.concert;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import io.waitingroom.queue.QueueableConcerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final long REFRESH_MILLIS = 10_000;
    private static final long MISS_REFRESH_MILLIS = 1_000;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(ConcertCatalog.class);

    public record Concert(long concertId, String title, String venue) {
    }

    private static final class Copy {
        final List<Concert> concerts;
        final Set<Long> ids;
        final long readAtMillis;
        volatile boolean missed;

        Copy(List<Concert> concerts, long readAtMillis) {
            this.concerts = List.copyOf(concerts);
            this.ids = concerts.stream().map(Concert::concertId).collect(Collectors.toUnmodifiableSet());
            this.readAtMillis = readAtMillis;
        }

        boolean staleAt(long now) {
            long age = now - readAtMillis;
            return age < 0 || age >= (missed ? MISS_REFRESH_MILLIS : REFRESH_MILLIS);
        }
    }

    private final Mono<Copy> copy;
    private volatile Copy last;

    ConcertCatalog(DatabaseClient db, Clock clock) {
        this.copy = db.sql("SELECT id, title, venue FROM concert ORDER BY id")
                .map(row -> new Concert(row.get("id", Long.class), row.get("title", String.class), row.get("venue", String.class)))
                .all()
                .collectList()
                // A read that never answers must not hang every entry behind it.
                .timeout(READ_TIMEOUT)
                .doOnError(error -> log.warn("Reading the concerts failed: {}", error.toString()))
                .map(concerts -> new Copy(concerts, clock.millis()))
                .doOnNext(read -> last = read)
                .cacheInvalidateIf(read -> read.staleAt(clock.millis()));
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
        if (known != null) {
            // Perhaps a concert added since: the copy may now be re-read a second after it was.
            // (Marked before subscribing: subscribing to the cache again from inside its own
            // emission would wait for a read that has already finished.)
            known.missed = true;
        }
        return copy.map(read -> read.ids.contains(concertId));
    }

    @Override
    public Flux<Long> ids() {
        return copy.flatMapIterable(read -> read.ids);
    }
}
