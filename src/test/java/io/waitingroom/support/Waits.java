package io.waitingroom.support;

import java.time.Duration;
import java.util.function.Supplier;

import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Waiting for the service to reach a state, always with a deadline. */
public final class Waits {

    /** The longest a test waits for one call to the service, Redis or the database: a stall fails, it never hangs. */
    public static final Duration CALL = Duration.ofSeconds(10);

    private Waits() {
    }

    /** Sends the request again (a fresh one each time) until it answers {@code expected}, for at most {@code within}. */
    public static void awaitStatus(int expected, Duration within, Supplier<WebTestClient.RequestHeadersSpec<?>> request) {
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

    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
