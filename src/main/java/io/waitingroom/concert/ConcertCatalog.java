package io.waitingroom.concert;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.waitingroom.queue.QueueableConcerts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The concerts on sale. Queue entries ask "does this concert exist?" at stampede rates, so the
 * answer comes from a copy in memory: a Caffeine cache of one entry, refreshed in the background
 * every few seconds, and after a miss at most once a second (a new concert shows up quickly,
 * unknown ids cannot flood the database). Caffeine shares one read among all who ask while it runs
 * and keeps the last good copy when a refresh fails.
 *
 * <p>A refresh asked for while a background one runs would be handed the running one, which may
 * have read before the change its caller just made. So {@link #refresh()} makes a read of its own,
 * each copy carries the count of changes announced before its read began, and a copy never
 * replaces one that has seen more.
 */
@Component
public class ConcertCatalog implements QueueableConcerts {

    private static final Duration REFRESH = Duration.ofSeconds(10);
    private static final Duration MISS_REFRESH = Duration.ofSeconds(1);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final String ALL = "all";
    private static final Logger log = LoggerFactory.getLogger(ConcertCatalog.class);

    /**
     * @param cancelUntil how long before a date starts its paid reservations may still be cancelled
     *                    for a refund (answered as an ISO-8601 duration, {@code "PT24H"})
     */
    public record Concert(long concertId, String title, String venue, String timeZone, int maxSeatsPerUser,
                          Duration cancelUntil) {

        /** How long a concert left without a cancel period may be cancelled until: 24 hours before a date. */
        public static final Duration DEFAULT_CANCEL_UNTIL = Duration.ofHours(24);

        /** A concert with the default cancel period. */
        public Concert(long concertId, String title, String venue, String timeZone, int maxSeatsPerUser) {
            this(concertId, title, venue, timeZone, maxSeatsPerUser, DEFAULT_CANCEL_UNTIL);
        }
    }

    private record Listing(List<Concert> concerts, Map<Long, Concert> byId, long readAtMillis, long changesSeen) {

        Listing(List<Concert> concerts, long readAtMillis, long changesSeen) {
            this(List.copyOf(concerts), concerts.stream().collect(Collectors.toUnmodifiableMap(Concert::concertId, c -> c)),
                    readAtMillis, changesSeen);
        }
    }

    private final AsyncLoadingCache<String, Listing> listing;
    private final AtomicLong changes = new AtomicLong();
    private final Mono<List<Concert>> read;
    private final Scheduler readOn;
    private final Clock clock;

    @Autowired
    ConcertCatalog(DatabaseClient db, Clock clock) {
        this(db.sql("SELECT id, title, venue, time_zone, max_seats_per_user, cancel_until_seconds FROM concert ORDER BY id")
                .map(row -> new Concert(row.get("id", Long.class), row.get("title", String.class), row.get("venue", String.class),
                        row.get("time_zone", String.class), row.get("max_seats_per_user", Integer.class),
                        Duration.ofSeconds(row.get("cancel_until_seconds", Long.class))))
                .all()
                // Off the caller's thread: the embedded H2 reads on the thread that subscribes.
                .collectList(), Schedulers.boundedElastic(), clock);
    }

    ConcertCatalog(Mono<List<Concert>> concerts, Scheduler readOn, Clock clock) {
        this.clock = clock;
        this.readOn = readOn;
        this.read = concerts
                // A read that never answers must not hang every entry behind it.
                .timeout(READ_TIMEOUT)
                .doOnError(error -> log.warn("Reading the concerts failed: {}", error.toString()));
        this.listing = Caffeine.newBuilder()
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .refreshAfterWrite(REFRESH)
                // The loader only starts a read; running it on the caller keeps the catalog off the
                // common pool, which has one thread on a two-core machine.
                .executor(Runnable::run)
                .buildAsync((key, executor) -> readNow().toFuture());
    }

    public Mono<List<Concert>> all() {
        return current().map(Listing::concerts);
    }

    @Override
    public Mono<Boolean> exists(long concertId) {
        return find(concertId).hasElement();
    }

    /** The concert, or empty when there is none (after a re-read if the copy may be missing a new one). */
    public Mono<Concert> find(long concertId) {
        CompletableFuture<Listing> copy = listing.get(ALL);
        Listing known = copy.isDone() && !copy.isCompletedExceptionally() ? copy.join() : null;
        if (known != null && known.byId().containsKey(concertId)) {
            return Mono.just(known.byId().get(concertId));
        }
        if (known != null && (known.changesSeen() < changes.get() || maySeeANewConcert(known))) {
            // Perhaps a concert added since: re-read (Caffeine joins refreshes already running).
            return shared(listing.synchronous().refresh(ALL)).mapNotNull(read -> read.byId().get(concertId));
        }
        return shared(copy).mapNotNull(read -> read.byId().get(concertId));
    }

    /** Re-reads the concerts now: a concert just set up on this instance is on sale at once. */
    public Mono<Void> refresh() {
        changes.incrementAndGet();
        return readNow().doOnNext(this::keepIfNewest).then();
    }

    @Override
    public Flux<Long> ids() {
        return current().flatMapIterable(read -> read.byId().keySet());
    }

    private Mono<Listing> readNow() {
        return Mono.defer(() -> {
            long changesSeen = changes.get();
            return read.subscribeOn(readOn).map(concerts -> new Listing(concerts, clock.millis(), changesSeen));
        });
    }

    private void keepIfNewest(Listing fresh) {
        listing.asMap().compute(ALL, (key, kept) -> kept != null && kept.isDone() && !kept.isCompletedExceptionally()
                && kept.join().changesSeen() > fresh.changesSeen() ? kept : CompletableFuture.completedFuture(fresh));
    }

    private boolean maySeeANewConcert(Listing known) {
        long age = clock.millis() - known.readAtMillis();
        return age < 0 || age >= MISS_REFRESH.toMillis();
    }

    private Mono<Listing> current() {
        return shared(listing.get(ALL));
    }

    /** A caller that goes away must not cancel the read that others are waiting for too. */
    private static Mono<Listing> shared(CompletableFuture<Listing> read) {
        return Mono.fromFuture(read, true);
    }
}
