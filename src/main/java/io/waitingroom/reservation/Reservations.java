package io.waitingroom.reservation;

import java.time.Instant;

import io.r2dbc.spi.Readable;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reservation rows. The two ways out of HELD (paid, lapsed) are conditional on still being
 * HELD and on which side of {@code hold_expires_at} it is, so a payment racing the sweep is
 * decided by the database: exactly one of them matches.
 */
@Component
public class Reservations {

    private static final String COLUMNS = "id, user_id, schedule_id, seat_id, seat_number, price, status, hold_expires_at";

    private final DatabaseClient db;

    Reservations(DatabaseClient db) {
        this.db = db;
    }

    Mono<Long> insertHeld(String passId, long userId, long scheduleId, long seatId, int seatNumber, long price,
                          Instant holdExpiresAt, Instant now) {
        return db.sql("""
                        INSERT INTO reservation (pass_id, user_id, schedule_id, seat_id, seat_number, price, status, hold_expires_at, created_at)
                        VALUES (:passId, :userId, :scheduleId, :seatId, :seatNumber, :price, 'HELD', :holdExpiresAt, :now)""")
                .bind("passId", passId)
                .bind("userId", userId)
                .bind("scheduleId", scheduleId)
                .bind("seatId", seatId)
                .bind("seatNumber", seatNumber)
                .bind("price", price)
                .bind("holdExpiresAt", holdExpiresAt.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get(0, Long.class))
                .one();
    }

    public Mono<Reservation> find(long reservationId) {
        return db.sql("SELECT " + COLUMNS + " FROM reservation WHERE id = :id")
                .bind("id", reservationId)
                .map(Reservations::toReservation)
                .one();
    }

    /** HELD -> PAID while the hold is still in time. */
    public Mono<Boolean> markPaid(long reservationId, Instant now) {
        return db.sql("UPDATE reservation SET status = 'PAID' WHERE id = :id AND status = 'HELD' AND hold_expires_at > :now")
                .bind("id", reservationId)
                .bind("now", now.toEpochMilli())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** HELD -> EXPIRED once the hold is past its time. */
    Mono<Boolean> markExpired(long reservationId, Instant now) {
        return db.sql("UPDATE reservation SET status = 'EXPIRED' WHERE id = :id AND status = 'HELD' AND hold_expires_at <= :now")
                .bind("id", reservationId)
                .bind("now", now.toEpochMilli())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    Flux<Reservation> lapsedHolds(Instant now, int limit) {
        return db.sql("SELECT " + COLUMNS + " FROM reservation WHERE status = 'HELD' AND hold_expires_at <= :now ORDER BY hold_expires_at LIMIT " + limit)
                .bind("now", now.toEpochMilli())
                .map(Reservations::toReservation)
                .all();
    }

    private static Reservation toReservation(Readable row) {
        return new Reservation(row.get("id", Long.class), row.get("user_id", Long.class), row.get("schedule_id", Long.class),
                row.get("seat_id", Long.class), row.get("seat_number", Integer.class), row.get("price", Long.class),
                ReservationStatus.valueOf(row.get("status", String.class)),
                Instant.ofEpochMilli(row.get("hold_expires_at", Long.class)));
    }
}
