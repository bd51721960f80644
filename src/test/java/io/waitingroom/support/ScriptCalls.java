package io.waitingroom.support;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static io.waitingroom.support.Waits.CALL;

/** Every queue operation is a script: counts the EVAL/EVALSHA calls Redis has served, on every node (one, or each of a cluster). */
public final class ScriptCalls {

    private final ReactiveStringRedisTemplate redis;

    public ScriptCalls(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    public long count() {
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
}
