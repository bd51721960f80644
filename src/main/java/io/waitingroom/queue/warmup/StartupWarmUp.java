package io.waitingroom.queue.warmup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.waitingroom.queue.EntryReply;
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
import org.springframework.stereotype.Component;
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
     * @param clients  connections sending at once (each a batch of pipelined requests)
     */
    @ConfigurationProperties("waiting-room.warm-up")
    record Settings(@DefaultValue("6s") Duration duration, @DefaultValue("4") int clients) {
    }

    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);
    private static final long LINE = 0;
    private static final int WAITERS = 500;
    private static final int BATCH = 64;
    private static final byte[] STATUS_LINE = "HTTP/1.1 ".getBytes(StandardCharsets.US_ASCII);
    /** Entries are for a concert that does not exist: through the entry route to its 404, touching no line. */
    private static final String ENTRY = "{\"concertId\":999999999}";

    private final Settings settings;
    private final WaitingLine line;
    private final QueueTokenCodec codec;

    StartupWarmUp(Settings settings, WaitingLine line, QueueTokenCodec codec) {
        this.settings = settings;
        this.line = line;
        this.codec = codec;
    }

    @EventListener
    void warmUp(ApplicationReadyEvent ready) {
        if (settings.duration().isZero() || !(ready.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        long started = System.nanoTime();
        AtomicLong requests = new AtomicLong();
        try {
            List<String> tokens = Flux.range(1, WAITERS)
                    .flatMap(user -> line.enter(LINE, user, QueueTokenCodec.newTokenId(), System.currentTimeMillis(), 1, 0,
                                    WaitingLine.Limit.OFF, WaitingLine.Limit.OFF, null)
                            .cast(EntryReply.Place.class)
                            .map(place -> codec.encode(new QueueToken(LINE, user, place.tokenId()))), 32)
                    .collectList()
                    .block(Duration.ofSeconds(30));
            byte[] batch = batch(tokens);
            long until = System.nanoTime() + settings.duration().toNanos();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < settings.clients(); i++) {
                Thread client = new Thread(() -> client(web.getWebServer().getPort(), batch, until, requests), "warm-up-" + i);
                client.setDaemon(true);
                client.start();
                clients.add(client);
            }
            for (Thread client : clients) {
                client.join(settings.duration().plusSeconds(10).toMillis());
            }
            log.info("Warmed up with {} requests in {} ms", requests.get(), (System.nanoTime() - started) / 1_000_000);
        } catch (RuntimeException | InterruptedException failed) {
            // A cold instance is slow for a while, not broken: say so and serve.
            log.warn("Warm-up stopped after {} requests: {}", requests.get(), failed.toString());
        } finally {
            line.forget(LINE)
                    .onErrorResume(error -> Mono.just(0L))
                    .block(Duration.ofSeconds(10));
        }
    }

    /**
     * One connection sending its batch of requests at once (HTTP/1.1 pipelining) and counting the
     * answers: the cheapest client there is, so that the warm-up's time goes to the server's code.
     */
    private static void client(int port, byte[] batch, long until, AtomicLong requests) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[64 * 1024];
            while (System.nanoTime() < until) {
                out.write(batch);
                out.flush();
                int answers = 0;
                int matched = 0;
                while (answers < BATCH) {
                    int read = in.read(buffer);
                    if (read < 0) {
                        return;
                    }
                    for (int i = 0; i < read; i++) {
                        // Count the status lines; a match may straddle two reads.
                        matched = buffer[i] == STATUS_LINE[matched] ? matched + 1 : buffer[i] == STATUS_LINE[0] ? 1 : 0;
                        if (matched == STATUS_LINE.length) {
                            answers++;
                            matched = 0;
                        }
                    }
                }
                requests.addAndGet(BATCH);
            }
        } catch (IOException stopped) {
            log.debug("A warm-up connection stopped: {}", stopped.toString());
        }
    }

    /** Polls of the line's waiters, with an entry (for a concert that does not exist) and a forged pass every tenth. */
    private static byte[] batch(List<String> tokens) {
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < BATCH; i++) {
            switch (i % 10) {
                case 0 -> requests.append("POST /api/v1/queue/tokens HTTP/1.1\r\nHost: localhost\r\nX-User-Id: ").append(1 + i)
                        .append("\r\nContent-Type: application/json\r\nContent-Length: ").append(ENTRY.length())
                        .append("\r\n\r\n").append(ENTRY);
                case 1 -> requests.append("GET /api/v1/queue/tokens/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer 0.1.forged.x")
                        .append(i).append("\r\n\r\n");
                default -> requests.append("GET /api/v1/queue/tokens/me HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer ")
                        .append(tokens.get(i % tokens.size())).append("\r\n\r\n");
            }
        }
        return requests.toString().getBytes(StandardCharsets.US_ASCII);
    }
}
