package io.waitingroom.bench;

import org.springframework.context.annotation.Profile;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Benchmark-only handlers of the box-office figures (profile {@code bench}, test code), used by
 * {@link SellOut}: the database's own limit for a sale (bare conditional seat updates over the
 * app's R2DBC pool) and the seat accounting of a date read by SQL. Driven by src/bench/run.sh.
 */
@Profile("bench")
@RestController
@RequestMapping("/bench/boxoffice")
class BoxOfficeBenchmark {

    private final DatabaseClient db;

    BoxOfficeBenchmark(DatabaseClient db) {
        this.db = db;
    }

    record DbLimit(long scheduleId, int count, int concurrency, long updated, double millis, double perSecond) {
    }

    /**
     * The floor of a sale: {@code count} free seats of the date each taken by one bare conditional
     * update ({@code UPDATE seat SET status = 'RESERVED' WHERE id = ? AND status = 'AVAILABLE'},
     * its own statement, no transaction), {@code concurrency} at a time. Each update is subscribed
     * on the bounded-elastic scheduler, as the embedded H2 runs a statement on the subscribing
     * thread: otherwise they would run one after another whatever the concurrency.
     */
    @PostMapping("/db-limit")
    Mono<DbLimit> dbLimit(@RequestParam long scheduleId, @RequestParam int count, @RequestParam(defaultValue = "32") int concurrency) {
        return db.sql("SELECT id FROM seat WHERE schedule_id = :scheduleId AND status = 'AVAILABLE' ORDER BY id LIMIT :count")
                .bind("scheduleId", scheduleId)
                .bind("count", count)
                .map(row -> row.get("id", Long.class))
                .all()
                .collectList()
                .flatMap(ids -> {
                    long start = System.nanoTime();
                    return Flux.fromIterable(ids)
                            .flatMap(id -> db.sql("UPDATE seat SET status = :to WHERE id = :id AND status = :from")
                                    .bind("to", "RESERVED")
                                    .bind("id", id)
                                    .bind("from", "AVAILABLE")
                                    .fetch()
                                    .rowsUpdated()
                                    .subscribeOn(Schedulers.boundedElastic()), concurrency)
                            .reduce(0L, Long::sum)
                            .map(updated -> {
                                double millis = (System.nanoTime() - start) / 1e6;
                                return new DbLimit(scheduleId, ids.size(), concurrency, updated, millis, ids.size() * 1000.0 / millis);
                            });
                });
    }

    record Check(long scheduleId, long seats, long available, long held, long reserved,
                 long reservedInExactlyOnePaid, long reservedNotInExactlyOnePaid, long seatsInMoreThanOnePaid,
                 long paidSeatsNotReserved, long heldNotInExactlyOneHeld, long paidReservations, long paidSeatCount,
                 long payments, long paymentAmount, long paidPrice, boolean ok) {
    }

    /** The seat accounting of a date, read by SQL from the tables themselves. */
    @GetMapping("/check")
    Mono<Check> check(@RequestParam long scheduleId) {
        Mono<long[]> statuses = count("""
                SELECT COUNT(*) AS n,
                       COALESCE(SUM(CASE WHEN status = 'AVAILABLE' THEN 1 ELSE 0 END), 0) AS available,
                       COALESCE(SUM(CASE WHEN status = 'HELD' THEN 1 ELSE 0 END), 0) AS held,
                       COALESCE(SUM(CASE WHEN status = 'RESERVED' THEN 1 ELSE 0 END), 0) AS reserved
                FROM seat WHERE schedule_id = :scheduleId""", scheduleId, "n", "available", "held", "reserved");
        Mono<long[]> reservedInOnePaid = count("""
                SELECT COUNT(*) AS n FROM seat s WHERE s.schedule_id = :scheduleId AND s.status = 'RESERVED' AND
                  (SELECT COUNT(*) FROM reservation_seat rs JOIN reservation r ON r.id = rs.reservation_id
                   WHERE rs.seat_id = s.id AND r.status = 'PAID') = 1""", scheduleId, "n");
        Mono<long[]> inMoreThanOnePaid = count("""
                SELECT COUNT(*) AS n FROM (SELECT rs.seat_id FROM reservation_seat rs JOIN reservation r ON r.id = rs.reservation_id
                  WHERE r.schedule_id = :scheduleId AND r.status = 'PAID' GROUP BY rs.seat_id HAVING COUNT(*) > 1) twice""",
                scheduleId, "n");
        Mono<long[]> paidNotReserved = count("""
                SELECT COUNT(*) AS n FROM reservation_seat rs JOIN reservation r ON r.id = rs.reservation_id
                  JOIN seat s ON s.id = rs.seat_id
                WHERE r.schedule_id = :scheduleId AND r.status = 'PAID' AND s.status <> 'RESERVED'""", scheduleId, "n");
        Mono<long[]> heldNotInOneHeld = count("""
                SELECT COUNT(*) AS n FROM seat s WHERE s.schedule_id = :scheduleId AND s.status = 'HELD' AND
                  (SELECT COUNT(*) FROM reservation_seat rs JOIN reservation r ON r.id = rs.reservation_id
                   WHERE rs.seat_id = s.id AND r.status = 'HELD') <> 1""", scheduleId, "n");
        Mono<long[]> paid = count("""
                SELECT COUNT(*) AS n, COALESCE(SUM(r.seat_count), 0) AS seats, COALESCE(SUM(r.price), 0) AS price,
                       COALESCE(SUM((SELECT COUNT(*) FROM payment p WHERE p.reservation_id = r.id)), 0) AS payments,
                       COALESCE(SUM((SELECT COALESCE(SUM(p.amount), 0) FROM payment p WHERE p.reservation_id = r.id)), 0) AS amount
                FROM reservation r WHERE r.schedule_id = :scheduleId AND r.status = 'PAID'""",
                scheduleId, "n", "seats", "price", "payments", "amount");
        return Mono.zip(statuses, reservedInOnePaid, inMoreThanOnePaid, paidNotReserved, heldNotInOneHeld, paid).map(read -> {
            long[] s = read.getT1();
            long[] p = read.getT6();
            long inOne = read.getT2()[0];
            boolean ok = s[0] == s[1] + s[2] + s[3] && inOne == s[3] && read.getT3()[0] == 0 && read.getT4()[0] == 0
                    && read.getT5()[0] == 0 && p[1] == s[3] && p[3] == p[0] && p[4] == p[2];
            return new Check(scheduleId, s[0], s[1], s[2], s[3], inOne, s[3] - inOne, read.getT3()[0], read.getT4()[0],
                    read.getT5()[0], p[0], p[1], p[3], p[4], p[2], ok);
        });
    }

    private Mono<long[]> count(String sql, long scheduleId, String... columns) {
        return db.sql(sql)
                .bind("scheduleId", scheduleId)
                .map(row -> {
                    long[] values = new long[columns.length];
                    for (int i = 0; i < columns.length; i++) {
                        Number value = row.get(columns[i], Number.class);
                        values[i] = value == null ? 0 : value.longValue();
                    }
                    return values;
                })
                .one()
                .subscribeOn(Schedulers.boundedElastic());
    }
}
