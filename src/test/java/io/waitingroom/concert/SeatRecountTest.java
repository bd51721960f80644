package io.waitingroom.concert;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.waitingroom.queue.SeatInventory;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import static io.waitingroom.support.BoxOfficeCalls.number;
import static io.waitingroom.support.BoxOfficeCalls.section;
import static org.assertj.core.api.Assertions.assertThat;

/** The line's seat counts against the database: a recount puts them right, but never over a move it may have missed. */
class SeatRecountTest extends TestBase {

    @Autowired
    private SeatRecount recount;
    @Autowired
    private SeatInventory inventory;

    @Test
    void aCountThatAMoveRacedIsDroppedAndTheNextOnePutsTheCountsRight() {
        long concertId = boxOffice.concert(4);
        long scheduleId = number(boxOffice.schedule(concertId, List.of(section("A", "R", 100, 2, 5))).get("scheduleId"));
        assertThat(counts(concertId)).containsEntry("free", "10").containsEntry("held", "0").containsEntry("sold", "0");

        String seen = inventory.movesSeen(concertId).block(CALL);
        // A move lands between the recount's read and its write (here one the database never saw, as
        // after a crash between commit and move, the other way round).
        inventory.held(concertId, scheduleId, 3).block(CALL);
        assertThat(inventory.recount(concertId, seen, List.of(new SeatInventory.DateCounts(scheduleId, 10, 0, 0))).block(CALL))
                .as("the read may not hold the move").isFalse();
        assertThat(counts(concertId)).containsEntry("free", "7").containsEntry("held", "3");

        assertThat(recount.recount(concertId, false).block(CALL)).isTrue();
        assertThat(counts(concertId)).containsEntry("free", "10").containsEntry("held", "0")
                .containsEntry("free:" + scheduleId, "10").containsEntry("held:" + scheduleId, "0");
    }

    @Test
    void movesWaitForTheFirstCountAndADateThatHasBegunCountsNoMore() {
        long concertId = boxOffice.concert(4);
        long early = number(boxOffice.schedule(concertId, List.of(section("A", "R", 100, 1, 4))).get("scheduleId"));
        redis.delete("wr:{" + concertId + "}:inventory").block(CALL);
        inventory.held(concertId, early, 1).block(CALL);
        assertThat(redis.hasKey("wr:{" + concertId + "}:inventory").block(CALL)).as("no half-made counts").isFalse();

        String later = clock.instant().plus(Duration.ofDays(30)).toString();
        long late = number(boxOffice.postSchedule(concertId, Map.of("startsAt", later, "sections", List.of(section("B", "S", 50, 1, 6))))
                .expectStatus().isCreated().expectBody(Map.class).returnResult().getResponseBody().get("scheduleId"));
        assertThat(counts(concertId)).containsEntry("free", "10").containsEntry("free:" + early, "4").containsEntry("free:" + late, "6");

        clock.advance(Duration.ofDays(8)); // the first date (a week away) has begun
        assertThat(recount.recount(concertId, false).block(CALL)).isTrue();
        assertThat(counts(concertId)).containsEntry("free", "6").doesNotContainKey("free:" + early);
    }

    private Map<String, String> counts(long concertId) {
        return inventory.counts(concertId).block(CALL);
    }
}
