package io.waitingroom.concert;

import java.time.Instant;
import java.util.List;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Seats and their dates. Every status change is a conditional UPDATE on the status it leaves:
 * that condition, not any lock, is what sells a seat once. Each returns whether it matched, and
 * since the new status always differs from the required old one, "matched" means "changed"
 * (r2dbc-mysql reports matched rows).
 */
@Component
public class Seats {

    public static final int SEATS_PER_SCHEDULE = 50;

    public record Schedule(long scheduleId, long concertId, Instant startsAt) {
    }

    public record ScheduleAvailability(long scheduleId, Instant startsAt, long availableSeats) {
    }

    public record Seat(long seatId, int seatNumber, long price, SeatStatus status) {
    }

    private final DatabaseClient db;

    Seats(DatabaseClient db) {
        this.db = db;
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

    Mono<List<Seat>> of(long scheduleId) {
        return db.sql("SELECT id, seat_number, price, status FROM seat WHERE schedule_id = :scheduleId ORDER BY seat_number")
                .bind("scheduleId", scheduleId)
                .map(row -> new Seat(row.get("id", Long.class), row.get("seat_number", Integer.class),
                        row.get("price", Long.class), SeatStatus.valueOf(row.get("status", String.class))))
                .all()
                .collectList();
    }

    public Mono<Seat> find(long scheduleId, int seatNumber) {
        return db.sql("SELECT id, seat_number, price, status FROM seat WHERE schedule_id = :scheduleId AND seat_number = :number")
                .bind("scheduleId", scheduleId)
                .bind("number", seatNumber)
                .map(row -> new Seat(row.get("id", Long.class), row.get("seat_number", Integer.class),
                        row.get("price", Long.class), SeatStatus.valueOf(row.get("status", String.class))))
                .one();
    }

    /** AVAILABLE -> HELD; false when someone else has it. */
    public Mono<Boolean> hold(long seatId) {
        return transition(seatId, SeatStatus.AVAILABLE, SeatStatus.HELD);
    }

    /** HELD -> AVAILABLE, when a hold lapses. */
    public Mono<Boolean> release(long seatId) {
        return transition(seatId, SeatStatus.HELD, SeatStatus.AVAILABLE);
    }

    /** HELD -> RESERVED, when the hold is paid. */
    public Mono<Boolean> reserve(long seatId) {
        return transition(seatId, SeatStatus.HELD, SeatStatus.RESERVED);
    }

    private Mono<Boolean> transition(long seatId, SeatStatus from, SeatStatus to) {
        return db.sql("UPDATE seat SET status = :to WHERE id = :id AND status = :from")
                .bind("to", to.name())
                .bind("id", seatId)
                .bind("from", from.name())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }
}
