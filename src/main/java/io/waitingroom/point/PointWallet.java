package io.waitingroom.point;

import java.time.Clock;
import java.util.function.Supplier;

import io.waitingroom.common.db.RowLockWaits;
import io.waitingroom.common.lock.NamedLocks;
import io.waitingroom.common.problem.ProblemCode;
import io.waitingroom.common.problem.ProblemException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A user's points. Every movement is a conditional UPDATE of the balance plus a ledger row with
 * the balance after it, in one transaction, so the ledger always sums to the balance. A lock per
 * user keeps a user's movements in single file; the conditions make that a courtesy, not a need.
 */
@Component
public class PointWallet {

    private final DatabaseClient db;
    private final TransactionalOperator tx;
    private final NamedLocks locks;
    private final PointProperties properties;
    private final Clock clock;

    PointWallet(DatabaseClient db, TransactionalOperator tx, NamedLocks locks, PointProperties properties, Clock clock) {
        this.db = db;
        this.tx = tx;
        this.locks = locks;
        this.properties = properties;
        this.clock = clock;
    }

    public Mono<Long> balance(long userId) {
        return db.sql("SELECT balance FROM point_wallet WHERE user_id = :userId")
                .bind("userId", userId)
                .map(row -> row.get(0, Long.class))
                .one()
                .defaultIfEmpty(0L);
    }

    public Flux<LedgerEntry> history(long userId) {
        return db.sql("SELECT type, amount, balance_after, created_at FROM point_ledger WHERE user_id = :userId ORDER BY id DESC")
                .bind("userId", userId)
                .map(row -> new LedgerEntry(row.get("type", String.class), row.get("amount", Long.class),
                        row.get("balance_after", Long.class), java.time.Instant.ofEpochMilli(row.get("created_at", Long.class))))
                .all();
    }

    /** Adds points; with an idempotency key a retry answers the first result and charges nothing. */
    public Mono<Long> charge(long userId, long amount, String idempotencyKey) {
        if (amount < 1 || amount > properties.maxCharge()) {
            return Mono.error(invalidAmount("amount must be 1.." + properties.maxCharge()));
        }
        Mono<Long> charging = Mono.defer(() -> previousCharge(userId, idempotencyKey, amount)
                .switchIfEmpty(Mono.defer(() -> applyCharge(userId, amount, idempotencyKey)))
                .as(tx::transactional));
        return ensureWallet(userId)
                .then(locks.withLock(lockName(userId), properties.lockWait(), properties.lockLease(),
                        () -> charging, PointWallet::busy))
                // Only a racer that got past the lock can meet the unique key: answer what the first one did.
                .onErrorResume(DataIntegrityViolationException.class, duplicate -> idempotencyKey == null
                        ? Mono.error(duplicate)
                        : previousCharge(userId, idempotencyKey, amount));
    }

    /**
     * Takes points inside the caller's transaction (the caller holds the user's lock).
     * Returns the balance after, or fails with 409 INSUFFICIENT_BALANCE and changes nothing.
     */
    public Mono<Long> debit(long userId, long amount) {
        return moved(userId, "USE", amount, null,
                db.sql("UPDATE point_wallet SET balance = balance - :amount WHERE user_id = :userId AND balance >= :amount")
                        .bind("amount", amount)
                        .bind("userId", userId),
                () -> new ProblemException(ProblemCode.INSUFFICIENT_BALANCE, "Not enough points for " + amount));
    }

    /**
     * Gives back the points of a cancelled payment inside the caller's transaction (the caller holds
     * the user's lock), with a REFUND ledger row. Not capped by the maximum balance: these points
     * were the user's before they paid, and a refund refused would keep them from their owner.
     * Returns the balance after.
     */
    public Mono<Long> refund(long userId, long amount) {
        return moved(userId, "REFUND", amount, null,
                db.sql("UPDATE point_wallet SET balance = balance + :amount WHERE user_id = :userId")
                        .bind("amount", amount)
                        .bind("userId", userId),
                () -> new IllegalStateException("User " + userId + " has no wallet to refund " + amount + " to"));
    }

    public static String lockName(long userId) {
        return "lock:points:" + userId;
    }

    private Mono<Long> applyCharge(long userId, long amount, String idempotencyKey) {
        return moved(userId, "CHARGE", amount, idempotencyKey,
                db.sql("UPDATE point_wallet SET balance = balance + :amount WHERE user_id = :userId AND balance <= :limit")
                        .bind("amount", amount)
                        .bind("userId", userId)
                        .bind("limit", properties.maxBalance() - amount),
                () -> invalidAmount("the balance would pass " + properties.maxBalance()));
    }

    /**
     * One movement of the wallet: its conditional update (which may wait for the wallet's row),
     * then the balance after and the ledger row that says why; {@code refused} when the condition
     * did not hold.
     */
    private Mono<Long> moved(long userId, String type, long amount, String idempotencyKey,
                             DatabaseClient.GenericExecuteSpec update, Supplier<? extends Throwable> refused) {
        return RowLockWaits.mayWait(update.fetch().rowsUpdated())
                .flatMap(rows -> rows == 1 ? balance(userId) : Mono.<Long>error(refused.get()))
                .flatMap(after -> writeLedger(userId, type, amount, after, idempotencyKey).thenReturn(after));
    }

    private Mono<Long> previousCharge(long userId, String idempotencyKey, long amount) {
        if (idempotencyKey == null) {
            return Mono.empty();
        }
        return db.sql("SELECT type, amount, balance_after FROM point_ledger WHERE user_id = :userId AND idempotency_key = :key")
                .bind("userId", userId)
                .bind("key", idempotencyKey)
                .map(row -> new long[]{row.get("amount", Long.class), row.get("balance_after", Long.class)})
                .one()
                .flatMap(previous -> previous[0] == amount
                        ? Mono.just(previous[1])
                        : Mono.error(new ProblemException(ProblemCode.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was used for a different amount")));
    }

    private Mono<Void> ensureWallet(long userId) {
        // Inserting over an existing wallet waits for its row lock while a movement holds it, so a
        // plain read (which never waits) goes first; only a new user's first charge inserts.
        return db.sql("SELECT COUNT(*) FROM point_wallet WHERE user_id = :userId")
                .bind("userId", userId)
                .map(row -> row.get(0, Long.class))
                .one()
                .flatMap(wallets -> wallets > 0 ? Mono.<Void>empty()
                        : RowLockWaits.mayWait(db.sql("INSERT INTO point_wallet (user_id, balance) VALUES (:userId, 0)")
                                .bind("userId", userId)
                                .then()))
                .onErrorResume(DataIntegrityViolationException.class, exists -> Mono.empty());
    }

    private Mono<Void> writeLedger(long userId, String type, long amount, long balanceAfter, String idempotencyKey) {
        var insert = db.sql("""
                        INSERT INTO point_ledger (user_id, type, amount, balance_after, idempotency_key, created_at)
                        VALUES (:userId, :type, :amount, :balanceAfter, :key, :at)""")
                .bind("userId", userId)
                .bind("type", type)
                .bind("amount", amount)
                .bind("balanceAfter", balanceAfter)
                .bind("at", clock.millis());
        insert = idempotencyKey == null ? insert.bindNull("key", String.class) : insert.bind("key", idempotencyKey);
        return insert.then();
    }

    private static ProblemException invalidAmount(String detail) {
        return new ProblemException(ProblemCode.INVALID_AMOUNT, detail);
    }

    private static ProblemException busy() {
        return new ProblemException(ProblemCode.WALLET_BUSY, "Another point movement of this user is in progress; retry shortly", 1);
    }
}
