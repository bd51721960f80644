package io.waitingroom.support;

import java.util.List;

import io.waitingroom.queue.admission.AdmissionTick;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

import static io.waitingroom.support.Waits.CALL;

/** Puts Redis, the database, the test clock and this instance's view of the demo lines back as a fresh start left them. */
public final class CleanSlate {

    private static final List<String> CLEAR_BOOKINGS = List.of("DELETE FROM payment", "DELETE FROM point_ledger",
            "DELETE FROM point_wallet", "DELETE FROM reservation", "UPDATE seat SET status = 'AVAILABLE'");

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
        for (String sql : CLEAR_BOOKINGS) {
            db.sql(sql).then().block(CALL);
        }
        clock.reset();
        // This instance's snapshots of the lines (settings, counts, rates) would otherwise carry an
        // earlier test's state, a pause for instance, until a tick: refresh them from the clean Redis.
        for (long concert = 1; concert <= 3; concert++) {
            admissionTick.run(concert).block(CALL);
            // ...and leave each line as fresh as the flush left it: its first tick due at once.
            redis.delete("wr:{" + concert + "}:due", "wr:{" + concert + "}:rate").block(CALL);
        }
    }
}
