package io.waitingroom.queue;

import java.time.Duration;
import java.util.Map;

import io.waitingroom.common.embedded.EmbeddedRedis;
import io.waitingroom.support.Slow;
import io.waitingroom.support.StopsEmbeddedRedis;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static io.waitingroom.support.BookingCalls.firstScheduleOf;
import static io.waitingroom.support.Waits.awaitStatus;
import static io.waitingroom.support.Waits.sleep;
import static org.assertj.core.api.Assertions.assertThat;

/** Needs the embedded Redis (it stops and starts it), so the real-Redis CI run leaves it out by name. */
@StopsEmbeddedRedis
@Slow
class RedisOutageTest extends TestBase {

    /** The longest a client waits between reconnect attempts (InfrastructureConfig), with room for the attempt itself. */
    private static final Duration EVERY_CLIENT_TRIED_AGAIN = Duration.ofSeconds(1);

    /**
     * Other contexts of this JVM (cached for later test classes) have clients of their own on this
     * Redis, reconnecting on their own schedules: the next class must not meet one still away.
     */
    @AfterEach
    void redisBack() {
        EmbeddedRedis.start();
        sleep(EVERY_CLIENT_TRIED_AGAIN);
    }

    @Test
    void withRedisDownTheQueueAnswers503WithRetryAfterAndRecoversByItself() {
        String token = queue.tokenOf(1, 1);

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

        everyPathServesAgain(3, 1);
    }

    /**
     * While Redis is away each connection waits longer and longer between reconnect attempts. Left at
     * the clients' defaults (doubling up to 30 s) a connection down for 5 s tried again only about 8.6 s
     * into the outage, so for seconds after Redis was back some paths still answered 503: the scripts
     * could be back while the plain commands (the settings) and the seat lock were not.
     */
    @Test
    void afterALongOutageEveryPathServesAgainWithinSecondsOfRedisComingBack() {
        EmbeddedRedis.stop();
        sleep(Duration.ofSeconds(5));
        EmbeddedRedis.start();

        Duration recovered = everyPathServesAgain(1, 1);

        assertThat(recovered).as("every path serves again soon after Redis is back").isLessThan(Duration.ofMillis(2_500));
    }

    /**
     * A connection that is only away is brought back by its client. The scripts used to take such a
     * connection for a new one, and the old one, never closed, came back as well: one connection
     * more to Redis after every outage.
     */
    @Test
    void anOutageLeavesAsManyLettuceConnectionsAsBefore() {
        everyPathServesAgain(1, 1);
        long before = lettuceConnections();

        EmbeddedRedis.stop();
        web.post().uri("/api/v1/queue/tokens").header("X-User-Id", "2")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1))
                .exchange()
                .expectStatus().isEqualTo(503);
        sleep(Duration.ofSeconds(1));
        EmbeddedRedis.start();
        everyPathServesAgain(3, 2);
        sleep(EVERY_CLIENT_TRIED_AGAIN.multipliedBy(2));

        assertThat(lettuceConnections()).isEqualTo(before);
    }

    /**
     * Waits until an entry (the scripts' connection), the settings (plain commands) and a seat hold
     * (Redisson's lock) all succeed, and answers how long after Redis came back that was.
     */
    private Duration everyPathServesAgain(long userId, int seatNumber) {
        long back = System.nanoTime();
        Duration within = Duration.ofSeconds(20);
        awaitStatus(201, within, () -> web.post().uri("/api/v1/queue/tokens").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 1)));
        long scripts = System.nanoTime();
        awaitStatus(200, within, () -> web.get().uri("/admin/queues/1/settings").header("X-Admin-Key", ADMIN_KEY));
        long commands = System.nanoTime();
        String token = queue.tokenOf(userId + 1, 1);
        queue.tick(1);
        awaitStatus(201, within, () -> web.post().uri("/api/v1/reservations").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", firstScheduleOf(1), "seatNumber", seatNumber)));
        long lock = System.nanoTime();
        System.out.printf("Redis back: scripts after %d ms, commands after %d ms, the seat lock after %d ms%n",
                (scripts - back) / 1_000_000, (commands - back) / 1_000_000, (lock - back) / 1_000_000);
        return Duration.ofNanos(lock - back);
    }

    /** Lettuce's connections (scripts and plain commands) of every context in this JVM; Redisson's pool grows and shrinks. */
    private long lettuceConnections() {
        return redis.execute(connection -> connection.serverCommands().getClientList())
                .filter(client -> "waiting-room".equals(client.getName()))
                .count().block(CALL);
    }
}
