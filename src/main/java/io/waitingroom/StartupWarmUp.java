package io.waitingroom;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.token.QueueToken;
import io.waitingroom.queue.token.QueueTokenCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Before the instance says it is ready, it runs its own hot paths for a few seconds, over real
 * HTTP on loopback against its real Redis, so that the JIT has compiled them by the time a load
 * balancer sends the stampede (cold, the poll ran at a fifth of its speed for the first seconds).
 * Spring Boot publishes readiness only after the ready event's listeners return, so
 * {@code /actuator/health/readiness} stays OUT_OF_SERVICE meanwhile.
 * <p>
 * It uses a line of its own, concert 0, which no catalogue has: polls go through the whole poll
 * path (signed pass, script, ETA, answer); entries go through the entry route to the 404 of a
 * concert that does not exist, and the entry script itself runs for the waiters of line 0;
 * forged passes take the 401 path. The line is deleted afterwards.
 */
@Component
class StartupWarmUp {

    /**
     * @param duration how long to run the hot paths (0: no warm-up)
     * @param clients  requests in flight at once
     */
    @ConfigurationProperties("waiting-room.warm-up")
    record Settings(@DefaultValue("4s") Duration duration, @DefaultValue("32") int clients) {
    }

    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);
    private static final long LINE = 0;
    private static final int WAITERS = 500;
    /** Entries are for a concert that does not exist: through the entry route to its 404, touching no line. */
    private static final long NO_CONCERT = 999_999_999L;

    private final Settings settings;
    private final WaitingLine line;
    private final QueueTokenCodec codec;
    private final ReactiveStringRedisTemplate redis;

    StartupWarmUp(Settings settings, WaitingLine line, QueueTokenCodec codec, ReactiveStringRedisTemplate redis) {
        this.settings = settings;
        this.line = line;
        this.codec = codec;
        this.redis = redis;
    }

    @EventListener
    void warmUp(ApplicationReadyEvent ready) {
        if (settings.duration().isZero() || !(ready.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        long started = System.nanoTime();
        WebClient self = WebClient.create("http://127.0.0.1:" + web.getWebServer().getPort());
        AtomicLong requests = new AtomicLong();
        try {
            List<String> tokens = Flux.range(1, WAITERS)
                    .flatMap(user -> line.enter(LINE, user, QueueTokenCodec.newTokenId(), System.currentTimeMillis(), 1, 0,
                                    WaitingLine.Limit.OFF, WaitingLine.Limit.OFF, null)
                            .cast(WaitingLine.Place.class)
                            .map(place -> codec.encode(new QueueToken(LINE, user, place.tokenId()))), 32)
                    .collectList()
                    .block(Duration.ofSeconds(30));
            long until = System.nanoTime() + settings.duration().toNanos();
            Flux.range(0, Integer.MAX_VALUE)
                    .takeWhile(i -> System.nanoTime() < until)
                    .flatMap(i -> request(self, tokens, i).doOnSuccess(done -> requests.incrementAndGet()), settings.clients())
                    .then()
                    .block(settings.duration().plusSeconds(30));
            log.info("Warmed up with {} requests in {} ms", requests.get(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException failed) {
            // A cold instance is slow for a while, not broken: say so and serve.
            log.warn("Warm-up stopped after {} requests: {}", requests.get(), failed.toString());
        } finally {
            String prefix = "wr:{" + LINE + "}:";
            redis.delete(prefix + "seq", prefix + "waiting", prefix + "seen", prefix + "tokens")
                    .onErrorResume(error -> Mono.just(0L))
                    .block(Duration.ofSeconds(10));
        }
    }

    private static Mono<Void> request(WebClient self, List<String> tokens, int i) {
        WebClient.RequestHeadersSpec<?> request = switch (i % 10) {
            case 0 -> self.post().uri("/api/v1/queue/tokens").header("X-User-Id", Long.toString(1 + i % 1000))
                    .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"concertId\":" + NO_CONCERT + "}");
            case 1 -> self.get().uri("/api/v1/queue/tokens/me").header(HttpHeaders.AUTHORIZATION, "Bearer 0.1.forged.x" + i);
            default -> self.get().uri("/api/v1/queue/tokens/me")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.get(i % tokens.size()));
        };
        return request.exchangeToMono(response -> response.releaseBody());
    }
}
