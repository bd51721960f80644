package io.waitingroom.concert;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.waitingroom.queue.SeatInventory;
import io.waitingroom.queue.SeatInventory.DateCounts;
import io.waitingroom.queue.WaitingRoomProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Recounts each concert's seats from the database into the inventory its admission ticks read
 * ({@link SeatInventory}), at start and then every {@code waiting-room.inventory-recount}: the
 * moves made as seats change hands keep the counts current, this keeps them true (a move lost to
 * a crash or a Redis blip is off for one recount at most). A recount that a move raced is dropped;
 * after {@value #DROPS_BEFORE_FORCE} dropped in a row (a busy sale) the next one is written anyway.
 * Only dates to come count: a date that has begun sells nothing more.
 */
@Component
public class SeatRecount implements SmartLifecycle {

    static final int DROPS_BEFORE_FORCE = 3;
    private static final Logger log = LoggerFactory.getLogger(SeatRecount.class);

    private final DatabaseClient db;
    private final ConcertCatalog catalog;
    private final SeatInventory inventory;
    private final WaitingRoomProperties properties;
    private final Clock clock;
    private final Map<Long, Integer> dropped = new ConcurrentHashMap<>();
    private volatile Disposable running;

    SeatRecount(DatabaseClient db, ConcertCatalog catalog, SeatInventory inventory, WaitingRoomProperties properties,
                Clock clock) {
        this.db = db;
        this.catalog = catalog;
        this.inventory = inventory;
        this.properties = properties;
        this.clock = clock;
    }

    /** Recounts one concert; {@code force} writes even if a move raced the read (a new date must show at once). */
    public Mono<Boolean> recount(long concertId, boolean force) {
        return (force ? Mono.just(SeatInventory.FORCE) : inventory.movesSeen(concertId))
                .flatMap(seen -> datesToCome(concertId).flatMap(dates -> inventory.recount(concertId, seen, dates)));
    }

    /** Every concert once: what the timer runs. */
    public Mono<Long> recountAll() {
        return catalog.ids()
                .concatMap(concertId -> {
                    boolean force = dropped.getOrDefault(concertId, 0) >= DROPS_BEFORE_FORCE;
                    return recount(concertId, force)
                            .doOnNext(written -> dropped.compute(concertId, (id, drops) -> written ? null : (drops == null ? 1 : drops + 1)))
                            .onErrorResume(error -> {
                                log.warn("Recounting the seats of concert {} failed: {}", concertId, error.toString());
                                return Mono.empty();
                            });
                })
                .count();
    }

    private Mono<List<DateCounts>> datesToCome(long concertId) {
        return db.sql("""
                        SELECT st.schedule_id, st.status, COUNT(*) AS seats
                        FROM seat st JOIN concert_schedule s ON s.id = st.schedule_id
                        WHERE s.concert_id = :concertId AND s.starts_at > :now
                        GROUP BY st.schedule_id, st.status""")
                .bind("concertId", concertId)
                .bind("now", clock.millis())
                .map(row -> new Object[]{row.get("schedule_id", Long.class), row.get("status", String.class),
                        row.get("seats", Long.class)})
                .all()
                .collectList()
                // Off the caller's thread: the embedded H2 reads on the thread that subscribes.
                .subscribeOn(Schedulers.boundedElastic())
                .map(SeatRecount::byDate);
    }

    private static List<DateCounts> byDate(List<Object[]> rows) {
        Map<Long, long[]> counts = new LinkedHashMap<>();
        for (Object[] row : rows) {
            long[] date = counts.computeIfAbsent((Long) row[0], id -> new long[3]);
            date[SeatStatus.valueOf((String) row[1]).ordinal()] += (Long) row[2];
        }
        return counts.entrySet().stream()
                .map(date -> new DateCounts(date.getKey(), date.getValue()[SeatStatus.AVAILABLE.ordinal()],
                        date.getValue()[SeatStatus.HELD.ordinal()], date.getValue()[SeatStatus.RESERVED.ordinal()]))
                .toList();
    }

    @Override
    public void start() {
        if (!properties.schedulerEnabled()) {
            return;
        }
        Duration every = properties.inventoryRecount();
        running = Flux.interval(Duration.ZERO, every, Schedulers.parallel())
                .onBackpressureDrop()
                .concatMap(beat -> recountAll()
                        .timeout(every.multipliedBy(4))
                        .onErrorResume(error -> {
                            log.warn("A seat recount round failed or ran past its deadline: {}", error.toString());
                            return Mono.empty();
                        }), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
        running = null;
    }

    @Override
    public boolean isRunning() {
        return running != null && !running.isDisposed();
    }
}
