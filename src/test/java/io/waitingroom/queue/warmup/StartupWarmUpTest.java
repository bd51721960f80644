package io.waitingroom.queue.warmup;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.waitingroom.WaitingRoomApplication;
import io.waitingroom.support.Slow;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fresh instance runs its hot paths before it says it is ready: readiness answers 503 while it
 * warms up and 200 after, the warm-up really went through the poll and entry paths, and it leaves
 * nothing behind in Redis.
 */
@Slow
class StartupWarmUpTest {

    @Test
    void readinessWaitsForTheWarmUpWhichLeavesNoTrace() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() ->
                new SpringApplicationBuilder(WaitingRoomApplication.class).run(
                        "--server.port=" + port,
                        "--waiting-room.warm-up.duration=3s",
                        "--spring.data.redis.timeout=3s", // as @IntegrationTest: a starved moment on CI is not what this is about
                        "--waiting-room.token-secret=warm-up-test-secret-of-32-bytes-ok",
                        "--waiting-room.admin-key=warm-up-admin"));
        WebClient client = WebClient.create("http://localhost:" + port);
        List<Integer> readiness = new ArrayList<>();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline && (readiness.isEmpty() || readiness.get(readiness.size() - 1) != 200)) {
                readiness.add(client.get().uri("/actuator/health/readiness")
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value()))
                        .onErrorResume(notListening -> Mono.just(0))
                        .block(Duration.ofSeconds(10)));
                Thread.sleep(100);
            }
            ConfigurableApplicationContext instance = starting.get(60, TimeUnit.SECONDS);

            assertThat(readiness).as("out of service while warming up, then ready").contains(503).endsWith(200);
            String metrics = client.get().uri("/actuator/prometheus").retrieve().bodyToMono(String.class).block(Duration.ofSeconds(10));
            assertThat(metrics).containsPattern("waiting_room_poll_seconds_count [1-9]\\d{2,}")
                    .containsPattern("waiting_room_problems_total\\{code=\"CONCERT_NOT_FOUND\",status=\"404\"} [1-9]")
                    .containsPattern("waiting_room_problems_total\\{code=\"TOKEN_INVALID\",status=\"401\"} [1-9]");
            assertThat(instance.getBean(ReactiveStringRedisTemplate.class).keys("wr:{0}:*").collectList().block(Duration.ofSeconds(10)))
                    .as("the warm-up line is gone").isEmpty();
        } finally {
            starting.get(60, TimeUnit.SECONDS).close();
        }
    }
}
