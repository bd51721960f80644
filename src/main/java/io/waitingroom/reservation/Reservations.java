package io.waitingroom.reservation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.r2dbc.spi.Readable;
import io.waitingroom.concert.Seats;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reservation rows and their seats. The ways out of HELD (paid, lapsed, cancelled) are conditional
 * on still being HELD and on which side of {@code hold_expires_at} it is, so a payment racing the
 * sweep or a cancel is decided by the database: exactly one of them matches. The way out of PAID
 * (cancelled with a refund) is conditional on still being PAID, so it is taken, and refunded, once.
 */
@Component
public class Reservations {

    private static final String RESERVATION = """
            SELECT r.id, r.user_id, r.schedule_id, s.concert_id, s.starts_at, r.price, r.status, r.hold_expires_at, r.request,
                   r.refunded
            FROM reservation r JOIN concert_schedule s ON s.id = r.schedule_id""";
    private static final int LISTED = 100;

    /** A reservation as read, before its seats are joined to it; {@code request} is what its hold asked for. */
    private record Row(long reservationId, long userId, long scheduleId, long concertId, Instant startsAt, long price,
                       ReservationStatus status, Instant holdExpiresAt, String request, long refunded) {
    }

    /** A reservation made under an Idempotency-Key, with what its hold asked for. */
    record Keyed(Reservation reservation, String request) {
    }

    private final DatabaseClient db;

    Reservations(DatabaseClient db) {
        this.db = db;
    }

    /** A HELD reservation of these seats (first the row, then its seats): its id. */
    Mono<Long> insertHeld(String passId, long userId, long scheduleId, List<Seats.Seat> seats, Instant holdExpiresAt, Instant now,
                          String idempotencyKey, String request) {
        Seats.Seat first = seats.get(0);
        var insert = db.sql("""
                        INSERT INTO reservation (pass_id, user_id, schedule_id, seat_id, seat_number, price, status, hold_expires_at,
                                                 created_at, seat_count, idempotency_key, request)
                        VALUES (:passId, :userId, :scheduleId, :seatId, :seatNumber, :price, 'HELD', :holdExpiresAt, :now, :seatCount,
                                :key, :request)""")
                .bind("passId", passId)
                .bind("userId", userId)
                .bind("scheduleId", scheduleId)
                .bind("seatId", first.seatId())
                .bind("seatNumber", first.seatNumber())
                .bind("price", seats.stream().mapToLong(Seats.Seat::price).sum())
                .bind("holdExpiresAt", holdExpiresAt.toEpochMilli())
                .bind("now", now.toEpochMilli())
                .bind("seatCount", seats.size())
                .bind("request", request);
        insert = idempotencyKey == null ? insert.bindNull("key", String.class) : insert.bind("key", idempotencyKey);
        return insert.filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(id -> db.sql("INSERT INTO reservation_seat (reservation_id, seat_id) VALUES " + seats.stream()
                                .map(seat -> "(" + id + "," + seat.seatId() + ")").collect(Collectors.joining(",")))
                        .then()
                        .thenReturn(id));
    }

    public Mono<Reservation> find(long reservationId) {
        return withSeats(db.sql(RESERVATION + " WHERE r.id = :id").bind("id", reservationId).map(Reservations::toRow).all())
                .next();
    }

    /** The user's reservations, newest first. */
    Flux<Reservation> ofUser(long userId) {
        return withSeats(db.sql(RESERVATION + " WHERE r.user_id = :userId ORDER BY r.id DESC LIMIT " + LISTED)
                .bind("userId", userId)
                .map(Reservations::toRow)
                .all());
    }

    Mono<Keyed> byIdempotencyKey(long userId, String idempotencyKey) {
        return db.sql(RESERVATION + " WHERE r.user_id = :userId AND r.idempotency_key = :key")
                .bind("userId", userId)
                .bind("key", idempotencyKey)
                .map(Reservations::toRow)
                .one()
                .flatMap(row -> withSeats(Flux.just(row)).next().map(reservation -> new Keyed(reservation, row.request())));
    }

    /**
     * Makes the buyer's row for this date if it is not there yet, in a statement of its own before
     * the hold's transaction: inside it, only an existing row is locked, which takes no gap lock
     * and no shared lock that two holds could each wait on in turn.
     */
    Mono<Void> ensureBuyer(long userId, long scheduleId) {
        return db.sql("SELECT COUNT(*) FROM buyer_date WHERE user_id = :userId AND schedule_id = :scheduleId")
                .bind("userId", userId)
                .bind("scheduleId", scheduleId)
                .map(row -> ((Number) row.get(0)).longValue())
                .one()
                .flatMap(rows -> rows > 0 ? Mono.empty() : db.sql("INSERT INTO buyer_date (user_id, schedule_id) VALUES (:userId, :scheduleId)")
                        .bind("userId", userId)
                        .bind("scheduleId", scheduleId)
                        .then()
                        // Made by a racing first hold meanwhile: that one's row is as good.
                        .onErrorResume(DuplicateKeyException.class, already -> Mono.empty()));
    }

    /**
     * Takes the buyer's lock for this date in the caller's transaction, before anything there reads:
     * their other holds on it wait here until this one ends, and what it reads next (their seats) is
     * what those committed.
     */
    Mono<Void> lockBuyer(long userId, long scheduleId) {
        return db.sql("SELECT user_id FROM buyer_date WHERE user_id = :userId AND schedule_id = :scheduleId FOR UPDATE")
                .bind("userId", userId)
                .bind("scheduleId", scheduleId)
                .map(row -> 1)
                .all()
                .then();
    }

    /** How many seats the user holds (in time) or has bought on this date. */
    Mono<Long> seatsTaken(long userId, long scheduleId, Instant now) {
        return db.sql("""
                        SELECT COALESCE(SUM(seat_count), 0) AS seats FROM reservation
                        WHERE user_id = :userId AND schedule_id = :scheduleId
                          AND (status = 'PAID' OR (status = 'HELD' AND hold_expires_at > :now))""")
                .bind("userId", userId)
                .bind("scheduleId", scheduleId)
                .bind("now", now.toEpochMilli())
                .map(row -> ((Number) row.get("seats")).longValue())
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

    /** HELD -> CANCELLED while the hold is still in time (a lapsed one is the sweep's to release). */
    public Mono<Boolean> cancelHeld(long reservationId, Instant now) {
        return db.sql("""
                        UPDATE reservation SET status = 'CANCELLED', cancelled_at = :now, refunded = 0
                        WHERE id = :id AND status = 'HELD' AND hold_expires_at > :now""")
                .bind("id", reservationId)
                .bind("now", now.toEpochMilli())
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    /** PAID -> CANCELLED, recording the refund: it matches once, however many cancels race. */
    public Mono<Boolean> cancelPaid(long reservationId, long refund, Instant now) {
        return db.sql("""
                        UPDATE reservation SET status = 'CANCELLED', cancelled_at = :now, refunded = :refund
                        WHERE id = :id AND status = 'PAID'""")
                .bind("id", reservationId)
                .bind("now", now.toEpochMilli())
                .bind("refund", refund)
                .fetch()
                .rowsUpdated()
                .map(rows -> rows == 1);
    }

    Flux<Reservation> lapsedHolds(Instant now, int limit) {
        return withSeats(db.sql(RESERVATION + " WHERE r.status = 'HELD' AND r.hold_expires_at <= :now ORDER BY r.hold_expires_at LIMIT " + limit)
                .bind("now", now.toEpochMilli())
                .map(Reservations::toRow)
                .all());
    }

    /** Joins each reservation to its seats with one more query for all of them, keeping their order. */
    private Flux<Reservation> withSeats(Flux<Row> rows) {
        return rows.collectList().flatMapMany(read -> {
            if (read.isEmpty()) {
                return Flux.empty();
            }
            return db.sql("""
                            SELECT rs.reservation_id, seat.id, seat.seat_number, seat.price, seat.seat_row, seat.seat_in_row,
                                   sec.name AS section_name
                            FROM reservation_seat rs JOIN seat ON seat.id = rs.seat_id JOIN seat_section sec ON sec.id = seat.section_id
                            WHERE rs.reservation_id IN (:ids) ORDER BY seat.seat_number""")
                    .bind("ids", read.stream().map(Row::reservationId).toList())
                    .map(row -> Map.entry(row.get("reservation_id", Long.class), new Reservation.ReservedSeat(row.get("id", Long.class),
                            row.get("seat_number", Integer.class),
                            Seats.label(row.get("section_name", String.class), row.get("seat_row", Integer.class),
                                    row.get("seat_in_row", Integer.class)),
                            row.get("price", Long.class))))
                    .all()
                    .collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.mapping(Map.Entry::getValue, Collectors.toList())))
                    .flatMapIterable(seats -> read.stream().map(row -> new Reservation(row.reservationId(), row.userId(),
                            row.scheduleId(), row.concertId(), row.startsAt(), List.copyOf(seats.getOrDefault(row.reservationId(), List.of())),
                            row.price(), row.status(), row.holdExpiresAt(), row.refunded())).toList());
        });
    }

    private static Row toRow(Readable row) {
        return new Row(row.get("id", Long.class), row.get("user_id", Long.class), row.get("schedule_id", Long.class),
                row.get("concert_id", Long.class), Instant.ofEpochMilli(row.get("starts_at", Long.class)), row.get("price", Long.class),
                ReservationStatus.valueOf(row.get("status", String.class)), Instant.ofEpochMilli(row.get("hold_expires_at", Long.class)),
                row.get("request", String.class), row.get("refunded", Long.class));
    }
}
