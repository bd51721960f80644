package io.waitingroom.queue.operator;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

/** The operators' event stream: admin key first, one event a second, one at once on a change, gone when the client goes. */
class QueueEventsTest extends TestBase {

    private static final ParameterizedTypeReference<ServerSentEvent<Map<String, Object>>> EVENT = new ParameterizedTypeReference<>() {
    };

    private Flux<Map<String, Object>> stream(long concertId, String key) {
        return http.get().uri("/admin/queues/{id}/events", concertId).header("X-Admin-Key", key)
                .accept(MediaType.TEXT_EVENT_STREAM)
                .retrieve().bodyToFlux(EVENT)
                .map(ServerSentEvent::data);
    }

    @Test
    void aWrongKeyIsRefusedBeforeAnyStream() {
        web.get().uri("/admin/queues/1/events").header("X-Admin-Key", "nope").accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.code").isEqualTo("ADMIN_KEY_REQUIRED");
    }

    @Test
    void eventsCarryTheNumbersEverySecondAndAChangeAtOnce() {
        queue.putSettings(1, Map.of("admitPerTick", 2, "tickMillis", 1000));
        for (long user = 1; user <= 5; user++) {
            queue.enter(user, 1);
        }
        queue.tick(1);

        StepVerifier.create(stream(1, ADMIN_KEY))
                .assertNext(first -> {
                    assertThat(first).containsKeys("waiting", "active", "admittedLastMinute", "measuredRate", "configuredRate",
                            "etaOfLastSeconds", "paused", "saleOpensAt", "settings", "at", "preQueue");
                    assertThat(first).containsEntry("waiting", 3).containsEntry("active", 2).containsEntry("admittedLastMinute", 2)
                            .containsEntry("configuredRate", 2.0).containsEntry("paused", false);
                })
                .then(() -> queue.putSettings(1, Map.of("paused", true)))
                .expectNextMatches(changed -> Boolean.TRUE.equals(changed.get("paused")) && changed.get("etaOfLastSeconds") == null)
                .thenCancel()
                .verify(Duration.ofSeconds(5));
    }

    @Test
    void aLineNoSchedulerLooksAtIsReadFromRedisThoughTheClockStandsStill() {
        // Schedulers are off here and the test clock does not move: the snapshot the clean slate's tick left
        // must not pass for fresh forever. Within a couple of seconds of real time the stream reads Redis.
        queue.putSettings(2, Map.of("saleOpensAt", clock.instant().plus(Duration.ofHours(2)).toString()));
        queue.enter(6, 2);

        Map<String, Object> seen = stream(2, ADMIN_KEY)
                .filter(event -> Integer.valueOf(1).equals(event.get("preQueue")))
                .next()
                .block(Duration.ofSeconds(6));
        assertThat(seen).containsEntry("preQueue", 1).containsEntry("waiting", 1);
    }

    @Test
    void aHundredConsolesShareOneStreamAndLeaveNothingBehind() throws Exception {
        long scriptsBefore = scriptCalls.count();
        List<Map<String, Object>> firsts = Flux.range(0, 100)
                .flatMap(console -> stream(2, ADMIN_KEY).take(2), 100)
                .collectList()
                .block(Duration.ofSeconds(10));
        assertThat(firsts).hasSize(200);
        // Nothing ticks concert 2 here, so its stream reads Redis: once a second for all hundred, not per console.
        assertThat(scriptCalls.count() - scriptsBefore).isLessThan(10);

        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String open = "";
        while (System.nanoTime() < deadline) {
            open = web.get().uri("/actuator/prometheus").exchange().expectBody(String.class).returnResult().getResponseBody();
            if (open.contains("waiting_room_console_streams 0.0")) {
                break;
            }
            Thread.sleep(100);
        }
        assertThat(open).as("every stream ended with its client").contains("waiting_room_console_streams 0.0");
    }
}
