package io.waitingroom;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.waitingroom.support.Slow;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A freshly started instance, hit in its first second by everything at once: the page, the
 * concert list, entries for known and unknown concerts, queue numbers, operators changing the
 * settings, forged passes, and clients that hang up mid-request. This is where start-up races
 * live (the catalogue's first read, the first scripts, the first ticks). Every request must be
 * answered with its proper status within 10 s; a stall fails the test instead of hanging it.
 */
@Slow
class StartupBurstTest {

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(10);
    private static final String ADMIN_KEY = "burst-admin";

    private record Probe(String name, HttpMethod method, String path, Map<String, String> headers, Object body,
                         Set<Integer> expected) {
    }

    private record Outcome(Probe probe, int status, String error) {

        boolean ok() {
            return error == null && probe.expected().contains(status);
        }
    }

    @Test
    void everyRequestInTheFirstSecondIsAnsweredProperly() throws Exception {
        int port = freePort();
        CompletableFuture<ConfigurableApplicationContext> starting = CompletableFuture.supplyAsync(() ->
                new SpringApplicationBuilder(WaitingRoomApplication.class).run(
                        "--server.port=" + port,
                        "--waiting-room.tick-millis=200",
                        "--spring.data.redis.timeout=3s", // as @IntegrationTest: a starved moment on CI is not what this is about
                        "--waiting-room.token-secret=startup-burst-test-secret-of-32-bytes",
                        "--waiting-room.admin-key=" + ADMIN_KEY));
        try {
            awaitListening(port);
            long firstRequest = System.nanoTime();
            List<Probe> probes = probes();
            WebClient client = WebClient.create("http://localhost:" + port);
            Flux<Outcome> answered = Flux.fromIterable(probes).flatMap(probe -> send(client, probe), probes.size());
            Mono<Void> hangingUp = Flux.range(0, 20).flatMap(i -> hangUpMidRequest(port, i)).then();

            List<Outcome> outcomes = Mono.zip(answered.collectList(), hangingUp.thenReturn(true))
                    .map(both -> both.getT1())
                    .block(ANSWER_WITHIN.plusSeconds(5));
            System.out.printf("%d requests answered %d ms after the port opened%n",
                    outcomes.size(), (System.nanoTime() - firstRequest) / 1_000_000);

            List<Outcome> wrong = outcomes.stream().filter(outcome -> !outcome.ok()).toList();
            assertThat(wrong).as("requests without their proper answer within %s", ANSWER_WITHIN).isEmpty();
            assertThat(outcomes).hasSize(probes.size());
            assertThat(client.get().uri("/api/v1/concerts").retrieve().toBodilessEntity().block(ANSWER_WITHIN)
                    .getStatusCode().value()).as("still serving after the burst").isEqualTo(200);
        } finally {
            starting.get(60, TimeUnit.SECONDS).close();
        }
    }

    private static List<Probe> probes() {
        List<Probe> probes = new ArrayList<>();
        Map<String, String> admin = Map.of("X-Admin-Key", ADMIN_KEY);
        for (int i = 0; i < 300; i++) {
            long concert = 1 + i % 3;
            Probe probe = switch (i % 10) {
                case 0, 1 -> new Probe("concert list", HttpMethod.GET, "/api/v1/concerts", Map.of(), null, Set.of(200));
                case 2, 3, 4 -> new Probe("entry", HttpMethod.POST, "/api/v1/queue/tokens",
                        Map.of("X-User-Id", Long.toString(60_000 + i)), Map.of("concertId", concert), Set.of(201));
                case 5 -> new Probe("entry, unknown concert", HttpMethod.POST, "/api/v1/queue/tokens",
                        Map.of("X-User-Id", Long.toString(60_000 + i)), Map.of("concertId", 999), Set.of(404));
                case 6 -> new Probe("queue numbers", HttpMethod.GET, "/api/v1/concerts/" + (i % 20 == 6 ? 999 : concert) + "/queue",
                        Map.of(), null, i % 20 == 6 ? Set.of(404) : Set.of(200));
                case 7 -> new Probe("settings change", HttpMethod.PUT, "/admin/queues/" + concert + "/settings", admin,
                        Map.of("paused", i % 20 == 7, "tickMillis", 200), Set.of(200));
                case 8 -> new Probe("page", HttpMethod.GET, i % 20 == 8 ? "/" : "/app.js", Map.of(), null, Set.of(200));
                default -> new Probe("forged pass", HttpMethod.GET, "/api/v1/queue/tokens/me",
                        Map.of("Authorization", "Bearer 1.2.forged.signature"), null, Set.of(401));
            };
            probes.add(probe);
        }
        return probes;
    }

    private static Mono<Outcome> send(WebClient client, Probe probe) {
        WebClient.RequestBodySpec request = client.method(probe.method()).uri(probe.path())
                .headers(headers -> probe.headers().forEach(headers::set));
        WebClient.RequestHeadersSpec<?> ready = probe.body() == null ? request
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(probe.body());
        return ready.exchangeToMono(response -> response.releaseBody().thenReturn(new Outcome(probe, response.statusCode().value(), null)))
                .timeout(ANSWER_WITHIN)
                .onErrorResume(error -> Mono.just(new Outcome(probe, 0, error.toString())));
    }

    /** Half a request, then gone: the server must shrug it off. */
    private static Mono<Void> hangUpMidRequest(int port, int i) {
        return Mono.fromCallable(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("localhost", port), 2_000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/queue/tokens HTTP/1.1\r\nHost: localhost\r\nX-User-Id: " + (90_000 + i)
                        + "\r\nContent-Type: application/json\r\nContent-Length: 20\r\n\r\n{\"conc").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            return true;
        }).subscribeOn(Schedulers.boundedElastic()).then();
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket()) {
                probe.connect(new InetSocketAddress("localhost", port), 100);
                return;
            } catch (Exception notYet) {
                Thread.sleep(5);
            }
        }
        throw new AssertionError("the instance did not start listening on " + port);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
