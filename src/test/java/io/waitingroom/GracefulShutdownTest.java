package io.waitingroom;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.waitingroom.support.CleanSlate;
import org.junit.jupiter.api.Test;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Stopping an instance lets the request in flight finish, and its scheduler stops with it. */
class GracefulShutdownTest {

    private static final String SEAT_LOCK = "lock:seat:201:44";

    @Test
    void aHoldInFlightFinishesWhileTheInstanceStops() throws Exception {
        ConfigurableApplicationContext instance = new SpringApplicationBuilder(WaitingRoomApplication.class)
                .run("--server.port=0",
                        "--waiting-room.warm-up.duration=0s",
                        "--spring.data.redis.timeout=3s", // as @IntegrationTest: a starved moment on CI is not what this is about
                        "--waiting-room.tick-millis=100",
                        "--booking.hold-sweep-enabled=false",
                        "--booking.seat-lock-wait=10s",
                        "--waiting-room.token-secret=graceful-shutdown-test-secret",
                        "--waiting-room.admin-key=graceful-admin");
        try {
            instance.getBean(ReactiveStringRedisTemplate.class)
                    .execute(connection -> connection.serverCommands().flushDb()).blockLast(Duration.ofSeconds(10));
            DatabaseClient db = instance.getBean(DatabaseClient.class);
            for (String sql : CleanSlate.CLEAR_SALES) {
                db.sql(sql).then().block(Duration.ofSeconds(10));
            }
            SmartLifecycle scheduler = instance.getBean("admissionScheduler", SmartLifecycle.class);
            WebClient client = WebClient.create("http://localhost:" + instance.getEnvironment().getProperty("local.server.port"));
            String token = admittedToken(client, 90_001);

            // The test holds the seat's lock, so the hold request waits inside the service.
            RedissonClient redisson = instance.getBean(RedissonClient.class);
            RLock seatLock = redisson.getLock(SEAT_LOCK);
            assertThat(seatLock.tryLock(1, 30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Integer> hold = client.post().uri("/api/v1/reservations")
                    .header("Authorization", "Bearer " + token)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(Map.of("scheduleId", 201, "seatNumber", 44))
                    .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                    .toFuture();
            awaitWaiterOn(redisson);
            assertThat(hold).as("the hold waits for the lock").isNotDone();

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(instance::close);
            Thread.sleep(500);
            assertThat(stopping).as("shutdown waits for the request in flight").isNotDone();
            seatLock.unlock();

            assertThat(hold.get(20, TimeUnit.SECONDS)).isEqualTo(201);
            stopping.get(30, TimeUnit.SECONDS);
            assertThat(instance.isActive()).isFalse();
            assertThat(scheduler.isRunning()).isFalse();
        } finally {
            // A failed run must not leave a scheduler ticking on the shared Redis under the later test classes.
            if (instance.isActive()) {
                instance.close();
            }
        }
    }

    /** A request waiting for a Redisson lock listens on the lock's channel: wait for that, not for a guessed time. */
    private static void awaitWaiterOn(RedissonClient redisson) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (redisson.getTopic("redisson_lock__channel:{" + SEAT_LOCK + "}").countSubscribers() < 1) {
            assertThat(System.nanoTime()).as("the hold request reached the seat lock").isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @SuppressWarnings("unchecked")
    private static String admittedToken(WebClient client, long userId) throws InterruptedException {
        Map<String, Object> entry = client.post().uri("/api/v1/queue/tokens").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 2))
                .retrieve().bodyToMono(Map.class).block(Duration.ofSeconds(10));
        String token = (String) entry.get("token");
        // This instance's own scheduler admits the user within a tick or two.
        for (int attempt = 0; attempt < 100; attempt++) {
            Map<String, Object> position = client.get().uri("/api/v1/queue/tokens/me").header("Authorization", "Bearer " + token)
                    .retrieve().bodyToMono(Map.class).block(Duration.ofSeconds(10));
            if ("ACTIVE".equals(position.get("status"))) {
                return token;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("user " + userId + " was not admitted by the running scheduler");
    }
}
