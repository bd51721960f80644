package io.waitingroom;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.waitingroom.support.CleanSlate;
import io.waitingroom.support.FrozenRedis;
import io.waitingroom.support.RowLock;
import io.waitingroom.support.Slow;
import io.waitingroom.support.StopsEmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admission scheduler and the hold sweep, running for real on the wall clock, keep their own
 * deadlines: a tick or a sweep that hangs (a frozen Redis, a silent database row) is abandoned,
 * counted, and the next one runs on time, so nothing stays stuck once the fault is gone. Freezes
 * the embedded Redis, so the real-Redis CI runs leave it out.
 */
@StopsEmbeddedRedis
@Slow
class SchedulerDeadlinesTest {

    private static final Duration CALL = Duration.ofSeconds(10);
    private static ConfigurableApplicationContext instance;
    private static WebClient client;

    @BeforeAll
    static void start() {
        instance = new SpringApplicationBuilder(WaitingRoomApplication.class)
                .run("--server.port=0",
                        "--waiting-room.warm-up.duration=0s",
                        "--waiting-room.tick-millis=100",
                        "--waiting-room.tick-deadline=300ms",
                        "--spring.data.redis.timeout=3s",
                        "--booking.hold-ttl=2s", // room for a slow machine between the hold and the test locking its row
                        "--booking.hold-sweep-interval=100ms",
                        "--booking.hold-sweep-deadline=300ms",
                        "--waiting-room.token-secret=scheduler-deadlines-test-secret-32b",
                        "--waiting-room.admin-key=deadlines-admin");
        instance.getBean(ReactiveStringRedisTemplate.class)
                .execute(connection -> connection.serverCommands().flushDb()).blockLast(CALL);
        DatabaseClient db = instance.getBean(DatabaseClient.class);
        for (String sql : CleanSlate.CLEAR_SALES) {
            db.sql(sql).then().block(CALL);
        }
        client = WebClient.create("http://localhost:" + instance.getEnvironment().getProperty("local.server.port"));
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @Test
    void ticksThatHangOnAFrozenRedisAreAbandonedOnTimeAndAdmissionGoesOnAfterwards() throws Exception {
        assertThat(admitted(enter(81_001))).as("the running scheduler admits").isTrue();
        double before = counter("waiting_room.tick.abandoned");

        try (FrozenRedis frozen = FrozenRedis.freeze()) {
            Thread.sleep(2_000);
        }
        double abandoned = counter("waiting_room.tick.abandoned") - before;

        // 2 s frozen, 300 ms deadline and a look every 100 ms: a tick was given up about every 400 ms,
        // instead of one tick waiting out the 3 s command timeout.
        assertThat(abandoned).isGreaterThanOrEqualTo(3);
        assertThat(admitted(enter(81_002))).as("admission goes on once Redis is back").isTrue();
    }

    @Test
    void aSweepThatHangsOnASilentRowIsAbandonedAndTheNextOneReleasesTheHold() throws Exception {
        String token = enter(81_100);
        assertThat(admitted(token)).isTrue();
        long reservationId = hold(token, 301, 7);
        double before = counter("waiting_room.hold_sweep.abandoned");

        DatabaseClient db = instance.getBean(DatabaseClient.class);
        try (RowLock silent = RowLock.on(db, instance.getBean(TransactionalOperator.class), "reservation", reservationId)) {
            Thread.sleep(3_500); // the hold lapses after 2 s; every sweep after that meets the lock
            assertThat(counter("waiting_room.hold_sweep.abandoned") - before).isGreaterThanOrEqualTo(2);
            assertThat(status(db, reservationId)).isEqualTo("HELD");
        }

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!"EXPIRED".equals(status(db, reservationId)) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(status(db, reservationId)).as("released by a sweep once the row answers").isEqualTo("EXPIRED");
        String seat = db.sql("SELECT status FROM seat WHERE schedule_id = 301 AND seat_number = 7")
                .map(row -> row.get(0, String.class)).one().block(CALL);
        assertThat(seat).isEqualTo("AVAILABLE");
    }

    private static double counter(String name) {
        return instance.getBean(MeterRegistry.class).counter(name).count();
    }

    @SuppressWarnings("unchecked")
    private static String enter(long userId) {
        Map<String, Object> entry = client.post().uri("/api/v1/queue/tokens").header("X-User-Id", Long.toString(userId))
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("concertId", 3))
                .retrieve().bodyToMono(Map.class).block(CALL);
        return (String) entry.get("token");
    }

    @SuppressWarnings("unchecked")
    private static boolean admitted(String token) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            Map<String, Object> position = client.get().uri("/api/v1/queue/tokens/me").header("Authorization", "Bearer " + token)
                    .retrieve().bodyToMono(Map.class).block(CALL);
            if ("ACTIVE".equals(position.get("status"))) {
                return true;
            }
            Thread.sleep(50);
        }
        return false;
    }

    @SuppressWarnings("unchecked")
    private static long hold(String token, long scheduleId, int seatNumber) {
        Map<String, Object> reservation = client.post().uri("/api/v1/reservations").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", scheduleId, "seatNumber", seatNumber))
                .retrieve().bodyToMono(Map.class).block(CALL);
        return ((Number) reservation.get("reservationId")).longValue();
    }

    private static String status(DatabaseClient db, long reservationId) {
        return db.sql("SELECT status FROM reservation WHERE id = :id").bind("id", reservationId)
                .map(row -> row.get(0, String.class)).one().block(CALL);
    }
}
