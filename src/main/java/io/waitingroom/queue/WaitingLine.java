package io.waitingroom.queue;

import java.util.List;
import java.util.Map;

import io.waitingroom.queue.LuaScripts.Script;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The queues in Redis: a typed wrapper over one Lua script per atomic operation (see redis/).
 * A reply with more than a yes or no in it is decoded by its own record, where its layout is
 * written down once: {@link EntryReply}, {@link PollReply}, {@link TickReply}, {@link StatsReply}.
 * Each call is one round trip; Lettuce's command timeout and its rejecting of commands while
 * disconnected (see InfrastructureConfig) make a missing Redis fail fast.
 */
@Component
public class WaitingLine {

    private static final Script ENTER = Script.load("enter_queue");
    private static final Script POLL = Script.load("poll_position");
    private static final Script CHECK_PASS = Script.load("check_pass");
    private static final Script GIVE_UP = Script.load("give_up_place");
    private static final Script TICK = Script.load("admission_tick");
    private static final Script STATS = Script.load("queue_stats");
    private static final Script CHANGE_SETTINGS = Script.load("change_settings");

    /** Places drawn before a sale opens lie in 1 .. 2^50 - 1; every later place is above them. */
    public static final long PRE_QUEUE_PLACES = 1L << 50;

    private final ReactiveStringRedisTemplate redis;
    private final LuaScripts scripts;
    private final String seenRefreshMillis;

    public WaitingLine(ReactiveStringRedisTemplate redis, LuaScripts scripts, WaitingRoomProperties properties) {
        this.redis = redis;
        this.scripts = scripts;
        // A waiter is evicted after the idle timeout; refreshing the mark four times within it is plenty.
        this.seenRefreshMillis = Long.toString(properties.waitingIdleTimeout().toMillis() / 4);
    }

    /** A rate limit as GCRA: one entry per {@code intervalMillis}, bursts of {@code burst}; interval 0 is off. */
    public record Limit(long intervalMillis, long burst) {
        public static final Limit OFF = new Limit(0, 0);
    }

    public Mono<EntryReply> enter(long concertId, long userId, String newTokenId, long now, long draw,
                                  long defaultSaleOpensAt, Limit perUser, Limit perAddress, String address) {
        QueueKeys keys = QueueKeys.of(concertId);
        return list(ENTER, keys.forEntry(userId, perAddress.intervalMillis() > 0 ? address : null),
                Long.toString(userId), newTokenId, Long.toString(now), Long.toString(draw), Long.toString(defaultSaleOpensAt),
                Long.toString(perUser.intervalMillis()), Long.toString(perUser.burst()),
                Long.toString(perAddress.intervalMillis()), Long.toString(perAddress.burst()))
                .map(EntryReply::from);
    }

    public Mono<PollReply> poll(long concertId, long userId, String tokenId, long now) {
        QueueKeys keys = QueueKeys.of(concertId);
        return one(POLL, keys.forToken(userId), Long.toString(userId), tokenId, Long.toString(now), seenRefreshMillis)
                .map(PollReply::from);
    }

    /** The pass expiry (ms) when the token is ACTIVE now, 0 otherwise. */
    public Mono<Long> activeUntil(long concertId, long userId, String tokenId, long now) {
        QueueKeys keys = QueueKeys.of(concertId);
        return one(CHECK_PASS, keys.forPass(userId), Long.toString(userId), tokenId, Long.toString(now));
    }

    public Mono<Boolean> giveUp(long concertId, long userId, String tokenId) {
        QueueKeys keys = QueueKeys.of(concertId);
        return one(GIVE_UP, keys.forToken(userId), Long.toString(userId), tokenId).map(ended -> ended == 1);
    }

    public Mono<TickReply> tick(long concertId, QueueSettings defaults, long idleTimeoutMillis, long windowMillis,
                                long timeConstantMillis, long now) {
        QueueKeys keys = QueueKeys.of(concertId);
        return list(TICK, keys.forTick(), Long.toString(now),
                Integer.toString(defaults.admitPerTick()), Long.toString(defaults.tickMillis()),
                Integer.toString(defaults.maxActive()), Long.toString(defaults.activeTtlSeconds()),
                defaults.paused() ? "1" : "0", Long.toString(idleTimeoutMillis), keys.passPrefix(),
                Long.toString(windowMillis), Long.toString(timeConstantMillis), Long.toString(defaults.saleOpensAtMillis()),
                Double.toString(defaults.maxActivePerFreeSeat()))
                .map(TickReply::from);
    }

    public Mono<StatsReply> counts(long concertId, long now, long windowMillis, long defaultSaleOpensAt) {
        QueueKeys keys = QueueKeys.of(concertId);
        return list(STATS, keys.forStats(), Long.toString(now), Long.toString(windowMillis), Long.toString(defaultSaleOpensAt))
                .map(StatsReply::from);
    }

    /** Removes a line whose users held no pass (the start-up warm-up's own line). */
    public Mono<Long> forget(long concertId) {
        return redis.delete(QueueKeys.of(concertId).wholeLine());
    }

    public Mono<Map<Object, Object>> settingsOverrides(long concertId) {
        return redis.opsForHash().entries(QueueKeys.of(concertId).settings())
                .collectMap(Map.Entry::getKey, Map.Entry::getValue);
    }

    /**
     * Saves the operator's settings; false when refused because the sale has opened with people
     * in line and the change would move its start back into the future.
     */
    public Mono<Boolean> changeSettings(long concertId, QueueSettings settings, long defaultSaleOpensAt, long now) {
        QueueKeys keys = QueueKeys.of(concertId);
        return one(CHANGE_SETTINGS, keys.forSettings(), Long.toString(defaultSaleOpensAt), Long.toString(now),
                "admitPerTick", Integer.toString(settings.admitPerTick()),
                "tickMillis", Long.toString(settings.tickMillis()),
                "maxActive", Integer.toString(settings.maxActive()),
                "activeTtlSeconds", Long.toString(settings.activeTtlSeconds()),
                "paused", settings.paused() ? "1" : "0",
                "saleOpensAt", settings.saleOpensAt() == null ? "" : Long.toString(settings.saleOpensAt().toEpochMilli()),
                "maxActivePerFreeSeat", Double.toString(settings.maxActivePerFreeSeat()))
                .map(applied -> applied == 1);
    }

    private Mono<List<Object>> list(Script script, String[] keys, String... args) {
        return scripts.list(script, keys, args);
    }

    private Mono<Long> one(Script script, String[] keys, String... args) {
        return scripts.integer(script, keys, args);
    }
}
