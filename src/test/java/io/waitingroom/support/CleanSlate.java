package io.waitingroom.support;

import java.util.List;

import io.waitingroom.queue.admission.AdmissionTick;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

import static io.waitingroom.support.Waits.CALL;

/** Puts Redis, the database, the test clock and this instance's view of the demo lines back as a fresh start left them. */
public final class CleanSlate {

    /**
     * The demo's concerts are 1..4. A test's own are set up after them and stay (their seats freed
     * like all others): ids are never given twice, as in production, where every copy of a date
     * kept in memory may trust that.
     */
    public static final long DEMO_CONCERTS = 4;
    /** Every sale undone: no payment, no reservation, every seat free. */
    public static final List<String> CLEAR_SALES = List.of("DELETE FROM payment", "DELETE FROM reservation_seat",
            "DELETE FROM reservation", "UPDATE seat SET status = 'AVAILABLE' WHERE status <> 'AVAILABLE'");
    private static final List<String> CLEAR_WALLETS = List.of("DELETE FROM point_ledger", "DELETE FROM point_wallet");

    private final ReactiveStringRedisTemplate redis;
    private final DatabaseClient db;
    private final MutableClock clock;
    private final AdmissionTick admissionTick;

    public CleanSlate(ReactiveStringRedisTemplate redis, DatabaseClient db, MutableClock clock, AdmissionTick admissionTick) {
        this.redis = redis;
        this.db = db;
        this.clock = clock;
        this.admissionTick = admissionTick;
    }

    public void restore() {
        redis.execute(connection -> connection.serverCommands().flushDb()).blockLast(CALL);
        for (String sql : CLEAR_SALES) {
            db.sql(sql).then().block(CALL);
        }
        for (String sql : CLEAR_WALLETS) {
            db.sql(sql).then().block(CALL);
        }
        clock.reset();
        // This instance's snapshots of the lines (settings, counts, rates) would otherwise carry an
        // earlier test's state, a pause for instance, until a tick: refresh them from the clean Redis.
        for (long concert = 1; concert <= DEMO_CONCERTS; concert++) {
            admissionTick.run(concert).block(CALL);
            // ...and leave each line as fresh as the flush left it: its first tick due at once.
            redis.delete("wr:{" + concert + "}:due", "wr:{" + concert + "}:rate").block(CALL);
        }
    }
}
