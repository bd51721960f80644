package io.waitingroom.queue;

import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ETA a user is told on entering, against when they are actually admitted, with the clock
 * moved one tick at a time. Prints the error it measured.
 */
class EtaAccuracyTest extends TestBase {

    @Test
    void etaFromTheConfiguredRateIsWithinTwentyPercentWhenThereIsNoHistory() {
        putSettings(1, Map.of("admitPerTick", 10, "tickMillis", 1000, "maxActive", 100_000));
        fillLine(1, 149);

        double error = measureEtaError(1, 5_000);

        assertThat(error).isLessThanOrEqualTo(0.20);
    }

    @Test
    void etaFollowsTheMeasuredRateWhenMaxActiveHoldsAdmissionsBelowTheConfiguredRate() {
        // Configured: 10 per 1 s tick. Real: at most 50 active for 10 s each, so about 5 per second.
        putSettings(1, Map.of("admitPerTick", 10, "tickMillis", 1000, "maxActive", 50, "activeTtlSeconds", 10));
        fillLine(1, 400);
        for (int second = 0; second < 60; second++) {
            tick(1);
        }

        double error = measureEtaError(1, 5_001);

        assertThat(error).isLessThanOrEqualTo(0.20);
    }

    private void fillLine(long concertId, int users) {
        concurrently(users, i -> send(http.post().uri("/api/v1/queue/tokens")
                .header("X-User-Id", Long.toString(1_000 + i))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", concertId))));
    }

    private double measureEtaError(long concertId, long userId) {
        Map<String, Object> entry = enter(userId, concertId);
        String token = (String) entry.get("token");
        long toldSeconds = ((Number) entry.get("etaSeconds")).longValue();
        long rank = ((Number) entry.get("rank")).longValue();

        long waitedSeconds = 0;
        while (!"ACTIVE".equals(position(token).get("status"))) {
            tick(concertId);
            waitedSeconds++;
            assertThat(waitedSeconds).as("admitted within 10 minutes").isLessThan(600);
        }

        double error = Math.abs(toldSeconds - waitedSeconds) / (double) waitedSeconds;
        System.out.printf("ETA accuracy: rank %d, told %d s, admitted after %d s, error %.1f%%%n",
                rank, toldSeconds, waitedSeconds, error * 100);
        return error;
    }
}
