package io.waitingroom.concert.setup;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import io.waitingroom.concert.ConcertCatalog;
import io.waitingroom.concert.SeatRecount;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/**
 * Puts concerts and their dates on sale: the operators' API and the demo data both come through
 * here. A date is written in one transaction (the date, its sections, every seat in batches), so
 * a buyer sees all of it or none. Ids are the next free ones; two operators adding at once meet
 * the primary key and the later one takes the next.
 */
@Component
public class ConcertSetup {

    /** Seats per INSERT: big enough that a 100,000-seat date is a few dozen statements. */
    private static final int SEATS_PER_STATEMENT = 1_000;
    private static final int ID_ATTEMPTS = 5;

    public record SectionCreated(long sectionId, String name, String grade, long price, int rows, int seatsPerRow, long seats) {
    }

    public record ScheduleCreated(long scheduleId, Instant startsAt, String localStartsAt, long seats,
                                  List<SectionCreated> sections) {
    }

    private static final Logger log = LoggerFactory.getLogger(ConcertSetup.class);

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final ConcertCatalog catalog;
    private final SeatRecount recount;
    private final Clock clock;
    private final boolean embedded;

    ConcertSetup(DatabaseClient db, TransactionalOperator tx, ConcertCatalog catalog, SeatRecount recount, Clock clock) {
        this.recount = recount;
        this.db = db;
        this.embedded = "H2".equalsIgnoreCase(db.getConnectionFactory().getMetadata().getName());
        this.tx = tx;
        this.catalog = catalog;
        this.clock = clock;
    }

    public Mono<ConcertCatalog.Concert> createConcert(NewConcert draft) {
        return Mono.fromRunnable(() -> refuse(draft.violations()))
                .then(Mono.defer(() -> nextId("concert")).flatMap(id -> insertConcert(id, draft)))
                .retryWhen(onIdTaken())
                .flatMap(concert -> catalog.refresh().thenReturn(concert));
    }

    /** The demo's way in: a concert under a fixed id, so that every instance seeds the same one once. */
    Mono<ConcertCatalog.Concert> createConcert(long concertId, NewConcert draft) {
        refuse(draft.violations());
        return insertConcert(concertId, draft);
    }

    public Mono<ScheduleCreated> addSchedule(long concertId, NewSchedule draft) {
        return catalog.find(concertId)
                .switchIfEmpty(Mono.error(new ProblemException(ProblemCode.CONCERT_NOT_FOUND, "No concert " + concertId)))
                .flatMap(concert -> Mono.defer(() -> nextId("concert_schedule"))
                        .flatMap(id -> addSchedule(concert, id, draft))
                        .retryWhen(onIdTaken()))
                // The line learns of the new seats now, not at the next recount: a sold-out concert reopens.
                .flatMap(created -> recount.recount(concertId, true)
                        .onErrorResume(error -> {
                            log.warn("Seats of concert {} not recounted after a new date; the next timed recount will: {}",
                                    concertId, error.toString());
                            return Mono.just(false);
                        })
                        .thenReturn(created));
    }

    /** The demo's way in: a date under a fixed id. */
    Mono<ScheduleCreated> addSchedule(ConcertCatalog.Concert concert, long scheduleId, NewSchedule draft) {
        ZoneId zone = ZoneId.of(concert.timeZone());
        Instant now = clock.instant();
        return Mono.fromRunnable(() -> refuse(draft.violations(zone, now)))
                .then(Mono.defer(() -> writeSchedule(concert.concertId(), scheduleId, draft.start(zone), draft)))
                .map(sections -> new ScheduleCreated(scheduleId, draft.start(zone),
                        DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(draft.start(zone).atZone(zone)),
                        draft.seats(), sections))
                .as(tx::transactional);
    }

    private Mono<ConcertCatalog.Concert> insertConcert(long id, NewConcert draft) {
        ConcertCatalog.Concert concert = new ConcertCatalog.Concert(id, draft.title().strip(), draft.venue().strip(),
                draft.zone(), draft.seatLimit(), draft.cancelPeriod());
        return db.sql("""
                        INSERT INTO concert (id, title, venue, time_zone, max_seats_per_user, cancel_until_seconds)
                        VALUES (:id, :title, :venue, :zone, :limit, :cancelUntil)""")
                .bind("id", id)
                .bind("title", concert.title())
                .bind("venue", concert.venue())
                .bind("zone", concert.timeZone())
                .bind("limit", concert.maxSeatsPerUser())
                .bind("cancelUntil", concert.cancelUntil().toSeconds())
                .then()
                .thenReturn(concert);
    }

    private Mono<List<SectionCreated>> writeSchedule(long concertId, long scheduleId, Instant start, NewSchedule draft) {
        Mono<Void> schedule = db.sql("INSERT INTO concert_schedule (id, concert_id, starts_at) VALUES (:id, :concertId, :startsAt)")
                .bind("id", scheduleId)
                .bind("concertId", concertId)
                .bind("startsAt", start.toEpochMilli())
                .then();
        List<Integer> firstSeatNumbers = new ArrayList<>();
        int next = 1;
        for (NewSchedule.NewSection section : draft.sections()) {
            firstSeatNumbers.add(next);
            next += (int) section.seats();
        }
        return schedule.thenMany(Flux.range(0, draft.sections().size())
                        .concatMap(i -> writeSection(scheduleId, i + 1, firstSeatNumbers.get(i), draft.sections().get(i))))
                .collectList();
    }

    private Mono<SectionCreated> writeSection(long scheduleId, int position, int firstSeatNumber, NewSchedule.NewSection draft) {
        String name = draft.name().strip();
        String grade = draft.grade().strip();
        return db.sql("""
                        INSERT INTO seat_section (schedule_id, position, name, grade, price, seat_rows, seats_per_row)
                        VALUES (:scheduleId, :position, :name, :grade, :price, :rows, :seatsPerRow)""")
                .bind("scheduleId", scheduleId)
                .bind("position", position)
                .bind("name", name)
                .bind("grade", grade)
                .bind("price", draft.price())
                .bind("rows", draft.rows())
                .bind("seatsPerRow", draft.seatsPerRow())
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(sectionId -> writeSeats(scheduleId, sectionId, firstSeatNumber, draft)
                        .thenReturn(new SectionCreated(sectionId, name, grade, draft.price(), draft.rows(), draft.seatsPerRow(),
                                draft.seats())));
    }

    /**
     * The seats, row by row. On MySQL and MariaDB in multi-row INSERTs: every value is a number the
     * server made, so they are written into the statement, one parse per thousand seats instead of
     * seven binds per seat. On the embedded H2, whose parser is the slow part of a long VALUES list,
     * one INSERT ... SELECT over a generated range does it (a 50,000-seat date in well under a second).
     */
    private Mono<Void> writeSeats(long scheduleId, long sectionId, int firstSeatNumber, NewSchedule.NewSection draft) {
        int total = (int) draft.seats();
        if (embedded) {
            return db.sql("""
                            INSERT INTO seat (schedule_id, section_id, seat_number, seat_row, seat_in_row, price, status)
                            SELECT :scheduleId, :sectionId, :first + X, X / :perRow + 1, MOD(X, :perRow) + 1, :price, 'AVAILABLE'
                            FROM SYSTEM_RANGE(0, :last)""")
                    .bind("scheduleId", scheduleId)
                    .bind("sectionId", sectionId)
                    .bind("first", (long) firstSeatNumber)
                    .bind("perRow", (long) draft.seatsPerRow())
                    .bind("price", draft.price())
                    .bind("last", (long) total - 1)
                    .then();
        }
        return Flux.range(0, (total + SEATS_PER_STATEMENT - 1) / SEATS_PER_STATEMENT)
                .concatMap(batch -> {
                    StringBuilder sql = new StringBuilder(
                            "INSERT INTO seat (schedule_id, section_id, seat_number, seat_row, seat_in_row, price, status) VALUES ");
                    int from = batch * SEATS_PER_STATEMENT;
                    int to = Math.min(total, from + SEATS_PER_STATEMENT);
                    for (int i = from; i < to; i++) {
                        sql.append(i == from ? "(" : ",(").append(scheduleId).append(',').append(sectionId).append(',')
                                .append(firstSeatNumber + i).append(',').append(i / draft.seatsPerRow() + 1).append(',')
                                .append(i % draft.seatsPerRow() + 1).append(',').append(draft.price()).append(",'AVAILABLE')");
                    }
                    return db.sql(sql.toString()).then();
                })
                .then();
    }

    private Mono<Long> nextId(String table) {
        return db.sql("SELECT COALESCE(MAX(id), 0) + 1 AS next_id FROM " + table)
                .map(row -> row.get("next_id", Long.class))
                .one();
    }

    /** Someone else took the id between our read and our write: read the next one and try again. */
    private static Retry onIdTaken() {
        return Retry.max(ID_ATTEMPTS - 1).filter(DataIntegrityViolationException.class::isInstance)
                .onRetryExhaustedThrow((spec, signal) -> signal.failure());
    }

    private static void refuse(List<String> violations) {
        if (!violations.isEmpty()) {
            throw new ProblemException(ProblemCode.INVALID_REQUEST, String.join("; ", violations));
        }
    }
}
