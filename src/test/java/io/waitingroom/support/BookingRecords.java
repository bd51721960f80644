package io.waitingroom.support;


import org.springframework.r2dbc.core.DatabaseClient;

import static io.waitingroom.support.Waits.CALL;
import static org.assertj.core.api.Assertions.assertThat;

/** What the database says about seats, wallets and the ledger, read behind the service's back. */
public final class BookingRecords {

    private final DatabaseClient db;

    public BookingRecords(DatabaseClient db) {
        this.db = db;
    }

    public String seatStatus(long scheduleId, int seatNumber) {
        return db.sql("SELECT status FROM seat WHERE schedule_id = :s AND seat_number = :n")
                .bind("s", scheduleId).bind("n", seatNumber)
                .map(row -> row.get(0, String.class)).one().block(CALL);
    }

    public long seatId(long scheduleId, int seatNumber) {
        return db.sql("SELECT id FROM seat WHERE schedule_id = :s AND seat_number = :n")
                .bind("s", scheduleId).bind("n", seatNumber)
                .map(row -> row.get(0, Long.class)).one().block(CALL);
    }

    public long balanceOf(long userId) {
        return db.sql("SELECT balance FROM point_wallet WHERE user_id = :u").bind("u", userId)
                .map(row -> row.get(0, Long.class)).one().defaultIfEmpty(0L).block(CALL);
    }

    public long ledgerSumOf(long userId) {
        return db.sql("SELECT COALESCE(SUM(CASE WHEN type IN ('CHARGE', 'REFUND') THEN amount ELSE -amount END), 0) AS total FROM point_ledger WHERE user_id = :u")
                .bind("u", userId)
                .map(row -> ((Number) row.get("total")).longValue()).one().block(CALL);
    }

    public long countRows(String sql) {
        return db.sql(sql).map(row -> ((Number) row.get(0)).longValue()).one().block(CALL);
    }

    public void assertLedgerMatchesBalance(long... userIds) {
        for (long userId : userIds) {
            assertThat(ledgerSumOf(userId)).as("ledger sum of user %d", userId).isEqualTo(balanceOf(userId));
        }
    }
}
