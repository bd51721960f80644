package io.waitingroom.concert;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.waitingroom.queue.SeatInventory;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the scheduler on, every concert's seats are counted from the start, and a count the moves
 * got wrong (here a seat taken behind the service's back) is put right by the next recount.
 */
@TestPropertySource(properties = {"waiting-room.scheduler-enabled=true", "waiting-room.inventory-recount=200ms"})
class SeatRecountOnTimerTest extends TestBase {

    @Autowired
    private SeatInventory inventory;

    @Test
    void theTimerCountsEveryConcertAndPutsAWrongCountRight() {
        long free = records.countRows("SELECT COUNT(*) FROM seat st JOIN concert_schedule s ON s.id = st.schedule_id"
                + " WHERE s.concert_id = 1 AND st.status = 'AVAILABLE'");
        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(counts(1))
                .containsEntry("free", Long.toString(free)).containsEntry("held", "0").containsEntry("sold", "0"));

        db.sql("UPDATE seat SET status = 'HELD' WHERE schedule_id = 101 AND seat_number = 1").then().block(CALL);

        await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(counts(1))
                .containsEntry("free", Long.toString(free - 1)).containsEntry("held", "1").containsEntry("held:101", "1"));
    }

    private Map<String, String> counts(long concertId) {
        return inventory.counts(concertId).block(CALL);
    }
}
