package io.waitingroom.bench;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import io.waitingroom.queue.EntryReply;
import io.waitingroom.queue.QueueSettings;
import io.waitingroom.queue.WaitingLine;
import io.waitingroom.queue.admission.AdmissionTick;
import io.waitingroom.queue.token.QueueToken;
import io.waitingroom.queue.token.QueueTokenCodec;
import org.springframework.context.annotation.Profile;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Benchmark-only handlers (profile {@code bench}, test code): the two references the product's
 * endpoints are measured against, and the setup and timing of the queue figures that wrk cannot
 * take. Driven by src/bench/run.sh.
 */
@Profile("bench")
@RestController
@RequestMapping("/bench")
class QueueBenchmark {

    static final String REFERENCE_SET = "bench:{ref}:zset";

    private final ReactiveStringRedisTemplate redis;
    private final WaitingLine line;
    private final QueueTokenCodec codec;
    private final AdmissionTick tick;
    private final Clock clock;
    private final org.springframework.core.env.Environment environment;

    QueueBenchmark(ReactiveStringRedisTemplate redis, WaitingLine line, QueueTokenCodec codec, AdmissionTick tick, Clock clock,
                   org.springframework.core.env.Environment environment) {
        this.redis = redis;
        this.line = line;
        this.codec = codec;
        this.tick = tick;
        this.clock = clock;
        this.environment = environment;
    }

    /** Where this instance's Redis is, so that the other instances of a benchmark run can share it. */
    @GetMapping("/redis")
    Mono<String> redisAddress() {
        return Mono.just(environment.getProperty("spring.data.redis.host") + ":" + environment.getProperty("spring.data.redis.port"));
    }

    record Pong(String status, long value) {
    }

    record Rank(long rank) {
    }

    record Fill(long concertId, long users, long millis, double bytesPerWaitingUser, List<String> sampleTokens) {
    }

    record Tick(long users, long admitted, double millis) {
    }

    private static final Pong PONG = new Pong("ok", 42);

    /** The HTTP floor of this stack: a constant small JSON. */
    @GetMapping("/const")
    Mono<Pong> constant() {
        return Mono.just(PONG);
    }

    /** One reactive Redis round trip: ZRANK on a 2,000-member set. */
    @GetMapping("/zrank/{member}")
    Mono<Rank> zrank(@PathVariable String member) {
        return redis.opsForZSet().rank(REFERENCE_SET, member).defaultIfEmpty(-1L).map(Rank::new);
    }

    /**
     * The same two references as a bare WebFlux app answers them: no per-request observation
     * ({@link BareReferences} leaves /bench/bare/ out of it), as the product's poll and entry.
     */
    @GetMapping("/bare/const")
    Mono<Pong> bareConstant() {
        return constant();
    }

    @GetMapping("/bare/zrank/{member}")
    Mono<Rank> bareZrank(@PathVariable String member) {
        return zrank(member);
    }

    private static final org.springframework.data.redis.core.script.RedisScript<Long> ZRANK_SCRIPT =
            org.springframework.data.redis.core.script.RedisScript.of("return redis.call('ZRANK', KEYS[1], ARGV[1])", Long.class);

    /** Diagnostic: the same ZRANK as a one-line Lua script, to separate script-call cost from the poll's own work. */
    @GetMapping("/zrank-script/{member}")
    Mono<Rank> zrankScript(@PathVariable String member) {
        return redis.execute(ZRANK_SCRIPT, List.of(REFERENCE_SET), List.of(member)).next().defaultIfEmpty(-1L).map(Rank::new);
    }

    /** Diagnostic: the poll's token check and Redis script only (no ETA, no headers, no metrics). */
    @GetMapping("/poll-raw")
    Mono<Rank> pollRaw(@org.springframework.web.bind.annotation.RequestHeader("Authorization") String authorization) {
        QueueToken token = codec.decodeBearer(authorization);
        return line.poll(token.concertId(), token.userId(), token.tokenId(), clock.millis()).map(position -> new Rank(position.rank()));
    }

    @PostMapping("/reference")
    Mono<Long> reference(@RequestParam(defaultValue = "2000") int members) {
        return redis.delete(REFERENCE_SET)
                .thenMany(Flux.range(0, members).buffer(500).concatMap(batch -> redis.opsForZSet().addAll(REFERENCE_SET,
                        new java.util.HashSet<>(batch.stream().map(i -> org.springframework.data.redis.core.ZSetOperations.TypedTuple.of("m" + i, (double) i)).toList()))))
                .then(redis.opsForZSet().size(REFERENCE_SET));
    }

    /** Puts users 1..n in a concert's line (through the real entry script) and samples their tokens. */
    @PostMapping("/fill")
    Mono<Fill> fill(@RequestParam long concertId, @RequestParam int users, @RequestParam(defaultValue = "1000") int samples) {
        int every = Math.max(1, users / samples);
        AtomicLong started = new AtomicLong();
        return usedMemory()
                .flatMap(before -> Mono.fromRunnable(() -> started.set(System.nanoTime()))
                        .thenMany(Flux.range(1, users).flatMap(user -> enter(concertId, user)
                                .map(place -> new QueueToken(concertId, user, place.tokenId())), 256))
                        .filter(token -> token.userId() % every == 0)
                        .map(codec::encode)
                        .collectList()
                        .flatMap(tokens -> {
                            long millis = (System.nanoTime() - started.get()) / 1_000_000;
                            return usedMemory().map(after -> new Fill(concertId, users, millis,
                                    (after - before) / (double) users, tokens));
                        }));
    }

    /** Times one admission tick that moves every waiter of a fresh queue (not in the catalogue, so no scheduler touches it). */
    @PostMapping("/tick")
    Mono<Tick> tick(@RequestParam(defaultValue = "9999") long concertId, @RequestParam int users) {
        String prefix = "wr:{" + concertId + "}:";
        return redis.delete(prefix + "waiting", prefix + "seen", prefix + "tokens", prefix + "active", prefix + "due",
                        prefix + "admissions", prefix + "seq", prefix + "rate", prefix + "settings")
                .then(line.changeSettings(concertId, new QueueSettings(users, 1000, users * 2, 1800, false, null), 0, clock.millis()))
                .thenMany(Flux.range(1, users).flatMap(user -> enter(concertId, user), 256))
                .then(Mono.defer(() -> {
                    long start = System.nanoTime();
                    return tick.run(concertId).map(admitted -> new Tick(users, admitted, (System.nanoTime() - start) / 1e6));
                }));
    }

    /** The real entry script, without limits: the benchmark enters many users from one place. */
    private Mono<EntryReply.Place> enter(long concertId, long userId) {
        return line.enter(concertId, userId, QueueTokenCodec.newTokenId(), clock.millis(), 1, 0,
                        WaitingLine.Limit.OFF, WaitingLine.Limit.OFF, null)
                .cast(EntryReply.Place.class);
    }

    private Mono<Long> usedMemory() {
        return redis.execute(connection -> connection.serverCommands().info("memory"))
                .next()
                .map(info -> Long.parseLong(info.getProperty("used_memory")));
    }
}
