package io.waitingroom.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.waitingroom.queue.LuaScripts.Script;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * A concert's seat counts where its admission tick reads them, in the line's own hash slot
 * (wr:{c}:inventory): free, held and sold, in all and per date to come. Holds, releases, payments
 * and cancellations move them as they commit; the database stays the truth, and a recount
 * ({@code concert.SeatRecount}) replaces them on a timer. A move that fails is logged and left to
 * that recount: it never fails the sale that made it.
 */
@Component
public class SeatInventory {

    private static final Script MOVE = Script.load("move_seats");
    private static final Script RECOUNT = Script.load("recount_seats");
    private static final Logger log = LoggerFactory.getLogger(SeatInventory.class);
    /** What a recount passes instead of the moves it saw: write whatever moved since. */
    public static final String FORCE = "force";

    /** One date's counts, as the database has them. */
    public record DateCounts(long scheduleId, long free, long held, long sold) {
    }

    private final LuaScripts scripts;
    private final ReactiveStringRedisTemplate redis;

    SeatInventory(LuaScripts scripts, ReactiveStringRedisTemplate redis) {
        this.scripts = scripts;
        this.redis = redis;
    }

    /** Seats of a date taken by a hold. */
    public Mono<Void> held(long concertId, long scheduleId, int seats) {
        return move(concertId, scheduleId, -seats, seats, 0);
    }

    /** Held seats free again: the hold lapsed or was cancelled. */
    public Mono<Void> released(long concertId, long scheduleId, int seats) {
        return move(concertId, scheduleId, seats, -seats, 0);
    }

    public Mono<Void> sold(long concertId, long scheduleId, int seats) {
        return move(concertId, scheduleId, 0, -seats, seats);
    }

    /** Sold seats free again: the buyer cancelled and was refunded. */
    public Mono<Void> returned(long concertId, long scheduleId, int seats) {
        return move(concertId, scheduleId, seats, 0, -seats);
    }

    /** The moves counter to pass to {@link #recount} after reading the database ("-" before any). */
    public Mono<String> movesSeen(long concertId) {
        return redis.<String, String>opsForHash().get(QueueKeys.of(concertId).inventory(), "moves").defaultIfEmpty("-");
    }

    /** Writes the counts unless a move landed since {@code movesSeen} ({@link #FORCE}: write anyway); true when written. */
    public Mono<Boolean> recount(long concertId, String movesSeen, List<DateCounts> dates) {
        long free = 0;
        long held = 0;
        long sold = 0;
        List<String> args = new ArrayList<>();
        args.add(movesSeen);
        for (DateCounts date : dates) {
            free += date.free();
            held += date.held();
            sold += date.sold();
            add(args, "free:" + date.scheduleId(), date.free());
            add(args, "held:" + date.scheduleId(), date.held());
            add(args, "sold:" + date.scheduleId(), date.sold());
        }
        add(args, "free", free);
        add(args, "held", held);
        add(args, "sold", sold);
        return scripts.integer(RECOUNT, new String[]{QueueKeys.of(concertId).inventory()}, args.toArray(String[]::new))
                .map(written -> written == 1);
    }

    /** The counts as they stand: free, held, sold and their per-date fields. */
    public Mono<Map<String, String>> counts(long concertId) {
        return redis.<String, String>opsForHash().entries(QueueKeys.of(concertId).inventory())
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    private Mono<Void> move(long concertId, long scheduleId, int free, int held, int sold) {
        return scripts.integer(MOVE, new String[]{QueueKeys.of(concertId).inventory()}, Long.toString(scheduleId),
                        Integer.toString(free), Integer.toString(held), Integer.toString(sold))
                .onErrorResume(error -> {
                    log.warn("Seat counts of concert {} not moved ({} free, {} held, {} sold) until the next recount: {}",
                            concertId, free, held, sold, error.toString());
                    return Mono.empty();
                })
                .then();
    }

    private static void add(List<String> args, String field, long value) {
        args.add(field);
        args.add(Long.toString(value));
    }
}
