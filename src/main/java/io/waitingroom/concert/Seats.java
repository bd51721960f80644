package io.waitingroom.concert;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Seats and their dates. Every status change is a conditional UPDATE on the status it leaves:
 * that condition, not any lock, is what sells a seat once. Each returns how many it matched, and
 * since the new status always differs from the required old one, "matched" means "changed"
 * (r2dbc-mysql reports matched rows).
 */
@Component
public class Seats {

    private static final String SEAT = """
            SELECT seat.id, seat.seat_number, seat.price, seat.status, seat.section_id, seat.seat_row, seat.seat_in_row,
                   sec.name AS section_name
            FROM seat JOIN seat_section sec ON sec.id = seat.section_id""";

    public record Schedule(long scheduleId, long concertId, Instant startsAt) {
    }

    public record ScheduleAvailability(long scheduleId, Instant startsAt, long availableSeats) {
    }

    /** A seat: its number on the date (1..N), and its place (section, row, number in the row). */
    public record Seat(long seatId, int seatNumber, long price, SeatStatus status, long sectionId, int row, int number,
                       String label) {
    }

    private final DatabaseClient db;

    Seats(DatabaseClient db) {
        this.db = db;
    }

    /** What buyers read: the section's name, then row-number. */
    public static String label(String sectionName, int row, int number) {
        return sectionName + " " + row + "-" + number;
    }

    public Mono<Schedule> schedule(long scheduleId) {
        return db.sql("SELECT id, concert_id, starts_at FROM concert_schedule WHERE id = :id")
                .bind("id", scheduleId)
                .map(row -> new Schedule(row.get("id", Long.class), row.get("concert_id", Long.class),
                        Instant.ofEpochMilli(row.get("starts_at", Long.class))))
                .one();
    }

    Mono<List<ScheduleAvailability>> withFreeSeats(long concertId, Instant now) {
        return db.sql("""
                        SELECT s.id, s.starts_at, COUNT(seat.id) AS free_seats
                        FROM concert_schedule s JOIN seat ON seat.schedule_id = s.id
                        WHERE s.concert_id = :concertId AND s.starts_at > :now AND seat.status = 'AVAILABLE'
                        GROUP BY s.id, s.starts_at
                        ORDER BY s.starts_at""")
                .bind("concertId", concertId)
                .bind("now", now.toEpochMilli())
                .map(row -> new ScheduleAvailability(row.get("id", Long.class),
                        Instant.ofEpochMilli(row.get("starts_at", Long.class)), row.get("free_seats", Long.class)))
                .all()
                .collectList();
    }

    /** Every seat of a date, by number: for small dates only (the caller checks the size). */
    Mono<List<Seat>> of(long scheduleId) {
        return db.sql(SEAT + " WHERE seat.schedule_id = :scheduleId ORDER BY seat.seat_number")
                .bind("scheduleId", scheduleId)
                .map(Seats::toSeat)
                .all()
                .collectList();
    }

    /** The seats of one section, row by row (their numbers on the date run row by row). */
    public Mono<List<Seat>> inSection(long scheduleId, long sectionId) {
        return db.sql(SEAT + " WHERE seat.section_id = :sectionId AND seat.schedule_id = :scheduleId ORDER BY seat.seat_number")
                .bind("sectionId", sectionId)
                .bind("scheduleId", scheduleId)
                .map(Seats::toSeat)
                .all()
                .collectList();
    }

    /** The free seats of one section, row by row: what best available chooses from. */
    public Mono<List<Seat>> freeInSection(long scheduleId, long sectionId) {
        return db.sql(SEAT + " WHERE seat.section_id = :sectionId AND seat.schedule_id = :scheduleId AND seat.status = 'AVAILABLE'"
                        + " ORDER BY seat.seat_number")
                .bind("sectionId", sectionId)
                .bind("scheduleId", scheduleId)
                .map(Seats::toSeat)
                .all()
                .collectList();
    }

    public Mono<Seat> find(long scheduleId, int seatNumber) {
        return db.sql(SEAT + " WHERE seat.schedule_id = :scheduleId AND seat.seat_number = :number")
                .bind("scheduleId", scheduleId)
                .bind("number", seatNumber)
                .map(Seats::toSeat)
                .one();
    }

    /** Those of the given seats that are on this date, by id. */
    public Mono<List<Seat>> byIds(long scheduleId, Collection<Long> seatIds) {
        return db.sql(SEAT + " WHERE seat.id IN (:ids) AND seat.schedule_id = :scheduleId ORDER BY seat.id")
                .bind("ids", seatIds)
                .bind("scheduleId", scheduleId)
                .map(Seats::toSeat)
                .all()
                .collectList();
    }

    /** AVAILABLE -> HELD; false when someone else has it. */
    public Mono<Boolean> hold(long seatId) {
        return transition(List.of(seatId), SeatStatus.AVAILABLE, SeatStatus.HELD).map(changed -> changed == 1);
    }

    /** HELD -> AVAILABLE, when a hold lapses: how many were changed. */
    public Mono<Long> release(Collection<Long> seatIds) {
        return transition(seatIds, SeatStatus.HELD, SeatStatus.AVAILABLE);
    }

    /** HELD -> RESERVED, when the hold is paid: how many were changed. */
    public Mono<Long> reserve(Collection<Long> seatIds) {
        return transition(seatIds, SeatStatus.HELD, SeatStatus.RESERVED);
    }

    /** RESERVED -> AVAILABLE, when a paid reservation is cancelled and refunded: how many were changed. */
    public Mono<Long> returnToSale(Collection<Long> seatIds) {
        return transition(seatIds, SeatStatus.RESERVED, SeatStatus.AVAILABLE);
    }

    private Mono<Long> transition(Collection<Long> seatIds, SeatStatus from, SeatStatus to) {
        return db.sql("UPDATE seat SET status = :to WHERE id IN (:ids) AND status = :from")
                .bind("to", to.name())
                .bind("ids", seatIds)
                .bind("from", from.name())
                .fetch()
                .rowsUpdated();
    }

    private static Seat toSeat(Readable row) {
        int seatRow = row.get("seat_row", Integer.class);
        int number = row.get("seat_in_row", Integer.class);
        return new Seat(row.get("id", Long.class), row.get("seat_number", Integer.class), row.get("price", Long.class),
                SeatStatus.valueOf(row.get("status", String.class)), row.get("section_id", Long.class), seatRow, number,
                label(row.get("section_name", String.class), seatRow, number));
    }
}
