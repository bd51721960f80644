package io.waitingroom.browser;

import org.springframework.r2dbc.core.DatabaseClient;

import static io.waitingroom.support.Waits.CALL;

/**
 * A seat of the demo data named as the first version named it, by its number on the date
 * (1..50 over the sections R, S and A), with the ids the booking page gives its section's
 * button and its own ({@code section-{sectionId}}, {@code seat-{seatId}}).
 */
record DemoSeat(long scheduleId, int seatNumber, long sectionId, long seatId) {

    static DemoSeat of(DatabaseClient db, long scheduleId, int seatNumber) {
        return db.sql("SELECT section_id, id FROM seat WHERE schedule_id = :s AND seat_number = :n")
                .bind("s", scheduleId).bind("n", seatNumber)
                .map(row -> new DemoSeat(scheduleId, seatNumber, row.get("section_id", Long.class), row.get("id", Long.class)))
                .one().block(CALL);
    }

    String section() {
        return "section-" + sectionId;
    }

    String seat() {
        return "seat-" + seatId;
    }
}
