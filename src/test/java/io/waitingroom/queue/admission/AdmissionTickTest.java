package io.waitingroom.queue.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.QueueCalls;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

class AdmissionTickTest extends TestBase {

    @Test
    void admitsExactlyTheFirstNInEntryOrder() {
        queue.putSettings(1, Map.of("admitPerTick", 3));
        List<String> tokens = new ArrayList<>();
        for (long user = 1; user <= 7; user++) {
            tokens.add(queue.tokenOf(user, 1));
        }

        assertThat(queue.tick(1)).isEqualTo(3);

        for (int i = 0; i < 7; i++) {
            Map<String, Object> position = queue.position(tokens.get(i));
            if (i < 3) {
                assertThat(position.get("status")).as("user %d", i + 1).isEqualTo("ACTIVE");
                assertThat(position.get("rank")).isEqualTo(0);
                assertThat(position.get("activeUntil")).isNotNull();
            } else {
                assertThat(position.get("status")).as("user %d", i + 1).isEqualTo("WAITING");
                assertThat(position.get("rank")).isEqualTo(i - 2);
                assertThat(position.get("waitingAhead")).isEqualTo(i - 3);
            }
        }
        assertThat(queue.tick(1)).isEqualTo(3);
        assertThat(queue.position(tokens.get(5)).get("status")).isEqualTo("ACTIVE");
        assertThat(queue.position(tokens.get(6)).get("rank")).isEqualTo(1);
    }

    @Test
    void neverAdmitsPastMaxActive() {
        queue.putSettings(1, Map.of("admitPerTick", 10, "maxActive", 4));
        for (long user = 1; user <= 12; user++) {
            queue.enter(user, 1);
        }

        assertThat(queue.tick(1)).isEqualTo(4);
        assertThat(queue.tick(1)).isZero();
        assertThat(redis.opsForZSet().size("wr:{1}:active").block(CALL)).isEqualTo(4);
        assertThat(redis.opsForZSet().size("wr:{1}:waiting").block(CALL)).isEqualTo(8);
    }

    @Test
    void leavingFreesTheActiveSlotAndTheNextWaiterComesIn() {
        queue.putSettings(1, Map.of("admitPerTick", 10, "maxActive", 2));
        String first = queue.tokenOf(1, 1);
        queue.tokenOf(2, 1);
        String third = queue.tokenOf(3, 1);
        assertThat(queue.tick(1)).isEqualTo(2);

        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + first)
                .exchange().expectStatus().isNoContent();

        assertThat(queue.position(first).get("status")).isEqualTo("EXPIRED");
        assertThat(queue.tick(1)).isEqualTo(1);
        assertThat(queue.position(third).get("status")).isEqualTo("ACTIVE");
    }

    @Test
    void leavingTheLineMovesEveryoneBehindUp() {
        String first = queue.tokenOf(1, 1);
        String second = queue.tokenOf(2, 1);
        String third = queue.tokenOf(3, 1);

        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + second)
                .exchange().expectStatus().isNoContent();

        assertThat(queue.position(first).get("rank")).isEqualTo(1);
        assertThat(queue.position(third).get("rank")).isEqualTo(2);
        assertThat(queue.position(second).get("status")).isEqualTo("EXPIRED");
    }

    @Test
    void expiredPassesStopCountingAgainstMaxActive() {
        queue.putSettings(1, Map.of("admitPerTick", 10, "maxActive", 2, "activeTtlSeconds", 60));
        String first = queue.tokenOf(1, 1);
        queue.tokenOf(2, 1);
        String third = queue.tokenOf(3, 1);
        assertThat(queue.tick(1)).isEqualTo(2);
        assertThat(queue.tick(1)).isZero();

        clock.advance(Duration.ofSeconds(61));

        assertThat(queue.position(first).get("status")).isEqualTo("EXPIRED");
        assertThat(queue.tick(1)).isEqualTo(1);
        assertThat(queue.position(third).get("status")).isEqualTo("ACTIVE");
        assertThat(redis.opsForZSet().size("wr:{1}:active").block(CALL)).isEqualTo(1);
    }

    @Test
    void pausedQueueAdmitsNobodyUntilResumed() {
        queue.putSettings(1, Map.of("paused", true));
        String token = queue.tokenOf(1, 1);

        assertThat(queue.tick(1)).isZero();
        assertThat(queue.position(token).get("status")).isEqualTo("WAITING");

        queue.putSettings(1, Map.of("paused", false));
        assertThat(queue.tick(1)).isEqualTo(1);
        assertThat(queue.position(token).get("status")).isEqualTo("ACTIVE");
    }

    @Test
    void waitersWhoStopPollingLoseTheirPlace() {
        queue.putSettings(1, Map.of("paused", true));
        String quiet = queue.tokenOf(1, 1);
        String polite = queue.tokenOf(2, 1);

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(30));
            queue.position(polite);
        }
        queue.tick(1);

        assertThat(queue.position(quiet).get("status")).isEqualTo("EXPIRED");
        assertThat(queue.position(polite).get("rank")).isEqualTo(1);
    }

    @Test
    void twoSchedulersTickingTogetherAdmitNoMoreThanOne() {
        queue.putSettings(1, Map.of("admitPerTick", 5, "maxActive", 1000));
        for (long user = 1; user <= 200; user++) {
            queue.enter(user, 1);
        }

        long admitted = 0;
        for (int round = 0; round < 10; round++) {
            clock.advance(Duration.ofMillis(QueueCalls.DEFAULT_TICK_MILLIS));
            // Two schedulers (as on two instances) fire the same tick at the same moment.
            admitted += Flux.merge(
                            Mono.defer(() -> admissionTick.run(1)).subscribeOn(Schedulers.parallel()),
                            Mono.defer(() -> admissionTick.run(1)).subscribeOn(Schedulers.parallel()))
                    .reduce(0L, Long::sum)
                    .block(Duration.ofSeconds(10));
        }

        assertThat(admitted).isEqualTo(50);
        assertThat(redis.opsForZSet().size("wr:{1}:active").block(CALL)).isEqualTo(50);
        assertThat(redis.opsForZSet().size("wr:{1}:waiting").block(CALL)).isEqualTo(150);
    }

    @Test
    void aTickIsNotDueAgainBeforeTickMillisPass() {
        queue.putSettings(1, Map.of("admitPerTick", 1, "tickMillis", 1000));
        for (long user = 1; user <= 5; user++) {
            queue.enter(user, 1);
        }

        assertThat(queue.tick(1)).isEqualTo(1);
        clock.advance(Duration.ofMillis(400));
        assertThat(admissionTick.run(1).block(CALL)).isZero();
        clock.advance(Duration.ofMillis(600));
        assertThat(admissionTick.run(1).block(CALL)).isEqualTo(1);
    }
}
