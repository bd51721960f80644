package io.waitingroom.support;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import reactor.core.publisher.Sinks;

/**
 * A database that has gone silent for one row: a transaction of the test's own holds the row's
 * lock ({@code SELECT ... FOR UPDATE}) until closed, so every write to that row waits, exactly as
 * it would on a stalled server. Works the same on H2 and MariaDB.
 */
public final class RowLock implements AutoCloseable {

    private final Sinks.Empty<Void> release = Sinks.empty();
    private final CompletableFuture<Void> done;

    private RowLock(DatabaseClient db, TransactionalOperator tx, String table, long id) throws Exception {
        CompletableFuture<Void> locked = new CompletableFuture<>();
        this.done = db.sql("SELECT * FROM " + table + " WHERE " + keyColumn(table) + " = :id FOR UPDATE")
                .bind("id", id)
                .fetch().all().then()
                .doOnSuccess(nothing -> locked.complete(null))
                .then(release.asMono())
                .as(tx::transactional)
                .doOnError(locked::completeExceptionally)
                .toFuture();
        locked.get(10, TimeUnit.SECONDS);
    }

    public static RowLock on(DatabaseClient db, TransactionalOperator tx, String table, long id) throws Exception {
        return new RowLock(db, tx, table, id);
    }

    private static String keyColumn(String table) {
        return "point_wallet".equals(table) ? "user_id" : "id";
    }

    @Override
    public void close() throws Exception {
        release.tryEmitEmpty();
        done.get(Duration.ofSeconds(10).toMillis(), TimeUnit.MILLISECONDS);
    }
}
