package io.waitingroom.queue.admission;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
        putSettings(1, Map.of("admitPerTick", 3));
        List<String> tokens = new ArrayList<>();
        for (long user = 1; user <= 7; user++) {
            tokens.add(tokenOf(user, 1));
        }

        assertThat(tick(1)).isEqualTo(3);

        for (int i = 0; i < 7; i++) {
            Map<String, Object> position = position(tokens.get(i));
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
        assertThat(tick(1)).isEqualTo(3);
        assertThat(position(tokens.get(5)).get("status")).isEqualTo("ACTIVE");
        assertThat(position(tokens.get(6)).get("rank")).isEqualTo(1);
    }

    @Test
    void neverAdmitsPastMaxActive() {
        putSettings(1, Map.of("admitPerTick", 10, "maxActive", 4));
        for (long user = 1; user <= 12; user++) {
            enter(user, 1);
        }

        assertThat(tick(1)).isEqualTo(4);
        assertThat(tick(1)).isZero();
        assertThat(redis.opsForZSet().size("wr:{1}:active").block(CALL)).isEqualTo(4);
        assertThat(redis.opsForZSet().size("wr:{1}:waiting").block(CALL)).isEqualTo(8);
    }

    @Test
    void leavingFreesTheActiveSlotAndTheNextWaiterComesIn() {
        putSettings(1, Map.of("admitPerTick", 10, "maxActive", 2));
        String first = tokenOf(1, 1);
        tokenOf(2, 1);
        String third = tokenOf(3, 1);
        assertThat(tick(1)).isEqualTo(2);

        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + first)
                .exchange().expectStatus().isNoContent();

        assertThat(position(first).get("status")).isEqualTo("EXPIRED");
        assertThat(tick(1)).isEqualTo(1);
        assertThat(position(third).get("status")).isEqualTo("ACTIVE");
    }

    @Test
    void leavingTheLineMovesEveryoneBehindUp() {
        String first = tokenOf(1, 1);
        String second = tokenOf(2, 1);
        String third = tokenOf(3, 1);

        web.delete().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + second)
                .exchange().expectStatus().isNoContent();

        assertThat(position(first).get("rank")).isEqualTo(1);
        assertThat(position(third).get("rank")).isEqualTo(2);
        assertThat(position(second).get("status")).isEqualTo("EXPIRED");
    }

    @Test
    void expiredPassesStopCountingAgainstMaxActive() {
        putSettings(1, Map.of("admitPerTick", 10, "maxActive", 2, "activeTtlSeconds", 60));
        String first = tokenOf(1, 1);
        tokenOf(2, 1);
        String third = tokenOf(3, 1);
        assertThat(tick(1)).isEqualTo(2);
        assertThat(tick(1)).isZero();

        clock.advance(Duration.ofSeconds(61));

        assertThat(position(first).get("status")).isEqualTo("EXPIRED");
        assertThat(tick(1)).isEqualTo(1);
        assertThat(position(third).get("status")).isEqualTo("ACTIVE");
        assertThat(redis.opsForZSet().size("wr:{1}:active").block(CALL)).isEqualTo(1);
    }

    @Test
    void pausedQueueAdmitsNobodyUntilResumed() {
        putSettings(1, Map.of("paused", true));
        String token = tokenOf(1, 1);

        assertThat(tick(1)).isZero();
        assertThat(position(token).get("status")).isEqualTo("WAITING");

        putSettings(1, Map.of("paused", false));
        assertThat(tick(1)).isEqualTo(1);
        assertThat(position(token).get("status")).isEqualTo("ACTIVE");
    }

    @Test
    void waitersWhoStopPollingLoseTheirPlace() {
        putSettings(1, Map.of("paused", true));
        String quiet = tokenOf(1, 1);
        String polite = tokenOf(2, 1);

        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofSeconds(30));
            position(polite);
        }
        tick(1);

        assertThat(position(quiet).get("status")).isEqualTo("EXPIRED");
        assertThat(position(polite).get("rank")).isEqualTo(1);
    }

    @Test
    void twoSchedulersTickingTogetherAdmitNoMoreThanOne() {
        putSettings(1, Map.of("admitPerTick", 5, "maxActive", 1000));
        for (long user = 1; user <= 200; user++) {
            enter(user, 1);
        }

        long admitted = 0;
        for (int round = 0; round < 10; round++) {
            clock.advance(Duration.ofMillis(DEFAULT_TICK_MILLIS));
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
        putSettings(1, Map.of("admitPerTick", 1, "tickMillis", 1000));
        for (long user = 1; user <= 5; user++) {
            enter(user, 1);
        }

        assertThat(tick(1)).isEqualTo(1);
        clock.advance(Duration.ofMillis(400));
        assertThat(admissionTick.run(1).block(CALL)).isZero();
        clock.advance(Duration.ofMillis(600));
        assertThat(admissionTick.run(1).block(CALL)).isEqualTo(1);
    }
}
