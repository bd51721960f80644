package io.waitingroom.common.redis;

import java.util.List;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.script.RedisScript;

/** Loads one atomic operation from {@code redis/<name>.lua} on the classpath (the repo's redis/ folder). */
public final class LuaScript {

    private LuaScript() {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    public static RedisScript<List<Object>> returningList(String name) {
        return (RedisScript) RedisScript.of(new ClassPathResource("redis/" + name + ".lua"), List.class);
    }

    public static RedisScript<Long> returningLong(String name) {
        return RedisScript.of(new ClassPathResource("redis/" + name + ".lua"), Long.class);
    }

    public static long asLong(Object value) {
        if (value instanceof Long number) {
            return number;
        }
        if (value == null) {
            return 0;
        }
        return Long.parseLong(value.toString());
    }
}
