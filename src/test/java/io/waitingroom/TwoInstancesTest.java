package io.waitingroom;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.waitingroom.queue.admission.AdmissionTick;
import io.waitingroom.reservation.ExpiringHolds;
import io.waitingroom.support.CleanSlate;
import io.waitingroom.support.MutableClock;
import io.waitingroom.support.Slow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the service (two application contexts on two ports) over one Redis and one
 * database, sharing one hand-moved clock: together they behave as one.
 */
@Slow
class TwoInstancesTest {

    /** The longest the test waits for one call: a stall fails, it never hangs. */
    private static final Duration CALL = Duration.ofSeconds(10);

    private static final MutableClock CLOCK = new MutableClock();
    private static ConfigurableApplicationContext first;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void startTwoInstances() {
        first = start();
        second = start();
    }

    @AfterAll
    static void stopThem() {
        second.close();
        first.close();
    }

    private static ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(WaitingRoomApplication.class)
                .initializers(context -> context.getBeanFactory().registerSingleton("sharedTestClock", CLOCK))
                .run("--server.port=0",
                        "--waiting-room.warm-up.duration=0s",
                        "--spring.data.redis.timeout=3s", // as @IntegrationTest: a starved moment on CI is not what this is about
                        "--waiting-room.scheduler-enabled=false",
                        "--booking.hold-sweep-enabled=false",
                        "--waiting-room.token-secret=one-secret-for-every-instance-of-this-test",
                        "--waiting-room.admin-key=two-instances-admin");
    }

    @BeforeEach
    void cleanSlate() {
        first.getBean(ReactiveStringRedisTemplate.class)
                .execute(connection -> connection.serverCommands().flushDb()).blockLast(Duration.ofSeconds(10));
        DatabaseClient db = first.getBean(DatabaseClient.class);
        for (String sql : Stream.concat(CleanSlate.CLEAR_SALES.stream(), Stream.of("DELETE FROM point_ledger",
                "DELETE FROM point_wallet")).toList()) {
            db.sql(sql).then().block(Duration.ofSeconds(10));
        }
        CLOCK.reset();
    }

    @Test
    void admissionPerTickIsNotDoubledByTwoSchedulers() {
        WebClient a = client(first);
        settings(a, Map.of("admitPerTick", 7, "maxActive", 10_000));
        Flux.range(1, 300).flatMap(user -> enter(user % 2 == 0 ? a : client(second), user, 1), 32).blockLast(CALL);

        long admitted = 0;
        for (int round = 0; round < 10; round++) {
            CLOCK.advance(Duration.ofSeconds(1));
            admitted += Flux.merge(
                            Mono.defer(() -> first.getBean(AdmissionTick.class).run(1)).subscribeOn(Schedulers.parallel()),
                            Mono.defer(() -> second.getBean(AdmissionTick.class).run(1)).subscribeOn(Schedulers.parallel()))
                    .reduce(0L, Long::sum).block(CALL);
        }

        assertThat(admitted).isEqualTo(70);
    }

    @Test
    void aSeatRaceAcrossBothInstancesHasOneWinner() {
        WebClient a = client(first);
        WebClient b = client(second);
        settings(a, Map.of("admitPerTick", 100, "maxActive", 10_000));
        List<String> tokens = Flux.range(1, 100).flatMapSequential(user -> enter(user % 2 == 0 ? a : b, user, 1)).collectList().block(CALL);
        CLOCK.advance(Duration.ofSeconds(1));
        first.getBean(AdmissionTick.class).run(1).block(CALL);

        List<Integer> statuses = Flux.range(0, 100)
                .flatMap(i -> (i % 2 == 0 ? a : b).post().uri("/api/v1/reservations")
                        .header("Authorization", "Bearer " + tokens.get(i))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("scheduleId", 101, "seatNumber", 33))
                        .exchangeToMono(response -> response.releaseBody().thenReturn(response.statusCode().value())), 100)
                .collectList().block(CALL);

        assertThat(statuses.stream().filter(status -> status == 201)).hasSize(1);
        assertThat(statuses.stream().filter(status -> status == 409)).hasSize(99);
    }

    @Test
    void holdExpiryRunsOnceWhenBothInstancesSweep() {
        WebClient a = client(first);
        settings(a, Map.of("admitPerTick", 100, "maxActive", 10_000));
        List<String> tokens = Flux.range(1, 25).flatMapSequential(user -> enter(a, user, 1)).collectList().block(CALL);
        CLOCK.advance(Duration.ofSeconds(1));
        first.getBean(AdmissionTick.class).run(1).block(CALL);
        Flux.range(0, 25).flatMap(i -> a.post().uri("/api/v1/reservations")
                .header("Authorization", "Bearer " + tokens.get(i))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", 101, "seatNumber", i + 1))
                .retrieve().toBodilessEntity()).blockLast(CALL);
        CLOCK.advance(Duration.ofMinutes(6));

        long released = Flux.merge(
                        Mono.defer(() -> first.getBean(ExpiringHolds.class).sweep()).subscribeOn(Schedulers.parallel()),
                        Mono.defer(() -> second.getBean(ExpiringHolds.class).sweep()).subscribeOn(Schedulers.parallel()))
                .reduce(0L, Long::sum).block(CALL);

        assertThat(released).isEqualTo(25);
        long expired = first.getBean(DatabaseClient.class).sql("SELECT COUNT(*) FROM reservation WHERE status = 'EXPIRED'")
                .map(row -> ((Number) row.get(0)).longValue()).one().block(CALL);
        assertThat(expired).isEqualTo(25);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPreQueueFilledThroughBothInstancesOpensAsOneLineAndNobodyGetsInEarly() {
        WebClient a = client(first);
        WebClient b = client(second);
        String opensAt = java.time.Instant.now().plus(Duration.ofHours(1)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        settings(a, Map.of("saleOpensAt", opensAt, "admitPerTick", 10, "maxActive", 10_000));
        List<Map<String, Object>> entries = Flux.range(1, 60)
                .flatMapSequential(user -> (user % 2 == 0 ? a : b).post().uri("/api/v1/queue/tokens")
                        .header("X-User-Id", Long.toString(user)).contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("concertId", 1)).retrieve().bodyToMono(Map.class).map(body -> (Map<String, Object>) body))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(entries).allSatisfy(entry -> assertThat(entry).containsEntry("preQueue", true).containsEntry("rank", null));

        for (int round = 0; round < 3; round++) {
            CLOCK.advance(Duration.ofSeconds(1));
            assertThat(first.getBean(AdmissionTick.class).run(1).block(CALL)).isZero();
            assertThat(second.getBean(AdmissionTick.class).run(1).block(CALL)).isZero();
        }
        java.util.Map<String, Object> open = new java.util.HashMap<>();
        open.put("saleOpensAt", null);
        settings(a, open);
        CLOCK.advance(Duration.ofSeconds(1));
        // The other instance learns of the opening from Redis, on its own tick.
        assertThat(second.getBean(AdmissionTick.class).run(1).block(CALL)).isEqualTo(10);

        List<Object> ranks = Flux.fromIterable(entries)
                .flatMapSequential(entry -> b.get().uri("/api/v1/queue/tokens/me").header("Authorization", "Bearer " + entry.get("token"))
                        .retrieve().bodyToMono(Map.class).map(body -> body.get("status").equals("ACTIVE") ? 0 : body.get("rank")))
                .collectList().block(Duration.ofSeconds(30));
        assertThat(ranks.stream().filter(rank -> rank.equals(0))).hasSize(10);
        assertThat(ranks.stream().filter(rank -> !rank.equals(0)).map(rank -> ((Number) rank).intValue()).sorted().toList())
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 50).boxed().toList());
    }

    private static WebClient client(ConfigurableApplicationContext context) {
        return WebClient.create("http://localhost:" + context.getEnvironment().getProperty("local.server.port"));
    }

    private static void settings(WebClient client, Map<String, Object> settings) {
        client.put().uri("/admin/queues/1/settings").header("X-Admin-Key", "two-instances-admin")
                .contentType(MediaType.APPLICATION_JSON).bodyValue(settings)
                .retrieve().toBodilessEntity().block(CALL);
    }

    @SuppressWarnings("unchecked")
    private static Mono<String> enter(WebClient client, long userId, long concertId) {
        return client.post().uri("/api/v1/queue/tokens").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", concertId))
                .retrieve().bodyToMono(Map.class)
                .map(body -> (String) body.get("token"));
    }
}
