package io.waitingroom.queue;

import java.util.List;
import java.util.Map;

import io.waitingroom.common.redis.LuaScript;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

import static io.waitingroom.common.redis.LuaScript.asLong;

/**
 * The queues in Redis: a typed wrapper over one Lua script per atomic operation (see redis/).
 * Each call is one round trip; Lettuce's command timeout and its rejecting of commands while
 * disconnected (see InfrastructureConfig) make a missing Redis fail fast.
 */
@Component
public class WaitingLine {

    private static final RedisScript<List<Object>> ENTER = LuaScript.returningList("enter_queue");
    private static final RedisScript<Long> POLL = LuaScript.returningLong("poll_position");
    private static final RedisScript<Long> CHECK_PASS = LuaScript.returningLong("check_pass");
    private static final RedisScript<Long> GIVE_UP = LuaScript.returningLong("give_up_place");
    private static final RedisScript<List<Object>> TICK = LuaScript.returningList("admission_tick");
    private static final RedisScript<List<Object>> STATS = LuaScript.returningList("queue_stats");

    private final ReactiveStringRedisTemplate redis;
    private final String seenRefreshMillis;

    public WaitingLine(ReactiveStringRedisTemplate redis, WaitingRoomProperties properties) {
        this.redis = redis;
        // A waiter is evicted after the idle timeout; refreshing the mark four times within it is plenty.
        this.seenRefreshMillis = Long.toString(properties.waitingIdleTimeout().toMillis() / 4);
    }

    record Place(QueueStatus status, String tokenId, long rank, long activeUntil, boolean created) {
    }

    record Position(QueueStatus status, long rank, long activeUntil) {
    }

    record TickResult(long admitted, long waiting, long active, long admittedInWindow,
                      long rateAdmitted, long rateMillis, QueueSettings settings) {
    }

    record Counts(long waiting, long active, long admittedInWindow, List<Object> rawSettings) {
    }

    Mono<Place> enter(long concertId, long userId, String newTokenId, long now) {
        QueueKeys keys = QueueKeys.of(concertId);
        return list(ENTER, keys.forEntry(userId), Long.toString(userId), newTokenId, Long.toString(now))
                .map(r -> new Place(QueueStatus.fromScript(asLong(r.get(0))), r.get(1).toString(),
                        asLong(r.get(2)), asLong(r.get(3)), asLong(r.get(4)) == 1));
    }

    Mono<Position> poll(QueueToken token, long now) {
        QueueKeys keys = QueueKeys.of(token.concertId());
        return one(POLL, keys.forToken(token.userId()), Long.toString(token.userId()), token.tokenId(), Long.toString(now),
                seenRefreshMillis)
                .map(answer -> answer > 0 ? new Position(QueueStatus.WAITING, answer, 0)
                        : answer < 0 ? new Position(QueueStatus.ACTIVE, 0, -answer)
                        : new Position(QueueStatus.EXPIRED, 0, 0));
    }

    /** The pass expiry (ms) when the token is ACTIVE now, 0 otherwise. */
    Mono<Long> activeUntil(QueueToken token, long now) {
        QueueKeys keys = QueueKeys.of(token.concertId());
        return one(CHECK_PASS, keys.forPass(token.userId()), Long.toString(token.userId()), token.tokenId(), Long.toString(now));
    }

    Mono<Boolean> giveUp(QueueToken token) {
        QueueKeys keys = QueueKeys.of(token.concertId());
        return one(GIVE_UP, keys.forToken(token.userId()), Long.toString(token.userId()), token.tokenId())
                .map(ended -> ended == 1);
    }

    Mono<TickResult> tick(long concertId, QueueSettings defaults, long idleTimeoutMillis, long rateWindowMillis, long now) {
        QueueKeys keys = QueueKeys.of(concertId);
        return list(TICK, keys.forTick(), Long.toString(now),
                Integer.toString(defaults.admitPerTick()), Long.toString(defaults.tickMillis()),
                Integer.toString(defaults.maxActive()), Long.toString(defaults.activeTtlSeconds()),
                defaults.paused() ? "1" : "0", Long.toString(idleTimeoutMillis), keys.passPrefix(),
                Long.toString(rateWindowMillis))
                .map(r -> new TickResult(asLong(r.get(0)), asLong(r.get(1)), asLong(r.get(2)), asLong(r.get(3)),
                        asLong(r.get(4)), asLong(r.get(5)),
                        new QueueSettings((int) asLong(r.get(6)), asLong(r.get(7)), (int) asLong(r.get(8)),
                                asLong(r.get(9)), asLong(r.get(10)) == 1)));
    }

    Mono<Counts> counts(long concertId, long now, long rateWindowMillis) {
        QueueKeys keys = QueueKeys.of(concertId);
        return list(STATS, keys.forStats(), Long.toString(now), Long.toString(rateWindowMillis))
                .map(r -> new Counts(asLong(r.get(0)), asLong(r.get(1)), asLong(r.get(2)), r.subList(3, 8)));
    }

    Mono<Map<Object, Object>> settingsOverrides(long concertId) {
        return redis.opsForHash().entries(QueueKeys.of(concertId).settings())
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    Mono<Void> saveSettings(long concertId, QueueSettings settings) {
        Map<String, String> fields = Map.of(
                "admitPerTick", Integer.toString(settings.admitPerTick()),
                "tickMillis", Long.toString(settings.tickMillis()),
                "maxActive", Integer.toString(settings.maxActive()),
                "activeTtlSeconds", Long.toString(settings.activeTtlSeconds()),
                "paused", settings.paused() ? "1" : "0");
        return redis.opsForHash().putAll(QueueKeys.of(concertId).settings(), fields).then();
    }

    private Mono<List<Object>> list(RedisScript<List<Object>> script, List<String> keys, String... args) {
        return redis.execute(script, keys, List.of(args))
                .collectList()
                .map(WaitingLine::flatten);
    }

    private Mono<Long> one(RedisScript<Long> script, List<String> keys, String... args) {
        return redis.execute(script, keys, List.of(args)).next();
    }

    /** The reactive driver may emit a multi-bulk reply as one list or element by element. */
    @SuppressWarnings("unchecked")
    private static List<Object> flatten(List<?> emitted) {
        if (emitted.size() == 1 && emitted.get(0) instanceof List<?> inner) {
            return (List<Object>) inner;
        }
        return (List<Object>) emitted;
    }

}
