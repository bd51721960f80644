package io.waitingroom.reservation;

import java.util.List;
import java.util.Map;

import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.LocksGrantedAtOnce;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import static io.waitingroom.support.BookingCalls.firstScheduleOf;
import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same race with the lock made useless: every racer "gets" it. Only the conditional
 * AVAILABLE -> HELD update stands between them and a double booking, and it is enough.
 */
@Import(LocksGrantedAtOnce.class)
class SeatHoldWithoutLockTest extends TestBase {

    @Test
    void twoHundredRacersWithoutALockStillGetExactlyOneHold() {
        long schedule = firstScheduleOf(1);
        List<String> tokens = queue.activeTokens(200, 1);

        List<Response> responses = concurrently(200, i -> send(http.post().uri("/api/v1/reservations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", schedule, "seatNumber", 9))));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() == 409 && r.hasCode("SEAT_UNAVAILABLE"))).hasSize(199);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation")).isEqualTo(1);
        assertThat(records.seatStatus(schedule, 9)).isEqualTo("HELD");
    }
}
