package io.waitingroom.queue;

import java.time.Duration;
import java.util.Map;

import io.waitingroom.support.FrozenRedis;
import io.waitingroom.support.Slow;
import io.waitingroom.support.StopsEmbeddedRedis;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static io.waitingroom.support.Waits.awaitStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Redis that is connected but silent (SIGSTOP): the queue answers 503 QUEUE_UNAVAILABLE with
 * Retry-After within the Redis command timeout (3 s in tests), never hangs, and serves again by
 * itself once Redis resumes. Freezes the embedded Redis, so the real-Redis CI runs leave it out.
 */
@StopsEmbeddedRedis
@Slow
class FrozenRedisTest extends TestBase {

    private static final long COMMAND_TIMEOUT_MILLIS = 3_000;

    @Test
    void aSilentRedisGives503WithinTheCommandTimeoutAndTheServiceRecoversWithoutRestart() throws Exception {
        String active = queue.activeToken(2, 1);
        String waiting = queue.tokenOf(1, 1);

        try (FrozenRedis frozen = FrozenRedis.freeze()) {
            // The script sent here runs when Redis resumes (user 3 is then in line): the caller was told 503.
            assertUnavailableInTime(web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "3")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1)));
            assertUnavailableInTime(web.get().uri("/api/v1/queue/tokens/me").header("Authorization", "Bearer " + waiting));
            assertUnavailableInTime(web.get().uri("/api/v1/concerts/1/schedules").header("Authorization", "Bearer " + active));
            assertUnavailableInTime(web.get().uri("/api/v1/concerts/1/queue"));
        }

        long resumed = System.nanoTime();
        // Entries work again once Redis resumes.
        awaitStatus(201, Duration.ofSeconds(10), () -> web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "4")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1)));
        System.out.printf("Redis resumed: serving again after %d ms%n", (System.nanoTime() - resumed) / 1_000_000);
        assertThat(queue.position(waiting).get("rank")).isEqualTo(1);
        web.get().uri("/api/v1/concerts/1/schedules").header("Authorization", "Bearer " + active)
                .exchange().expectStatus().isOk();
    }

    private void assertUnavailableInTime(WebTestClient.RequestHeadersSpec<?> request) {
        long started = System.nanoTime();
        request.exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("QUEUE_UNAVAILABLE");
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(elapsedMillis).as("answered within the command timeout").isLessThan(COMMAND_TIMEOUT_MILLIS + 1_500);
    }
}
