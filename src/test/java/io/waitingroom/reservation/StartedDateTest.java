package io.waitingroom.reservation;

import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A date that has begun sells nothing more: a hold on it is refused with 409 SCHEDULE_STARTED,
 * the seat stays free and the pass stays unspent, so the buyer can still pick another date. A
 * date that begins a moment later still sells.
 */
class StartedDateTest extends TestBase {

    /** Dates of concert 1 beside the demo data's (101..104), on the test clock's now. */
    private static final long BEGUN_NOW = 191;
    private static final long BEGINS_SOON = 192;

    @BeforeEach
    void twoDatesAroundNow() {
        addDate(BEGUN_NOW, clock.millis());
        addDate(BEGINS_SOON, clock.millis() + 60_000);
    }

    @AfterEach
    void removeThem() {
        db.sql("DELETE FROM reservation_seat WHERE reservation_id IN (SELECT id FROM reservation WHERE schedule_id IN (191, 192))")
                .then().block(CALL);
        db.sql("DELETE FROM reservation WHERE schedule_id IN (191, 192)").then().block(CALL);
        db.sql("DELETE FROM seat WHERE schedule_id IN (191, 192)").then().block(CALL);
        db.sql("DELETE FROM seat_section WHERE schedule_id IN (191, 192)").then().block(CALL);
        db.sql("DELETE FROM buyer_date WHERE schedule_id IN (191, 192)").then().block(CALL);
        db.sql("DELETE FROM concert_schedule WHERE id IN (191, 192)").then().block(CALL);
    }

    @Test
    void aHoldOnADateThatHasBegunIsRefusedAndSpendsNothing() {
        String token = queue.activeToken(1, 1);

        booking.hold(token, BEGUN_NOW, 1).expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.code").isEqualTo("SCHEDULE_STARTED");

        assertThat(records.seatStatus(BEGUN_NOW, 1)).isEqualTo("AVAILABLE");
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation WHERE schedule_id = 191")).isZero();
        assertThat(queue.position(token).get("status")).as("the pass, after the refused hold").isEqualTo("ACTIVE");

        booking.hold(token, BEGINS_SOON, 1).expectStatus().isCreated();
        assertThat(records.seatStatus(BEGINS_SOON, 1)).isEqualTo("HELD");
    }

    /** Far above the ids the set-up hands out, so that no section made by a test meets these. */
    private static final long SECTION_IDS = 900_000;

    private void addDate(long scheduleId, long startsAt) {
        db.sql("INSERT INTO concert_schedule (id, concert_id, starts_at) VALUES (:id, 1, :startsAt)")
                .bind("id", scheduleId).bind("startsAt", startsAt).then().block(CALL);
        // Written by hand: the set-up API refuses a date that has begun, which is what this test needs.
        db.sql("INSERT INTO seat_section (id, schedule_id, position, name, grade, price, seat_rows, seats_per_row)"
                        + " VALUES (:section, :id, 1, 'General', 'General', 1000, 1, 1)")
                .bind("section", SECTION_IDS + scheduleId).bind("id", scheduleId).then().block(CALL);
        db.sql("INSERT INTO seat (schedule_id, section_id, seat_number, seat_row, seat_in_row, price, status)"
                        + " VALUES (:id, :section, 1, 1, 1, 1000, 'AVAILABLE')")
                .bind("section", SECTION_IDS + scheduleId).bind("id", scheduleId).then().block(CALL);
    }
}
