package io.waitingroom.concert;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Three concerts, each with four future dates of 50 seats, created once. Fixed ids make it safe
 * at every start and on several instances starting together: whoever inserts a concert first
 * seeds it, the others meet the primary key and skip it.
 */
@Component
@ConditionalOnProperty(name = "booking.demo-data", havingValue = "true", matchIfMissing = true)
class DemoData implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DemoData.class);
    private static final String[][] CONCERTS = {
            {"IU HEREH World Tour", "KSPO Dome, Seoul"},
            {"BTS Yet To Come", "Busan Asiad Main Stadium"},
            {"Seoul Philharmonic: Mahler 2", "Seoul Arts Center"},
    };
    private static final int DATES_PER_CONCERT = 4;

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final Clock clock;
    private volatile boolean seeded;

    DemoData(DatabaseClient db, TransactionalOperator tx, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * Seeds before the web server and the schedulers start (they run in later phases), so that no
     * request and no catalog refresh ever sees half of the demo data. Start-up, not a request
     * path: blocking is fine here.
     */
    @Override
    public void start() {
        Flux.range(1, CONCERTS.length)
                .concatMap(this::seedConcert)
                .then()
                .block(Duration.ofSeconds(60));
        seeded = true;
    }

    @Override
    public int getPhase() {
        return 0;
    }

    @Override
    public void stop() {
    }

    @Override
    public boolean isRunning() {
        return seeded;
    }

    private Mono<Void> seedConcert(int concertId) {
        LocalDate firstDate = LocalDate.now(clock).plusDays(7);
        Mono<Void> concert = db.sql("INSERT INTO concert (id, title, venue) VALUES (:id, :title, :venue)")
                .bind("id", (long) concertId)
                .bind("title", CONCERTS[concertId - 1][0])
                .bind("venue", CONCERTS[concertId - 1][1])
                .then();
        Mono<Void> dates = Flux.range(0, DATES_PER_CONCERT)
                .concatMap(n -> seedSchedule(concertId * 100L + n + 1, concertId,
                        firstDate.plusDays(7L * n).atTime(LocalTime.of(19, 0)).toInstant(ZoneOffset.UTC).toEpochMilli()))
                .then();
        return concert.then(dates)
                .as(tx::transactional)
                .doOnSuccess(done -> log.info("Seeded demo concert {}", concertId))
                .onErrorResume(DataIntegrityViolationException.class, alreadyThere -> Mono.empty());
    }

    private Mono<Void> seedSchedule(long scheduleId, long concertId, long startsAt) {
        StringBuilder seats = new StringBuilder("INSERT INTO seat (schedule_id, seat_number, price, status) VALUES ");
        for (int number = 1; number <= Seats.SEATS_PER_SCHEDULE; number++) {
            long price = number <= 10 ? 150_000 : number <= 30 ? 110_000 : 80_000;
            seats.append(number == 1 ? "" : ",").append('(').append(scheduleId).append(',').append(number)
                    .append(',').append(price).append(",'AVAILABLE')");
        }
        return db.sql("INSERT INTO concert_schedule (id, concert_id, starts_at) VALUES (:id, :concertId, :startsAt)")
                .bind("id", scheduleId)
                .bind("concertId", concertId)
                .bind("startsAt", startsAt)
                .then()
                .then(db.sql(seats.toString()).then());
    }
}
