package io.waitingroom.queue;

import java.time.Duration;
import java.util.Map;

import io.waitingroom.common.embedded.EmbeddedRedis;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.assertj.core.api.Assertions.assertThat;

/** Needs the embedded Redis (it stops and starts it), so the real-Redis CI run leaves it out by name. */
class RedisOutageTest extends TestBase {

    @AfterEach
    void redisBack() {
        EmbeddedRedis.start();
    }

    @Test
    void withRedisDownTheQueueAnswers503WithRetryAfterAndRecoversByItself() {
        String token = tokenOf(1, 1);

        EmbeddedRedis.stop();

        long started = System.nanoTime();
        web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "2")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1))
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("QUEUE_UNAVAILABLE");
        web.get().uri("/api/v1/queue/tokens/me").header("Authorization", "Bearer " + token)
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().exists("Retry-After")
                .expectBody().jsonPath("$.code").isEqualTo("QUEUE_UNAVAILABLE");
        System.out.printf("Redis down: two calls answered 503 in %d ms%n", (System.nanoTime() - started) / 1_000_000);

        EmbeddedRedis.start();

        int status = 0;
        for (int attempt = 0; attempt < 100 && status != 201; attempt++) {
            status = web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "3")
                    .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1))
                    .exchange().returnResult(String.class).getStatus().value();
            if (status != 201) {
                sleep(Duration.ofMillis(200));
            }
        }
        assertThat(status).as("entry works again once Redis is back").isEqualTo(201);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
