package io.waitingroom.payment;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** Payment rows: at most one per reservation (unique), and one per (user, idempotency key). */
@Component
class Payments {

    record Payment(long paymentId, long reservationId, long amount, long balanceAfter) {
    }

    private final DatabaseClient db;

    Payments(DatabaseClient db) {
        this.db = db;
    }

    Mono<Long> insert(long reservationId, long userId, long amount, long balanceAfter, String idempotencyKey, long now) {
        var insert = db.sql("""
                        INSERT INTO payment (reservation_id, user_id, amount, balance_after, idempotency_key, created_at)
                        VALUES (:reservationId, :userId, :amount, :balanceAfter, :key, :now)""")
                .bind("reservationId", reservationId)
                .bind("userId", userId)
                .bind("amount", amount)
                .bind("balanceAfter", balanceAfter)
                .bind("now", now);
        insert = idempotencyKey == null ? insert.bindNull("key", String.class) : insert.bind("key", idempotencyKey);
        return insert.filter(statement -> statement.returnGeneratedValues("id"))
                .map(row -> row.get(0, Long.class))
                .one();
    }

    Mono<Payment> byIdempotencyKey(long userId, String idempotencyKey) {
        return db.sql("SELECT id, reservation_id, amount, balance_after FROM payment WHERE user_id = :userId AND idempotency_key = :key")
                .bind("userId", userId)
                .bind("key", idempotencyKey)
                .map(row -> new Payment(row.get("id", Long.class), row.get("reservation_id", Long.class),
                        row.get("amount", Long.class), row.get("balance_after", Long.class)))
                .one();
    }
}
