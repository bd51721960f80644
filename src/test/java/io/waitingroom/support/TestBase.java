package io.waitingroom.support;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.waitingroom.identity.IdentityMode;
import io.waitingroom.queue.admission.AdmissionTick;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared setup of the integration tests: a clean Redis and database before each test, the
 * hand-moved clock, and small helpers that speak the public HTTP API.
 */
@IntegrationTest
public abstract class TestBase {

    public static final String ADMIN_KEY = "test-admin-key";
    public static final long DEFAULT_TICK_MILLIS = 1000;
    /** The longest a test waits for one call to the service, Redis or the database: a stall fails, it never hangs. */
    protected static final Duration CALL = Duration.ofSeconds(10);

    @Autowired
    protected WebTestClient web;
    @Autowired
    protected MutableClock clock;
    @Autowired
    protected ReactiveStringRedisTemplate redis;
    @Autowired
    protected DatabaseClient db;
    @Autowired
    protected AdmissionTick admissionTick;
    @Autowired
    protected Environment environment;
    @LocalServerPort
    protected int port;

    /** For many requests in flight at once (WebTestClient waits for each exchange). */
    protected WebClient http;

    @BeforeEach
    void cleanSlate() {
        redis.execute(connection -> connection.serverCommands().flushDb()).blockLast(CALL);
        for (String sql : List.of("DELETE FROM payment", "DELETE FROM point_ledger", "DELETE FROM point_wallet",
                "DELETE FROM reservation", "UPDATE seat SET status = 'AVAILABLE'")) {
            db.sql(sql).then().block(CALL);
        }
        clock.reset();
        // This instance's snapshots of the lines (settings, counts, rates) would otherwise carry an
        // earlier test's state, a pause for instance, until a tick: refresh them from the clean Redis.
        for (long concert = 1; concert <= 3; concert++) {
            admissionTick.run(concert).block(CALL);
            // ...and leave each line as fresh as the flush left it: its first tick due at once.
            redis.delete("wr:{" + concert + "}:due", "wr:{" + concert + "}:rate").block(CALL);
        }
        http = WebClient.builder().baseUrl("http://localhost:" + port)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
                .build();
    }

    // ---- identity ----

    /** Names the caller of a user-scoped endpoint as this context's identity mode wants it. */
    protected void identify(HttpHeaders headers, long userId) {
        if (IdentityMode.of(environment) == IdentityMode.JWT) {
            headers.setBearerAuth(TestJwts.forUser(userId));
        } else {
            headers.set("X-User-Id", Long.toString(userId));
        }
    }

    // ---- queue helpers ----

    /** Every queue operation is a script: count EVAL/EVALSHA calls on every node (one, or each of a cluster). */
    protected long scriptCalls() {
        var info = redis.execute(connection -> connection.serverCommands().info("commandstats")).next().block(CALL);
        long calls = 0;
        for (String key : info.stringPropertyNames()) {
            if (key.endsWith("cmdstat_evalsha") || key.endsWith("cmdstat_eval")) {
                String stats = info.getProperty(key);
                calls += Long.parseLong(stats.substring(stats.indexOf("calls=") + 6, stats.indexOf(',')));
            }
        }
        return calls;
    }

    protected Map<String, Object> enter(long userId, long concertId) {
        return web.post().uri("/api/v1/queue/tokens")
                .headers(headers -> identify(headers, userId))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("concertId", concertId))
                .exchange()
                .expectStatus().is2xxSuccessful()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();
    }

    protected String tokenOf(long userId, long concertId) {
        return (String) enter(userId, concertId).get("token");
    }

    /** Lets one tick's worth of time pass and runs the admission tick, as the scheduler would. */
    protected long tick(long concertId) {
        clock.advance(Duration.ofMillis(DEFAULT_TICK_MILLIS));
        return admissionTick.run(concertId).block(Duration.ofSeconds(30));
    }

    /** A token that is ACTIVE for the concert. */
    protected String activeToken(long userId, long concertId) {
        String token = tokenOf(userId, concertId);
        tick(concertId);
        assertThat(position(token).get("status")).isEqualTo("ACTIVE");
        return token;
    }

    protected Map<String, Object> position(String token) {
        return web.get().uri("/api/v1/queue/tokens/me")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus().isOk()
                .expectBody(new org.springframework.core.ParameterizedTypeReference<Map<String, Object>>() {
                })
                .returnResult().getResponseBody();
    }

    /** Sends the request again (a fresh one each time) until it answers {@code expected}, for at most {@code within}. */
    protected void awaitStatus(int expected, Duration within, java.util.function.Supplier<WebTestClient.RequestHeadersSpec<?>> request) {
        long deadline = System.nanoTime() + within.toNanos();
        int status = 0;
        while (status != expected && System.nanoTime() < deadline) {
            status = request.get().exchange().returnResult(String.class).getStatus().value();
            if (status != expected) {
                sleep(Duration.ofMillis(20));
            }
        }
        assertThat(status).as("answered %d within %s", expected, within).isEqualTo(expected);
    }

    protected static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    protected void putSettings(long concertId, Map<String, Object> settings) {
        web.put().uri("/admin/queues/{id}/settings", concertId)
                .header("X-Admin-Key", ADMIN_KEY)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(settings)
                .exchange()
                .expectStatus().isOk();
    }

    /** Users 1..n, all admitted in one tick. */
    protected List<String> activeTokens(int n, long concertId) {
        putSettings(concertId, Map.of("admitPerTick", n, "maxActive", 10_000));
        List<String> tokens = concurrently(n, i -> send(http.post().uri("/api/v1/queue/tokens")
                        .headers(headers -> identify(headers, i + 1))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("concertId", concertId))))
                .stream().map(r -> r.body().replaceAll(".*\"token\":\"([^\"]+)\".*", "$1")).toList();
        tick(concertId);
        return tokens;
    }

    protected WebTestClient.ResponseSpec hold(String token, long scheduleId, int seatNumber) {
        return web.post().uri("/api/v1/reservations").header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue(Map.of("scheduleId", scheduleId, "seatNumber", seatNumber))
                .exchange();
    }

    protected long holdSeat(long userId, long concertId, long scheduleId, int seatNumber) {
        String token = activeToken(userId, concertId);
        return ((Number) hold(token, scheduleId, seatNumber).expectStatus().isCreated()
                .expectBody(Map.class).returnResult().getResponseBody().get("reservationId")).longValue();
    }

    // ---- booking helpers ----

    protected long firstScheduleOf(long concertId) {
        return concertId * 100 + 1;
    }

    protected String seatStatus(long scheduleId, int seatNumber) {
        return db.sql("SELECT status FROM seat WHERE schedule_id = :s AND seat_number = :n")
                .bind("s", scheduleId).bind("n", seatNumber)
                .map(row -> row.get(0, String.class)).one().block(CALL);
    }

    protected long balanceOf(long userId) {
        return db.sql("SELECT balance FROM point_wallet WHERE user_id = :u").bind("u", userId)
                .map(row -> row.get(0, Long.class)).one().defaultIfEmpty(0L).block(CALL);
    }

    protected long ledgerSumOf(long userId) {
        return db.sql("SELECT COALESCE(SUM(CASE WHEN type = 'CHARGE' THEN amount ELSE -amount END), 0) AS total FROM point_ledger WHERE user_id = :u")
                .bind("u", userId)
                .map(row -> ((Number) row.get("total")).longValue()).one().block(CALL);
    }

    protected long countRows(String sql) {
        return db.sql(sql).map(row -> ((Number) row.get(0)).longValue()).one().block(CALL);
    }

    protected void assertLedgerMatchesBalance(long... userIds) {
        for (long userId : userIds) {
            assertThat(ledgerSumOf(userId)).as("ledger sum of user %d", userId).isEqualTo(balanceOf(userId));
        }
    }

    /** Fires all requests at once and collects the statuses (and bodies) that came back. */
    protected <T> List<T> concurrently(int count, java.util.function.IntFunction<Mono<T>> request) {
        return Flux.range(0, count)
                .flatMap(request::apply, count)
                .collectList()
                .block(Duration.ofSeconds(120));
    }

    protected Mono<Response> send(WebClient.RequestHeadersSpec<?> spec) {
        return spec.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                .map(body -> new Response(response.statusCode().value(), body)));
    }

    public record Response(int status, String body) {

        public boolean hasCode(String code) {
            return body.contains("\"code\":\"" + code + "\"");
        }
    }
}
