package io.waitingroom.queue.position;

import java.time.Duration;
import java.util.Map;

import io.waitingroom.queue.WaitingRoomProperties;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

import static org.assertj.core.api.Assertions.assertThat;

/** Polls repeated within poll-reuse (1 s by default) are answered from memory, never wrongly. */
class RecentRanksTest extends TestBase {

    @Autowired
    private WaitingRoomProperties properties;

    @Test
    void aRepeatedPollWithinPollReuseCostsNoRedisCall() {
        queue.tokenOf(1, 1);
        String second = queue.tokenOf(2, 1);
        assertThat(queue.position(second).get("rank")).isEqualTo(2);
        long before = scriptCalls.count();

        for (int i = 0; i < 20; i++) {
            Map<String, Object> again = queue.position(second);
            assertThat(again.get("status")).isEqualTo("WAITING");
            assertThat(again.get("rank")).isEqualTo(2);
            assertThat(again.get("waitingAhead")).isEqualTo(1);
        }
        assertThat(scriptCalls.count()).isEqualTo(before);

        clock.advance(properties.pollReuse());
        assertThat(queue.position(second).get("rank")).isEqualTo(2);
        assertThat(scriptCalls.count()).as("past the window the poll asks Redis").isEqualTo(before + 1);
    }

    @Test
    void anAdmissionByThisInstanceShowsAtOnce() {
        queue.putSettings(1, Map.of("admitPerTick", 1));
        String first = queue.tokenOf(1, 1);
        queue.tokenOf(2, 1);
        String third = queue.tokenOf(3, 1);
        assertThat(queue.position(first).get("rank")).isEqualTo(1);
        assertThat(queue.position(third).get("rank")).isEqualTo(3);

        // The first tick of a fresh queue is due at once: no time passes, the window is still open.
        assertThat(admissionTick.run(1).block(Duration.ofSeconds(10))).isEqualTo(1);

        assertThat(queue.position(first).get("status")).isEqualTo("ACTIVE");
        assertThat(queue.position(third).get("rank")).isEqualTo(2);
    }

    @Test
    void whoeverLeavesIsNotToldARankAgainAndThoseBehindMoveUp() {
        String first = queue.tokenOf(1, 1);
        String second = queue.tokenOf(2, 1);
        assertThat(queue.position(first).get("rank")).isEqualTo(1);
        assertThat(queue.position(second).get("rank")).isEqualTo(2);

        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + first)
                .exchange().expectStatus().isNoContent();

        assertThat(queue.position(first).get("status")).isEqualTo("EXPIRED");
        assertThat(queue.position(second).get("rank")).isEqualTo(1);
    }

    @Test
    void passesAreCheckedInRedisEveryTime() {
        String token = queue.activeToken(1, 1);
        long before = scriptCalls.count();

        assertThat(queue.position(token).get("status")).isEqualTo("ACTIVE");
        assertThat(queue.position(token).get("status")).isEqualTo("ACTIVE");

        assertThat(scriptCalls.count()).isEqualTo(before + 2);
    }
}
