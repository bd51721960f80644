package io.waitingroom.support;

import java.util.List;

import io.waitingroom.concert.ConcertCatalog;
import io.waitingroom.queue.admission.AdmissionTick;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.r2dbc.core.DatabaseClient;

import static io.waitingroom.support.Waits.CALL;

/** Puts Redis, the database, the test clock and this instance's view of the demo lines back as a fresh start left them. */
public final class CleanSlate {

    /** The demo's concerts are 1..4; a test's own are set up after them and removed here. */
    public static final long DEMO_CONCERTS = 4;
    private static final List<String> CLEAR_BOOKINGS = List.of("DELETE FROM payment", "DELETE FROM point_ledger",
            "DELETE FROM point_wallet", "DELETE FROM reservation_seat", "DELETE FROM reservation",
            "UPDATE seat SET status = 'AVAILABLE' WHERE status <> 'AVAILABLE'",
            "DELETE FROM seat WHERE schedule_id IN (SELECT id FROM concert_schedule WHERE concert_id > " + DEMO_CONCERTS + ")",
            "DELETE FROM seat_section WHERE schedule_id IN (SELECT id FROM concert_schedule WHERE concert_id > " + DEMO_CONCERTS + ")",
            "DELETE FROM concert_schedule WHERE concert_id > " + DEMO_CONCERTS,
            "DELETE FROM concert WHERE id > " + DEMO_CONCERTS);

    private final ReactiveStringRedisTemplate redis;
    private final DatabaseClient db;
    private final MutableClock clock;
    private final AdmissionTick admissionTick;
    private final ConcertCatalog catalog;

    public CleanSlate(ReactiveStringRedisTemplate redis, DatabaseClient db, MutableClock clock, AdmissionTick admissionTick,
                      ConcertCatalog catalog) {
        this.redis = redis;
        this.db = db;
        this.clock = clock;
        this.admissionTick = admissionTick;
        this.catalog = catalog;
    }

    public void restore() {
        redis.execute(connection -> connection.serverCommands().flushDb()).blockLast(CALL);
        for (String sql : CLEAR_BOOKINGS) {
            db.sql(sql).then().block(CALL);
        }
        clock.reset();
        // A concert an earlier test set up is gone: so must this instance's copy of it be.
        catalog.refresh().block(CALL);
        // This instance's snapshots of the lines (settings, counts, rates) would otherwise carry an
        // earlier test's state, a pause for instance, until a tick: refresh them from the clean Redis.
        for (long concert = 1; concert <= DEMO_CONCERTS; concert++) {
            admissionTick.run(concert).block(CALL);
            // ...and leave each line as fresh as the flush left it: its first tick due at once.
            redis.delete("wr:{" + concert + "}:due", "wr:{" + concert + "}:rate").block(CALL);
        }
    }
}
