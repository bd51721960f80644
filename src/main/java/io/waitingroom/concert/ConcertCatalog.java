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
 * answer comes from a copy in memory, re-read from the database every few seconds or, on a
 * miss, at most once a second (a new concert shows up quickly, unknown ids cannot flood the
 * database).
 */
@Component
public class ConcertCatalog implements QueueableConcerts {

    private static final long REFRESH_MILLIS = 10_000;
    private static final long MISS_REFRESH_MILLIS = 1_000;

    public record Concert(long concertId, String title, String venue) {
    }

    private final DatabaseClient db;
    private volatile List<Concert> concerts = List.of();
    private volatile Set<Long> ids = Set.of();
    private volatile long loadedAtNanos;
    private volatile boolean loaded;
    private Mono<Void> loading;

    ConcertCatalog(DatabaseClient db) {
        this.db = db;
    }

    public Mono<List<Concert>> all() {
        return fresh(REFRESH_MILLIS).then(Mono.fromSupplier(() -> concerts));
    }

    @Override
    public Mono<Boolean> exists(long concertId) {
        if (ids.contains(concertId)) {
            return Mono.just(true);
        }
        return fresh(MISS_REFRESH_MILLIS).then(Mono.fromSupplier(() -> ids.contains(concertId)));
    }

    @Override
    public Flux<Long> ids() {
        return fresh(REFRESH_MILLIS).thenMany(Flux.defer(() -> Flux.fromIterable(ids)));
    }

    /** Reloads when older than {@code maxAgeMillis}; callers arriving during a load wait for that same load. */
    private Mono<Void> fresh(long maxAgeMillis) {
        if (isFresh(maxAgeMillis)) {
            return Mono.empty();
        }
        synchronized (this) {
            if (isFresh(maxAgeMillis)) {
                return Mono.empty();
            }
            if (loading == null) {
                loading = db.sql("SELECT id, title, venue FROM concert ORDER BY id")
                        .map(row -> new Concert(row.get("id", Long.class), row.get("title", String.class), row.get("venue", String.class)))
                        .all()
                        .collectList()
                        .doOnNext(this::replace)
                        .doFinally(signal -> {
                            synchronized (this) {
                                loading = null;
                            }
                        })
                        .then()
                        .cache();
            }
            return loading;
        }
    }

    private boolean isFresh(long maxAgeMillis) {
        return loaded && System.nanoTime() - loadedAtNanos < maxAgeMillis * 1_000_000;
    }

    private void replace(List<Concert> fromDatabase) {
        concerts = List.copyOf(fromDatabase);
        ids = fromDatabase.stream().map(Concert::concertId).collect(Collectors.toUnmodifiableSet());
        loadedAtNanos = System.nanoTime();
        loaded = true;
    }
}
