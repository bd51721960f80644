package io.waitingroom.reservation;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.waitingroom.common.lock.NamedLocks;
import io.waitingroom.support.ManyClients.Response;
import io.waitingroom.support.TestBase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Mono;

import static io.waitingroom.support.BookingCalls.firstScheduleOf;
import static io.waitingroom.support.ManyClients.concurrently;
import static io.waitingroom.support.ManyClients.send;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same race with the lock made useless: every racer "gets" it. Only the conditional
 * AVAILABLE -> HELD update stands between them and a double booking, and it is enough.
 */
class SeatHoldWithoutLockTest extends TestBase {

    @TestConfiguration(proxyBeanMethods = false)
    static class NoLocks {

        @Bean
        @Primary
        NamedLocks noLocks() {
            return new NamedLocks() {
                @Override
                public <T> Mono<T> withLock(String name, Duration wait, Duration lease, Supplier<Mono<T>> work,
                                            Supplier<? extends RuntimeException> whenBusy) {
                    return Mono.defer(work);
                }
            };
        }
    }

    @Test
    void twoHundredRacersWithoutALockStillGetExactlyOneHold() {
        long schedule = firstScheduleOf(1);
        List<String> tokens = queue.activeTokens(200, 1);

        List<Response> responses = concurrently(200, i -> send(http.post().uri("/api/v1/reservations")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("scheduleId", schedule, "seatNumber", 9))));

        assertThat(responses.stream().filter(r -> r.status() == 201)).hasSize(1);
        assertThat(responses.stream().filter(r -> r.status() == 409 && r.hasCode("SEAT_UNAVAILABLE"))).hasSize(199);
        assertThat(records.countRows("SELECT COUNT(*) FROM reservation")).isEqualTo(1);
        assertThat(records.seatStatus(schedule, 9)).isEqualTo("HELD");
    }
}
